import type { Command } from 'commander';
import type { MailboxPolicyConfig } from '../../config/index.js';
import type { CliContext } from '../context.js';
import { registerDirectoryObjects } from '../directoryObjects.js';

/** `openum policy list [--json]`, `openum policy show NAME [--json]`: the UM mailbox policies in the store. */
export function register(program: Command, ctx: CliContext): void {
  registerDirectoryObjects<MailboxPolicyConfig>(program, ctx, {
    command: 'policy',
    singular: 'mailbox policy',
    plural: 'mailbox policies',
    argument: 'name',
    entries: (s) => s.mailboxPolicies,
    nameOf: (p) => p.name,
    summary: (p, s) => {
      const users = s.users.filter((u) => u.mailboxPolicy === p.name).length;
      return `PIN ${p.minPinLength}+ digits, messages up to ${p.maxMessageSeconds} s, quota ${p.quotaMessages}, ${users} user${users === 1 ? '' : 's'}`;
    },
  });
}
