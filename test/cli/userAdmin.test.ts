/**
 * `openum user add|set|remove`, run in-process against a temp data folder whose store holds the
 * example configuration's directory (dial plan HQ: 4-digit extensions, voice access 8500, pilot
 * 8000 on gateway pbx, auto attendant Main on 8000; policy Default; users 1001 and 1002).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeCliDirectory, type CliDirectory } from './directoryFixture.js';
import { lines } from './run.js';

/** The stable JSON of `user show --json` (ARCHITECTURE.md). */
const showKeys = ['extension', 'name', 'email', 'dialPlan', 'mailboxPolicy', 'locked', 'awayGreetingEnabled', 'newMessages', 'savedMessages'];

describe('openum user add', () => {
  let cli: CliDirectory;
  beforeEach(async () => {
    cli = makeCliDirectory();
    await cli.serveOnce();
  });
  afterEach(() => cli.remove());

  it('adds an administrator\'s user that user show then shows, and says so in one line', async () => {
    const added = await cli.run('user', 'add', '1003', '--name', 'Carol Third', '--dial-plan', 'HQ', '--policy', 'Default', '--email', 'carol@example.test');
    assert.deepEqual([added.code, added.stderr], [0, '']);
    assert.deepEqual(lines(added.stdout), ['added user 1003 "Carol Third" (dial plan HQ, mailbox policy Default)']);
    const stored = await cli.withStore((store) => store.getUser('1003'));
    assert.deepEqual([stored?.source, stored?.email, stored?.enabled], ['admin', 'carol@example.test', true]);
  });

  it('prints with --json exactly what user show --json prints, without any PIN hash', async () => {
    const added = await cli.run('user', 'add', '1003', '--name', 'Carol Third', '--dial-plan', 'HQ', '--policy', 'Default', '--json', '--config', 'openum.yaml');
    assert.equal(added.code, 0, added.stderr);
    const json = JSON.parse(added.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), showKeys);
    assert.deepEqual(json, { extension: '1003', name: 'Carol Third', email: null, dialPlan: 'HQ', mailboxPolicy: 'Default', locked: false, awayGreetingEnabled: false, newMessages: 0, savedMessages: 0 });
    const shown = await cli.run('user', 'show', '1003', '--json');
    assert.deepEqual(JSON.parse(shown.stdout), json);
  });

  const refusals: [string, string[], string][] = [
    ['an unknown dial plan, naming the known ones', ['1003', '--dial-plan', 'HQX'], 'cannot add user 1003: --dial-plan: unknown dial plan "HQX" (known: HQ)'],
    ['an unknown mailbox policy', ['1003', '--policy', 'Strict'], 'cannot add user 1003: --policy: unknown mailbox policy "Strict" (known: Default)'],
    ['an extension of the wrong length for its dial plan', ['10003'], 'cannot add user 10003: extension "10003" must have 4 digits (dial plan HQ)'],
    ['a duplicate extension', ['1001'], 'cannot add user 1001: duplicate extension "1001" is already the extension of user "Alice Example" (dial plan HQ)'],
    ['the voice access number of the plan', ['8500'], 'cannot add user 8500: "8500" is already a voice access number in dial plan HQ'],
    ['an auto attendant number of the plan', ['8000'], 'cannot add user 8000: "8000" is already a number of auto attendant "Main" in dial plan HQ'],
    ['a bad email address', ['1003', '--email', 'carol'], 'cannot add user 1003: --email: must be a mail address such as alice@example.com'],
    ['an empty name', ['1003', '--name', ''], 'cannot add user 1003: --name: must not be empty'],
    ['an unknown dial plan and policy together, in one line', ['1003', '--dial-plan', 'X', '--policy', 'Y'], 'cannot add user 1003: --dial-plan: unknown dial plan "X" (known: HQ); --policy: unknown mailbox policy "Y" (known: Default)'],
  ];
  for (const [what, args, message] of refusals) {
    it(`refuses ${what} with one line and exit 2, adding nothing`, async () => {
      const [extension, ...rest] = args;
      const options = new Map<string, string>([['--name', 'Carol'], ['--dial-plan', 'HQ'], ['--policy', 'Default']]);
      for (let i = 0; i < rest.length; i += 2) options.set(rest[i]!, rest[i + 1]!);
      const result = await cli.run('user', 'add', extension!, ...[...options].flat());
      assert.deepEqual([result.code, result.stdout, lines(result.stderr)], [2, '', [`openum: ${message}`]]);
      const users = await cli.withStore(async (store) => (await store.loadDirectory()).users.map((u) => u.extension));
      assert.deepEqual(users, ['1001', '1002']);
    });
  }

  it('refuses an extension that is not digits, and missing options, as usage errors (exit 2)', async () => {
    const letters = await cli.run('user', 'add', '10a3', '--name', 'X', '--dial-plan', 'HQ', '--policy', 'Default');
    assert.deepEqual([letters.code, lines(letters.stderr).length], [2, 1]);
    assert.match(letters.stderr, /an extension is digits only/);
    const missing = await cli.run('user', 'add', '1003', '--dial-plan', 'HQ', '--policy', 'Default');
    assert.deepEqual([missing.code, lines(missing.stderr)], [2, ["openum: required option '--name <name>' not specified"]]);
  });

  it('explains that the store has no directory before the server ever started', async () => {
    const fresh = makeCliDirectory();
    try {
      const result = await fresh.run('user', 'add', '1003', '--name', 'Carol', '--dial-plan', 'HQ', '--policy', 'Default');
      assert.equal(result.code, 2);
      assert.deepEqual(lines(result.stderr), [
        "openum: cannot add user 1003: the store has no directory yet: run `openum serve` with this configuration once (it copies the file's dial plans and policies into the store)",
      ]);
    } finally {
      fresh.remove();
    }
  });
});

describe('openum user set', () => {
  let cli: CliDirectory;
  beforeEach(async () => {
    cli = makeCliDirectory();
    await cli.serveOnce();
    const added = await cli.run('user', 'add', '1003', '--name', 'Carol', '--dial-plan', 'HQ', '--policy', 'Default', '--email', 'carol@example.test');
    assert.equal(added.code, 0, added.stderr);
  });
  afterEach(() => cli.remove());

  it('changes the name and removes the email, printing the user with --json', async () => {
    const result = await cli.run('user', 'set', '1003', '--name', 'Carol Third', '--no-email', '--json');
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), showKeys);
    assert.deepEqual([json['name'], json['email']], ['Carol Third', null]);
    const email = await cli.run('user', 'set', '1003', '--email', 'c3@example.test');
    assert.deepEqual([email.code, lines(email.stdout)], [0, ['changed user 1003: email']]);
  });

  it('disables and enables a mailbox, a configuration user\'s too', async () => {
    const off = await cli.run('user', 'set', '1001', '--disable');
    assert.deepEqual([off.code, lines(off.stdout)], [0, ['changed user 1001: disabled']]);
    assert.equal((await cli.withStore((s) => s.getUser('1001')))?.enabled, false);
    const on = await cli.run('user', 'set', '1001', '--enable');
    assert.equal(on.code, 0);
    assert.equal((await cli.withStore((s) => s.getUser('1001')))?.enabled, true);
  });

  it('checks the changed user like a new one: an unknown dial plan, a clashing extension', async () => {
    const plan = await cli.run('user', 'set', '1003', '--dial-plan', 'Branch');
    assert.deepEqual([plan.code, lines(plan.stderr)], [2, ['openum: cannot change user 1003: --dial-plan: unknown dial plan "Branch" (known: HQ)']]);
    const email = await cli.run('user', 'set', '1003', '--email', 'not an address');
    assert.deepEqual([email.code, lines(email.stderr)], [2, ['openum: cannot change user 1003: --email: must be a mail address such as alice@example.com']]);
    assert.equal((await cli.withStore((s) => s.getUser('1003')))?.email, 'carol@example.test');
  });

  it('refuses to change what the configuration file defines, saying where to change it', async () => {
    const result = await cli.run('user', 'set', '1001', '--name', 'Alicia');
    assert.deepEqual([result.code, lines(result.stderr)], [2, ['openum: user 1001 is defined in the configuration file: change name there']]);
  });

  it('refuses contradicting or missing changes (exit 2) and an unknown user (exit 1)', async () => {
    const both = await cli.run('user', 'set', '1003', '--enable', '--disable');
    assert.deepEqual([both.code, lines(both.stderr)], [2, ['openum: --enable and --disable cannot be used together']]);
    const nothing = await cli.run('user', 'set', '1003');
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /^openum: nothing to change: give --name/);
    const unknown = await cli.run('user', 'set', '4040', '--name', 'X');
    assert.deepEqual([unknown.code, lines(unknown.stderr)], [1, ['openum: no user with extension 4040']]);
  });
});

describe('openum user remove', () => {
  let cli: CliDirectory;
  beforeEach(async () => {
    cli = makeCliDirectory();
    await cli.serveOnce();
    const added = await cli.run('user', 'add', '1003', '--name', 'Carol', '--dial-plan', 'HQ', '--policy', 'Default');
    assert.equal(added.code, 0, added.stderr);
  });
  afterEach(() => cli.remove());

  /** Leaves a message in 1003's mailbox, as a call would. */
  async function leaveMessage(): Promise<string> {
    const recording = join(cli.dir, 'data', `rec-${Math.random().toString(16).slice(2)}.wav`);
    writeFileSync(recording, 'RIFF....WAVE');
    const message = await cli.withStore((store) =>
      store.deposit(
        { mailbox: '1003', callerNumber: '+14255550100', callerName: null, reason: 'no-answer', receivedAt: new Date(), durationMs: 3000, urgent: false, private: false, callId: null, recordingPath: recording },
        [],
      ),
    );
    return message.id;
  }

  it('removes an administrator\'s user whose mailbox is empty', async () => {
    const result = await cli.run('user', 'remove', '1003');
    assert.deepEqual([result.code, lines(result.stdout)], [0, ['removed user 1003 and their mailbox (0 messages, 0 greetings, 0 missed calls)']]);
    const show = await cli.run('user', 'show', '1003');
    assert.deepEqual([show.code, lines(show.stderr)], [1, ['openum: no user with extension 1003']]);
  });

  it('refuses a mailbox with messages unless --force, which deletes them with the user', async () => {
    const id = await leaveMessage();
    const refused = await cli.run('user', 'remove', '1003');
    assert.deepEqual([refused.code, lines(refused.stderr)], [2, ['openum: mailbox 1003 still holds 1 message (new or saved): use --force to delete them with the user']]);
    assert.ok(await cli.withStore((s) => s.getMessage(id)), 'the message is still there');

    const forced = await cli.run('user', 'remove', '1003', '--force', '--json');
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(JSON.parse(forced.stdout), { extension: '1003', messages: 1, missedCalls: 0, greetings: 0, outboxEntries: 0 });
    assert.equal(await cli.withStore((s) => s.getMessage(id)), null);
  });

  it('refuses a configuration user (exit 2) and an unknown one (exit 1)', async () => {
    const config = await cli.run('user', 'remove', '1001', '--force');
    assert.deepEqual([config.code, lines(config.stderr)], [2, ['openum: user 1001 is defined in the configuration file: remove it there']]);
    const unknown = await cli.run('user', 'remove', '4040');
    assert.deepEqual([unknown.code, lines(unknown.stderr)], [1, ['openum: no user with extension 4040']]);
  });
});
