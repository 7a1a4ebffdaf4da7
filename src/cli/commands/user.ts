import { InvalidArgumentError, type Command } from 'commander';
import type { MailboxStore, StoredUser, UserFieldsPatch } from '../../store/index.js';
import { commandGroup, exitCodes, type CliContext } from '../context.js';
import { withCliStore } from '../storeAccess.js';
import { fail, reportStoreRefusal, userProblems, type UserCandidate } from '../userInput.js';

/**
 * `openum user list|show|add|set|remove`: the UM-enabled users in the store. The JSON of `show`
 * is a stable interface (ARCHITECTURE.md): {extension, name, email, dialPlan, mailboxPolicy,
 * locked, awayGreetingEnabled, newMessages, savedMessages}; never the PIN or its hash. `add` and
 * `set` print the same JSON with --json.
 *
 * add, set and remove write the store, which a running node watches (src/node/directoryWatcher.ts):
 * the change reaches its calls within seconds. Users are checked against the directory in the
 * store exactly as the configuration file's users are (userInput.ts). Users that come from the
 * configuration file are changed there (only --enable/--disable applies to them here).
 * Exit codes: 0 done, 2 invalid input or a refusal, 1 no such user or a failure.
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

/** `show`'s output: JSON, or one `key value` line per field (plus whether it is enabled and where it comes from). */
async function printUser(ctx: CliContext, store: MailboxStore, user: StoredUser, json: boolean | undefined): Promise<void> {
  const view = publicUser(user, await store.countMessages(user.extension));
  if (json) {
    ctx.io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    return;
  }
  for (const [k, v] of Object.entries({ ...view, enabled: user.enabled, source: user.source })) ctx.io.stdout.write(`${k.padEnd(20)} ${String(v)}\n`);
}

const configOption = ['--config <file>', 'configuration file (default ./openum.yaml, else the demo configuration)'] as const;

interface AddOptions {
  name: string;
  email?: string;
  dialPlan: string;
  policy: string;
  json?: boolean;
  config?: string;
}

interface SetOptions {
  name?: string;
  /** A new address, false for --no-email, undefined to keep it. */
  email?: string | false;
  dialPlan?: string;
  policy?: string;
  enable?: boolean;
  disable?: boolean;
  json?: boolean;
  config?: string;
}

/** The patch `set` asks for, or a usage problem. */
function patchOf(options: SetOptions): UserFieldsPatch | string {
  if (options.enable && options.disable) return '--enable and --disable cannot be used together';
  const patch: UserFieldsPatch = {};
  if (options.name !== undefined) patch.name = options.name;
  if (options.email !== undefined) patch.email = options.email === false ? null : options.email;
  if (options.dialPlan !== undefined) patch.dialPlan = options.dialPlan;
  if (options.policy !== undefined) patch.mailboxPolicy = options.policy;
  if (options.enable || options.disable) patch.enabled = options.enable === true;
  if (Object.keys(patch).length === 0) return 'nothing to change: give --name, --email, --no-email, --dial-plan, --policy, --enable or --disable';
  return patch;
}

/** `name, dial plan, disabled`: what a `set` changed, for its confirmation line. */
function describePatch(patch: UserFieldsPatch): string {
  const words: Record<keyof UserFieldsPatch, string> = { name: 'name', email: patch.email === null ? 'email removed' : 'email', dialPlan: 'dial plan', mailboxPolicy: 'mailbox policy', enabled: patch.enabled ? 'enabled' : 'disabled' };
  return (Object.keys(patch) as (keyof UserFieldsPatch)[]).map((k) => words[k]).join(', ');
}

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
        if (!user) return void fail(ctx, `no user with extension ${extension}`, exitCodes.failure);
        await printUser(ctx, store, user, options.json);
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
        const views: Record<string, unknown>[] = [];
        for (const u of users) views.push(publicUser(u, await store.countMessages(u.extension)));
        if (options.json) ctx.io.stdout.write(`${JSON.stringify(views, null, 2)}\n`);
        else {
          users.forEach((u, i) => {
            const v = views[i]!;
            const flags = `${u.locked ? ', locked' : ''}${u.enabled ? '' : ', disabled'}`;
            ctx.io.stdout.write(`${u.extension.padEnd(8)} ${u.name.padEnd(24)} new ${String(v['newMessages'])}, saved ${String(v['savedMessages'])}${flags}\n`);
          });
        }
        ctx.exitCode = exitCodes.ok;
      });
    });
  group
    .command('add')
    .description('add a user (checked like the users of the configuration file)')
    .argument('<extension>', 'the extension (as many digits as its dial plan says)', extensionArg)
    .requiredOption('--name <name>', 'display name (spoken in greetings and dial by name)')
    .requiredOption('--dial-plan <name>', 'the dial plan')
    .requiredOption('--policy <name>', 'the mailbox policy')
    .option('--email <address>', 'mail address voice mail goes to')
    .option('--json', 'print the user as JSON (as user show --json)')
    .option(...configOption)
    .action(async (extension: string, options: AddOptions) => {
      await withCliStore(ctx, options.config, async ({ store }) => {
        const candidate: UserCandidate = { extension, name: options.name, email: options.email, dialPlan: options.dialPlan, mailboxPolicy: options.policy };
        const problems = userProblems(await store.loadDirectory(), candidate, null);
        if (problems !== null) return void fail(ctx, `cannot add user ${extension}: ${problems}`, exitCodes.invalid);
        let user: StoredUser;
        try {
          user = await store.addUser(candidate, 'admin');
        } catch (err) {
          if (reportStoreRefusal(ctx, err)) return;
          throw err;
        }
        if (options.json) await printUser(ctx, store, user, true);
        else ctx.io.stdout.write(`added user ${user.extension} "${user.name}" (dial plan ${user.dialPlan}, mailbox policy ${user.mailboxPolicy})\n`);
        ctx.exitCode = exitCodes.ok;
      });
    });
  group
    .command('set')
    .description("change a user's name, email, dial plan or policy, or enable or disable the mailbox")
    .argument('<extension>', 'the extension', extensionArg)
    .option('--name <name>', 'new display name')
    .option('--email <address>', 'new mail address')
    .option('--no-email', 'remove the mail address')
    .option('--dial-plan <name>', 'move to this dial plan')
    .option('--policy <name>', 'apply this mailbox policy')
    .option('--enable', 'enable the mailbox (call answering takes calls again)')
    .option('--disable', 'disable the mailbox (callers hear that the extension is not available)')
    .option('--json', 'print the user as JSON (as user show --json)')
    .option(...configOption)
    .action(async (extension: string, options: SetOptions) => {
      const patch = patchOf(options);
      if (typeof patch === 'string') return void fail(ctx, patch, exitCodes.invalid);
      await withCliStore(ctx, options.config, async ({ store }) => {
        const existing = await store.getUser(extension);
        if (!existing) return void fail(ctx, `no user with extension ${extension}`, exitCodes.failure);
        const changesFields = ['name', 'email', 'dialPlan', 'mailboxPolicy'].some((k) => k in patch);
        // A configuration user is refused by the store with the reason; an administrator's is checked first.
        if (changesFields && existing.source === 'admin') {
          const candidate: UserCandidate = {
            extension,
            name: patch.name ?? existing.name,
            email: patch.email === undefined ? (existing.email ?? undefined) : (patch.email ?? undefined),
            dialPlan: patch.dialPlan ?? existing.dialPlan,
            mailboxPolicy: patch.mailboxPolicy ?? existing.mailboxPolicy,
          };
          const problems = userProblems(await store.loadDirectory(), candidate, existing);
          if (problems !== null) return void fail(ctx, `cannot change user ${extension}: ${problems}`, exitCodes.invalid);
        }
        let user: StoredUser;
        try {
          user = await store.setUser(extension, patch);
        } catch (err) {
          if (reportStoreRefusal(ctx, err)) return;
          throw err;
        }
        if (options.json) await printUser(ctx, store, user, true);
        else ctx.io.stdout.write(`changed user ${user.extension}: ${describePatch(patch)}\n`);
        ctx.exitCode = exitCodes.ok;
      });
    });
  group
    .command('remove')
    .description('remove a user added with user add, with their mailbox (messages, greetings, missed calls)')
    .argument('<extension>', 'the extension', extensionArg)
    .option('--force', 'also when the mailbox still holds new or saved messages (they are deleted)')
    .option('--json', 'print what was removed as JSON')
    .option(...configOption)
    .action(async (extension: string, options: { force?: boolean; json?: boolean; config?: string }) => {
      await withCliStore(ctx, options.config, async ({ store }) => {
        try {
          const removed = await store.removeUser(extension, { force: options.force === true });
          if (options.json) ctx.io.stdout.write(`${JSON.stringify(removed, null, 2)}\n`);
          else {
            const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
            const what = [plural(removed.messages, 'message'), plural(removed.greetings, 'greeting'), plural(removed.missedCalls, 'missed call')];
            ctx.io.stdout.write(`removed user ${removed.extension} and their mailbox (${what.join(', ')})\n`);
          }
          ctx.exitCode = exitCodes.ok;
        } catch (err) {
          if (reportStoreRefusal(ctx, err)) return;
          throw err;
        }
      });
    });
}
