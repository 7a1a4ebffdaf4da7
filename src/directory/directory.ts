/**
 * The directory as call flows read it: dial plans, IP gateways, hunt groups, mailbox policies,
 * users and auto attendants, indexed for the questions routing and the applications ask. Built
 * from a DirectorySnapshot (the store's, or one made from the configuration file); read-only and
 * cheap to rebuild, so an edited directory is a new Directory, never a changed one.
 *
 * Numbers are matched by the rules of ./numbers.ts: the number itself, then ever shorter tails
 * of it down to the dial plan's extension length; the most specific match wins. A lookup without
 * a dial plan answers only when exactly one dial plan has a match (extensions are unique per dial
 * plan, not across them).
 *
 * The snapshot is trusted to have passed the configuration checks (config/crossCheck.ts); an
 * entry that names a missing dial plan or policy simply is not found, nothing throws.
 */
import type {
  AutoAttendantConfig,
  Config,
  DialPlanConfig,
  GatewayConfig,
  HuntGroupConfig,
  MailboxPolicyConfig,
} from '../config/index.js';
import type { DirectorySnapshot, StoredUser } from '../store/index.js';
import { snapshotFromConfig } from './fromConfig.js';
import { lookupKeys } from './numbers.js';

/** What a number reaches in a dial plan, at the most specific key any of them matched. */
export interface NumberOwners {
  /** The key (number or tail of it) that matched. */
  key: string;
  autoAttendant: AutoAttendantConfig | null;
  voiceAccess: boolean;
  /** A hunt group of the gateway asked about whose pilot is this number. */
  huntGroup: HuntGroupConfig | null;
  user: StoredUser | null;
}

interface PlanIndex {
  plan: DialPlanConfig;
  users: Map<string, StoredUser>;
  attendantNumbers: Map<string, AutoAttendantConfig>;
  voiceAccessNumbers: Set<string>;
}

function mapBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T> {
  const map = new Map<K, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}

/** The first of `keys` present in `map`, with its key. */
function firstHit<T>(keys: readonly string[], map: ReadonlyMap<string, T>): { key: string; value: T } | null {
  for (const key of keys) {
    const value = map.get(key);
    if (value !== undefined) return { key, value };
  }
  return null;
}

export class Directory {
  readonly #plans: Map<string, PlanIndex>;
  readonly #gateways: Map<string, GatewayConfig>;
  readonly #policies: Map<string, MailboxPolicyConfig>;
  readonly #attendants: Map<string, AutoAttendantConfig>;
  readonly #huntGroups: Map<string, HuntGroupConfig[]>;
  readonly #snapshot: DirectorySnapshot;

  private constructor(snapshot: DirectorySnapshot) {
    this.#snapshot = snapshot;
    this.#plans = new Map();
    for (const plan of snapshot.dialPlans) {
      if (this.#plans.has(plan.name)) continue;
      this.#plans.set(plan.name, { plan, users: new Map(), attendantNumbers: new Map(), voiceAccessNumbers: new Set(plan.voiceAccessNumbers) });
    }
    for (const user of snapshot.users) {
      const index = this.#plans.get(user.dialPlan);
      if (index && !index.users.has(user.extension)) index.users.set(user.extension, user);
    }
    for (const attendant of snapshot.autoAttendants) {
      const index = this.#plans.get(attendant.dialPlan);
      if (!index) continue;
      for (const n of attendant.numbers) if (!index.attendantNumbers.has(n)) index.attendantNumbers.set(n, attendant);
    }
    this.#gateways = mapBy(snapshot.gateways, (g) => g.name);
    this.#policies = mapBy(snapshot.mailboxPolicies, (p) => p.name);
    this.#attendants = mapBy(snapshot.autoAttendants, (a) => a.name);
    this.#huntGroups = new Map();
    for (const group of snapshot.huntGroups) {
      const list = this.#huntGroups.get(group.gateway) ?? [];
      list.push(group);
      this.#huntGroups.set(group.gateway, list);
    }
  }

  static fromSnapshot(snapshot: DirectorySnapshot): Directory {
    return new Directory(snapshot);
  }

  /** A directory straight from the configuration file, users in their default run-time state (tools, tests). */
  static fromConfig(config: Config): Directory {
    return new Directory(snapshotFromConfig(config));
  }

  /** What the directory was built from. */
  get snapshot(): DirectorySnapshot {
    return this.#snapshot;
  }

  dialPlan(name: string): DialPlanConfig | null {
    return this.#plans.get(name)?.plan ?? null;
  }

  gatewayByName(name: string): GatewayConfig | null {
    return this.#gateways.get(name) ?? null;
  }

  /** The dial plan a gateway's calls belong to unless a hunt group says otherwise. */
  dialPlanOfGateway(gatewayName: string): DialPlanConfig | null {
    const gateway = this.#gateways.get(gatewayName);
    return gateway ? this.dialPlan(gateway.dialPlan) : null;
  }

  policyOf(user: StoredUser): MailboxPolicyConfig | null {
    return this.#policies.get(user.mailboxPolicy) ?? null;
  }

  autoAttendant(name: string): AutoAttendantConfig | null {
    return this.#attendants.get(name) ?? null;
  }

  /** The operator's extension (dial plan operatorExtension), or null. */
  operatorOf(dialPlan: string): string | null {
    return this.dialPlan(dialPlan)?.operatorExtension ?? null;
  }

  /**
   * The user with exactly this extension, in `dialPlan` or, without one, in the only dial plan
   * that has it. Disabled users are found too: callers decide what a disabled mailbox means.
   */
  user(extension: string, dialPlan?: string): StoredUser | null {
    return this.#inPlans(dialPlan, (index) => index.users.get(extension) ?? null);
  }

  /**
   * The user a number reaches: the extension itself, or an E.164 / national / SIP-user form whose
   * tail is the extension (see ./numbers.ts). Without a dial plan, only when one plan matches.
   */
  userByNumber(number: string, dialPlan?: string): StoredUser | null {
    return this.#inPlans(dialPlan, (index) => firstHit(lookupKeys(number, index.plan), index.users)?.value ?? null);
  }

  /** The hunt group of this gateway whose pilot the number is (the most specific one). */
  huntGroup(gatewayName: string, pilot: string): HuntGroupConfig | null {
    let best: { group: HuntGroupConfig; length: number } | null = null;
    for (const group of this.#huntGroups.get(gatewayName) ?? []) {
      const plan = this.dialPlan(group.dialPlan);
      if (!plan) continue;
      const matches = lookupKeys(pilot, plan).includes(group.pilotNumber);
      if (matches && (best === null || group.pilotNumber.length > best.length)) best = { group, length: group.pilotNumber.length };
    }
    return best?.group ?? null;
  }

  autoAttendantByNumber(dialPlan: string, number: string): AutoAttendantConfig | null {
    const index = this.#plans.get(dialPlan);
    return index ? (firstHit(lookupKeys(number, index.plan), index.attendantNumbers)?.value ?? null) : null;
  }

  isVoiceAccessNumber(dialPlan: string, number: string): boolean {
    const index = this.#plans.get(dialPlan);
    return index !== undefined && lookupKeys(number, index.plan).some((k) => index.voiceAccessNumbers.has(k));
  }

  /**
   * Everything a number reaches in a dial plan (auto attendant, voice access, a pilot of
   * `gatewayName`, a user), at the most specific key that reaches anything: "+14255558000" is
   * the auto attendant numbered "4255558000" even when "8000" is a user's extension.
   */
  ownersOf(number: string, dialPlan: string, gatewayName?: string): NumberOwners | null {
    const index = this.#plans.get(dialPlan);
    if (!index) return null;
    const pilots = new Map<string, HuntGroupConfig>();
    for (const group of gatewayName === undefined ? [] : (this.#huntGroups.get(gatewayName) ?? [])) {
      if (group.dialPlan === dialPlan && !pilots.has(group.pilotNumber)) pilots.set(group.pilotNumber, group);
    }
    for (const key of lookupKeys(number, index.plan)) {
      const owners: NumberOwners = {
        key,
        autoAttendant: index.attendantNumbers.get(key) ?? null,
        voiceAccess: index.voiceAccessNumbers.has(key),
        huntGroup: pilots.get(key) ?? null,
        user: index.users.get(key) ?? null,
      };
      if (owners.autoAttendant || owners.voiceAccess || owners.huntGroup || owners.user) return owners;
    }
    return null;
  }

  /** Enabled users of a dial plan sorted by name in its language (dial by name), then by extension. */
  usersByName(dialPlan: string): StoredUser[] {
    const index = this.#plans.get(dialPlan);
    if (!index) return [];
    const collator = new Intl.Collator(index.plan.language, { sensitivity: 'base' });
    return [...index.users.values()]
      .filter((u) => u.enabled)
      .sort((a, b) => collator.compare(a.name, b.name) || (a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0));
  }

  /** `find` in one dial plan, or in all of them when exactly one answers. */
  #inPlans<T>(dialPlan: string | undefined, find: (index: PlanIndex) => T | null): T | null {
    if (dialPlan !== undefined) {
      const index = this.#plans.get(dialPlan);
      return index ? find(index) : null;
    }
    let found: T | null = null;
    for (const index of this.#plans.values()) {
      const hit = find(index);
      if (hit === null) continue;
      if (found !== null) return null;
      found = hit;
    }
    return found;
  }
}
