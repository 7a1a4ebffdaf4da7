import type { Command } from 'commander';
import type { DialPlanConfig } from '../../config/index.js';
import type { CliContext } from '../context.js';
import { registerDirectoryObjects } from '../directoryObjects.js';

/** `openum dialplan list [--json]`, `openum dialplan show NAME [--json]`: the UM dial plans in the store. */
export function register(program: Command, ctx: CliContext): void {
  registerDirectoryObjects<DialPlanConfig>(program, ctx, {
    command: 'dialplan',
    singular: 'dial plan',
    plural: 'dial plans',
    argument: 'name',
    entries: (s) => s.dialPlans,
    nameOf: (d) => d.name,
    summary: (d, s) => {
      const users = s.users.filter((u) => u.dialPlan === d.name).length;
      const access = d.voiceAccessNumbers.length > 0 ? d.voiceAccessNumbers.join(', ') : 'none';
      return `${d.extensionDigits}-digit extensions, +${d.countryCode}, ${d.uriType}, voice access ${access}, ${users} user${users === 1 ? '' : 's'}`;
    },
  });
}
