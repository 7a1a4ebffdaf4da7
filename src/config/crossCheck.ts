import type { AutoAttendantConfig, Config, DialPlanConfig } from './schema.js';
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
 * Messages never contain a PIN.
 */
export interface CrossCheckResult {
  errors: PathIssue[];
  warnings: PathIssue[];
}

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

export function crossCheck(config: Config): CrossCheckResult {
  const errors: PathIssue[] = [];
  const warnings: PathIssue[] = [];
  const error = (path: KeyPath, message: string): void => void errors.push({ path, message });

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
  const dialPlanNames = [...dialPlans.keys()];

  const dialPlanOf = (path: KeyPath, value: string): DialPlanConfig | undefined => {
    const plan = dialPlans.get(value);
    if (!plan) error(path, `unknown dial plan "${value}" ${known(dialPlanNames, 'dialPlans')}`);
    return plan;
  };

  config.gateways.forEach((g, i) => dialPlanOf(['gateways', i, 'dialPlan'], g.dialPlan));

  config.huntGroups.forEach((h, i) => {
    if (!gateways.has(h.gateway)) {
      error(['huntGroups', i, 'gateway'], `unknown gateway "${h.gateway}" ${known([...gateways], 'gateways')}`);
    }
    dialPlanOf(['huntGroups', i, 'dialPlan'], h.dialPlan);
  });

  // Numbers each dial plan answers, to find numbers that would reach two things.
  const numbers = new Map<string, Map<string, NumberUse>>();
  const claim = (plan: string, number: string, use: NumberUse): void => {
    let plans = numbers.get(plan);
    if (!plans) numbers.set(plan, (plans = new Map()));
    const previous = plans.get(number);
    if (!previous) {
      plans.set(number, use);
      return;
    }
    const kinds = new Set([previous.kind, use.kind]);
    const pilot = use.kind === 'hunt group pilot' ? use : previous.kind === 'hunt group pilot' ? previous : undefined;
    const other = pilot === use ? previous : use;
    if (kinds.size === 2 && pilot && other.kind === 'voice access number') return;
    if (kinds.size === 2 && pilot && other.kind === 'auto attendant number') {
      warnings.push({
        path: pilot.path,
        message:
          `"${number}" is also ${other.owner} in dial plan ${plan}: ` +
          'calls to it that were not diverted go to that auto attendant',
      });
      return;
    }
    if (use.kind === 'hunt group pilot' && previous.kind === 'hunt group pilot') {
      return; // Each gateway has its own hunt groups (one gateway twice is caught below).
    }
    const what = use.kind === 'user extension' && previous.kind === 'user extension' ? 'duplicate extension ' : '';
    error(use.path, `${what}"${number}" is already ${previous.owner} in dial plan ${plan}`);
  };

  config.dialPlans.forEach((d, i) => {
    d.voiceAccessNumbers.forEach((n, j) =>
      claim(d.name, n, { kind: 'voice access number', path: ['dialPlans', i, 'voiceAccessNumbers', j], owner: 'a voice access number' }),
    );
  });

  config.users.forEach((u, i) => {
    const plan = dialPlanOf(['users', i, 'dialPlan'], u.dialPlan);
    if (plan && u.extension.length !== plan.extensionDigits) {
      error(['users', i, 'extension'], `extension "${u.extension}" must have ${plan.extensionDigits} digits (dial plan ${plan.name})`);
    } else if (plan) {
      claim(plan.name, u.extension, { kind: 'user extension', path: ['users', i, 'extension'], owner: `the extension of user "${u.name}"` });
    }
    const policy = policies.get(u.mailboxPolicy);
    if (!policy) {
      const names = [...policies.keys()];
      error(['users', i, 'mailboxPolicy'], `unknown mailbox policy "${u.mailboxPolicy}" ${known(names, 'mailboxPolicies')}`);
    }
    if (u.pin !== undefined && policy) {
      const at: KeyPath = ['users', i, 'pin'];
      if (u.pin.length < policy.minPinLength) {
        error(at, `PIN is shorter than the ${policy.minPinLength} digits mailbox policy "${policy.name}" requires`);
      } else if (u.pin === u.extension) {
        error(at, 'PIN must not be the same as the extension');
      } else if (!policy.allowCommonPatterns && isCommonPinPattern(u.pin)) {
        error(at, `PIN is a common pattern (repeated or consecutive digits), which mailbox policy "${policy.name}" forbids`);
      }
    }
  });

  config.autoAttendants.forEach((a, i) => {
    const plan = dialPlanOf(['autoAttendants', i, 'dialPlan'], a.dialPlan);
    if (!plan) return;
    a.numbers.forEach((n, j) =>
      claim(plan.name, n, { kind: 'auto attendant number', path: ['autoAttendants', i, 'numbers', j], owner: `a number of auto attendant "${a.name}"` }),
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
    claim(h.dialPlan, h.pilotNumber, {
      kind: 'hunt group pilot',
      path: ['huntGroups', i, 'pilotNumber'],
      owner: `the hunt group pilot of gateway "${h.gateway}"`,
      gateway: h.gateway,
    });
  });

  return { errors, warnings };
}

function matchesPattern(number: string, pattern: string): boolean {
  return number.length === pattern.length && [...pattern].every((c, i) => c === 'x' || c === 'X' || c === number[i]);
}

function checkKeys(
  config: Config,
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
