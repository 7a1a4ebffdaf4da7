import type { AutoAttendantConfig, Config, DialPlanConfig, MailboxPolicyConfig, UserConfig } from './schema.js';
import type { KeyPath, PathIssue } from './issues.js';
import { isCommonPinPattern } from './pin.js';

/**
 * Checks that need the whole configuration: names are unique, references point at something that
 * exists, numbers within a dial plan reach exactly one thing, PINs satisfy their policy.
 *
 * One overlap is allowed on purpose: a hunt group pilot number may equal a voice access number (the
 * usual setup: calls diverted to the pilot reach call answering, direct calls reach voice access)
 * or an auto attendant number. In the latter case the auto attendant answers direct calls to that
 * pilot, and a warning says so (voice access is then reachable only through its own number).
 *
 * The rules for one user are shared with checkUserInDirectory, which applies them to a user added
 * or changed outside the file (CLI, API) against the directory in the store.
 *
 * Messages never contain a PIN.
 */
export interface CrossCheckResult {
  errors: PathIssue[];
  warnings: PathIssue[];
}

/** The directory sections of a configuration: all that crossCheck reads (the store's directory has the same shapes). */
export type DirectoryConfig = Pick<Config, 'dialPlans' | 'gateways' | 'huntGroups' | 'mailboxPolicies' | 'users' | 'autoAttendants'>;

function known(names: readonly string[], what: string): string {
  if (names.length === 0) return `(no ${what} defined)`;
  const shown = names.slice(0, 10).join(', ');
  return `(known: ${shown}${names.length > 10 ? ', …' : ''})`;
}

type NumberKind = 'voice access number' | 'hunt group pilot' | 'auto attendant number' | 'user extension';

interface NumberUse {
  kind: NumberKind;
  path: KeyPath;
  /** What it is, for messages: `the extension of user "Alice"`, `a number of auto attendant "Main"`. */
  owner: string;
  gateway?: string;
}

type Finding = { severity: 'error' | 'warning' } & PathIssue;

/** The numbers each dial plan answers, to find numbers that would reach two things. */
class NumberClaims {
  readonly #numbers = new Map<string, Map<string, NumberUse>>();

  /** Records that `number` reaches `use` in `plan`; what is wrong with that, if anything. */
  claim(plan: string, number: string, use: NumberUse): Finding | null {
    let plans = this.#numbers.get(plan);
    if (!plans) this.#numbers.set(plan, (plans = new Map()));
    const previous = plans.get(number);
    if (!previous) {
      plans.set(number, use);
      return null;
    }
    const kinds = new Set([previous.kind, use.kind]);
    const pilot = use.kind === 'hunt group pilot' ? use : previous.kind === 'hunt group pilot' ? previous : undefined;
    const other = pilot === use ? previous : use;
    if (kinds.size === 2 && pilot && other.kind === 'voice access number') return null;
    if (kinds.size === 2 && pilot && other.kind === 'auto attendant number') {
      return {
        severity: 'warning',
        path: pilot.path,
        message:
          `"${number}" is also ${other.owner} in dial plan ${plan}: ` +
          'calls to it that were not diverted go to that auto attendant',
      };
    }
    if (use.kind === 'hunt group pilot' && previous.kind === 'hunt group pilot') {
      return null; // Each gateway has its own hunt groups (one gateway twice is caught below).
    }
    const what = use.kind === 'user extension' && previous.kind === 'user extension' ? 'duplicate extension ' : '';
    return { severity: 'error', path: use.path, message: `${what}"${number}" is already ${previous.owner} in dial plan ${plan}` };
  }
}

/** What the rules of one user read, and where they report. */
interface UserRules {
  dialPlans: ReadonlyMap<string, DialPlanConfig>;
  policies: ReadonlyMap<string, MailboxPolicyConfig>;
  claims: NumberClaims;
  report(finding: Finding | null): void;
}

function unknownDialPlan(dialPlans: ReadonlyMap<string, DialPlanConfig>, value: string): string {
  return `unknown dial plan "${value}" ${known([...dialPlans.keys()], 'dialPlans')}`;
}

/**
 * One user at `base`: its dial plan and mailbox policy exist, its extension has the plan's length
 * and reaches nothing else of the plan, its PIN (if any) satisfies the policy.
 */
function checkUserRules(u: UserConfig, base: KeyPath, rules: UserRules): void {
  const error = (key: string, message: string): void => rules.report({ severity: 'error', path: [...base, key], message });
  const plan = rules.dialPlans.get(u.dialPlan);
  if (!plan) error('dialPlan', unknownDialPlan(rules.dialPlans, u.dialPlan));
  if (plan && u.extension.length !== plan.extensionDigits) {
    error('extension', `extension "${u.extension}" must have ${plan.extensionDigits} digits (dial plan ${plan.name})`);
  } else if (plan) {
    rules.report(rules.claims.claim(plan.name, u.extension, { kind: 'user extension', path: [...base, 'extension'], owner: `the extension of user "${u.name}"` }));
  }
  const policy = rules.policies.get(u.mailboxPolicy);
  if (!policy) {
    error('mailboxPolicy', `unknown mailbox policy "${u.mailboxPolicy}" ${known([...rules.policies.keys()], 'mailboxPolicies')}`);
  }
  if (u.pin !== undefined && policy) {
    if (u.pin.length < policy.minPinLength) {
      error('pin', `PIN is shorter than the ${policy.minPinLength} digits mailbox policy "${policy.name}" requires`);
    } else if (u.pin === u.extension) {
      error('pin', 'PIN must not be the same as the extension');
    } else if (!policy.allowCommonPatterns && isCommonPinPattern(u.pin)) {
      error('pin', `PIN is a common pattern (repeated or consecutive digits), which mailbox policy "${policy.name}" forbids`);
    }
  }
}

export function crossCheck(config: DirectoryConfig): CrossCheckResult {
  const errors: PathIssue[] = [];
  const warnings: PathIssue[] = [];
  const error = (path: KeyPath, message: string): void => void errors.push({ path, message });
  const report = (finding: Finding | null): void => {
    if (finding === null) return;
    const { severity, ...issue } = finding;
    (severity === 'error' ? errors : warnings).push(issue);
  };

  const uniqueNames = (section: 'dialPlans' | 'gateways' | 'mailboxPolicies' | 'autoAttendants'): void => {
    const seen = new Map<string, number>();
    config[section].forEach((entry, i) => {
      const first = seen.get(entry.name);
      if (first === undefined) seen.set(entry.name, i);
      else error([section, i, 'name'], `duplicate name "${entry.name}" (also ${section}[${first}])`);
    });
  };
  uniqueNames('dialPlans');
  uniqueNames('gateways');
  uniqueNames('mailboxPolicies');
  uniqueNames('autoAttendants');

  const dialPlans = new Map(config.dialPlans.map((d) => [d.name, d]));
  const gateways = new Set(config.gateways.map((g) => g.name));
  const policies = new Map(config.mailboxPolicies.map((p) => [p.name, p]));
  const attendants = new Set(config.autoAttendants.map((a) => a.name));
  const claims = new NumberClaims();

  const dialPlanOf = (path: KeyPath, value: string): DialPlanConfig | undefined => {
    const plan = dialPlans.get(value);
    if (!plan) error(path, unknownDialPlan(dialPlans, value));
    return plan;
  };

  config.gateways.forEach((g, i) => dialPlanOf(['gateways', i, 'dialPlan'], g.dialPlan));

  config.huntGroups.forEach((h, i) => {
    if (!gateways.has(h.gateway)) {
      error(['huntGroups', i, 'gateway'], `unknown gateway "${h.gateway}" ${known([...gateways], 'gateways')}`);
    }
    dialPlanOf(['huntGroups', i, 'dialPlan'], h.dialPlan);
  });

  config.dialPlans.forEach((d, i) => {
    d.voiceAccessNumbers.forEach((n, j) =>
      report(claims.claim(d.name, n, { kind: 'voice access number', path: ['dialPlans', i, 'voiceAccessNumbers', j], owner: 'a voice access number' })),
    );
  });

  const rules: UserRules = { dialPlans, policies, claims, report };
  config.users.forEach((u, i) => checkUserRules(u, ['users', i], rules));

  config.autoAttendants.forEach((a, i) => {
    const plan = dialPlanOf(['autoAttendants', i, 'dialPlan'], a.dialPlan);
    if (!plan) return;
    a.numbers.forEach((n, j) =>
      report(
        claims.claim(plan.name, n, { kind: 'auto attendant number', path: ['autoAttendants', i, 'numbers', j], owner: `a number of auto attendant "${a.name}"` }),
      ),
    );
    checkKeys(config, plan, attendants, ['autoAttendants', i, 'keys'], a.keys, error);
    if (a.afterHoursKeys) checkKeys(config, plan, attendants, ['autoAttendants', i, 'afterHoursKeys'], a.afterHoursKeys, error);
  });

  const pilots = new Map<string, number>();
  config.huntGroups.forEach((h, i) => {
    if (!dialPlans.has(h.dialPlan)) return;
    const id = JSON.stringify([h.dialPlan, h.gateway, h.pilotNumber]);
    const first = pilots.get(id);
    if (first !== undefined) {
      error(['huntGroups', i, 'pilotNumber'], `gateway "${h.gateway}" already has pilot "${h.pilotNumber}" (huntGroups[${first}])`);
      return;
    }
    pilots.set(id, i);
    report(
      claims.claim(h.dialPlan, h.pilotNumber, {
        kind: 'hunt group pilot',
        path: ['huntGroups', i, 'pilotNumber'],
        owner: `the hunt group pilot of gateway "${h.gateway}"`,
        gateway: h.gateway,
      }),
    );
  });

  return { errors, warnings };
}

/**
 * crossCheck's rules for one user given outside the file (CLI, API), against `directory`: the rest
 * of the directory, without this user. Every number the directory already answers is claimed
 * first, so a clash is reported at this user and names what has the number. Problems of the
 * directory itself are not this user's and are not reported. Paths are the user's keys
 * (`['extension']`, `['dialPlan']`, ...).
 */
export function checkUserInDirectory(directory: DirectoryConfig, user: UserConfig): PathIssue[] {
  const dialPlans = new Map<string, DialPlanConfig>();
  for (const d of directory.dialPlans) if (!dialPlans.has(d.name)) dialPlans.set(d.name, d);
  const policies = new Map<string, MailboxPolicyConfig>();
  for (const p of directory.mailboxPolicies) if (!policies.has(p.name)) policies.set(p.name, p);
  const claims = new NumberClaims();
  directory.dialPlans.forEach((d, i) =>
    d.voiceAccessNumbers.forEach((n, j) =>
      claims.claim(d.name, n, { kind: 'voice access number', path: ['dialPlans', i, 'voiceAccessNumbers', j], owner: 'a voice access number' }),
    ),
  );
  directory.autoAttendants.forEach((a, i) => {
    if (!dialPlans.has(a.dialPlan)) return;
    a.numbers.forEach((n, j) =>
      claims.claim(a.dialPlan, n, { kind: 'auto attendant number', path: ['autoAttendants', i, 'numbers', j], owner: `a number of auto attendant "${a.name}"` }),
    );
  });
  directory.huntGroups.forEach((h, i) => {
    if (!dialPlans.has(h.dialPlan)) return;
    claims.claim(h.dialPlan, h.pilotNumber, {
      kind: 'hunt group pilot',
      path: ['huntGroups', i, 'pilotNumber'],
      owner: `the hunt group pilot of gateway "${h.gateway}"`,
      gateway: h.gateway,
    });
  });
  directory.users.forEach((u, i) => {
    const plan = dialPlans.get(u.dialPlan);
    if (plan && u.extension.length === plan.extensionDigits) {
      claims.claim(plan.name, u.extension, { kind: 'user extension', path: ['users', i, 'extension'], owner: `the extension of user "${u.name}"` });
    }
  });
  const errors: PathIssue[] = [];
  checkUserRules(user, [], {
    dialPlans,
    policies,
    claims,
    report: (finding) => {
      if (finding?.severity !== 'error') return;
      const { severity: _severity, ...issue } = finding;
      errors.push(issue);
    },
  });
  return errors;
}

function matchesPattern(number: string, pattern: string): boolean {
  return number.length === pattern.length && [...pattern].every((c, i) => c === 'x' || c === 'X' || c === number[i]);
}

function checkKeys(
  config: DirectoryConfig,
  plan: DialPlanConfig,
  attendants: ReadonlySet<string>,
  base: KeyPath,
  keys: AutoAttendantConfig['keys'],
  error: (path: KeyPath, message: string) => void,
): void {
  const users = config.users.filter((u) => u.dialPlan === plan.name);
  for (const [key, action] of Object.entries(keys)) {
    if (!action) continue;
    if (action.transferTo === 'operator') {
      if (plan.operatorExtension === undefined) {
        error([...base, key, 'transferTo'], `dial plan ${plan.name} has no operatorExtension to transfer to`);
      }
    } else if (action.transferTo !== undefined) {
      const target = action.transferTo;
      const isUser = users.some((u) => u.extension === target);
      const inPlan = target.length === plan.extensionDigits;
      const allowed = plan.outdialing.allowedPatterns.some((p) => matchesPattern(target, p));
      if (!isUser && !inPlan && !allowed) {
        error(
          [...base, key, 'transferTo'],
          `"${target}" is neither a ${plan.extensionDigits}-digit extension of dial plan ${plan.name} ` +
            'nor allowed by its outdialing.allowedPatterns',
        );
      }
    }
    if (action.leaveVoiceMailFor !== undefined && !users.some((u) => u.extension === action.leaveVoiceMailFor)) {
      error([...base, key, 'leaveVoiceMailFor'], `no user has extension "${action.leaveVoiceMailFor}" in dial plan ${plan.name}`);
    }
    if (action.attendant !== undefined && !attendants.has(action.attendant)) {
      error(
        [...base, key, 'attendant'],
        `unknown auto attendant "${action.attendant}" ${known([...attendants], 'autoAttendants')}`,
      );
    }
  }
}
