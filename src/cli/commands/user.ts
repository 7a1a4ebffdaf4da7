import { InvalidArgumentError, type Command } from 'commander';
import type { StoredUser } from '../../store/index.js';
import { commandGroup, exitCodes, type CliContext } from '../context.js';
import { withCliStore } from '../storeAccess.js';

/**
 * `openum user list [--json]` and `openum user show EXT [--json]`. The JSON of `show` is a stable
 * interface (ARCHITECTURE.md): {extension, name, email, dialPlan, mailboxPolicy, locked,
 * awayGreetingEnabled, newMessages, savedMessages}; never the PIN or its hash.
 */

function extensionArg(value: string): string {
  if (!/^[0-9]{1,32}$/.test(value)) throw new InvalidArgumentError('an extension is digits only');
  return value;
}

function publicUser(u: StoredUser, counts: { new: number; saved: number }): Record<string, unknown> {
  return {
    extension: u.extension,
    name: u.name,
    email: u.email,
    dialPlan: u.dialPlan,
    mailboxPolicy: u.mailboxPolicy,
    locked: u.locked,
    awayGreetingEnabled: u.awayGreetingEnabled,
    newMessages: counts.new,
    savedMessages: counts.saved,
  };
}

const configOption = ['--config <file>', 'configuration file (default ./openum.yaml, else the demo configuration)'] as const;

export function register(program: Command, ctx: CliContext): void {
  const group = commandGroup(program, 'user', 'UM-enabled users (mailboxes)');
  group
    .command('show')
    .description('show one user and their message counts')
    .argument('<extension>', 'the extension', extensionArg)
    .option('--json', 'print JSON')
    .option(...configOption)
    .action(async (extension: string, options: { json?: boolean; config?: string }) => {
      await withCliStore(ctx, options.config, async ({ store }) => {
        const user = await store.getUser(extension);
        if (!user) {
          ctx.io.stderr.write(`openum: no user with extension ${extension}\n`);
          ctx.exitCode = exitCodes.failure;
          return;
        }
        const view = publicUser(user, await store.countMessages(extension));
        if (options.json) ctx.io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
        else for (const [k, v] of Object.entries(view)) ctx.io.stdout.write(`${k.padEnd(20)} ${String(v)}\n`);
        ctx.exitCode = exitCodes.ok;
      });
    });
  group
    .command('list')
    .description('list the users with their message counts')
    .option('--json', 'print a JSON array')
    .option(...configOption)
    .action(async (options: { json?: boolean; config?: string }) => {
      await withCliStore(ctx, options.config, async ({ store }) => {
        const { users } = await store.loadDirectory();
        const views = [];
        for (const u of users) views.push(publicUser(u, await store.countMessages(u.extension)));
        if (options.json) ctx.io.stdout.write(`${JSON.stringify(views, null, 2)}\n`);
        else for (const v of views) ctx.io.stdout.write(`${String(v['extension']).padEnd(8)} ${String(v['name']).padEnd(24)} new ${String(v['newMessages'])}, saved ${String(v['savedMessages'])}${v['locked'] ? ', locked' : ''}\n`);
        ctx.exitCode = exitCodes.ok;
      });
    });
}
