/**
 * The administrator's user operations of the SQLite store (addUser, setUser, removeUser) and the
 * directory version every directory write bumps, on a real database in a temp folder.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DialPlanConfig, MailboxPolicyConfig } from '../../../src/config/index.js';
import { hashConfigPin, SqliteMailboxStore, StoreError, type DirectorySpec, type StoreErrorCode, type UserSpec } from '../../../src/store/index.js';
import { filesUnder, makeDirs, makeRecording, newMessage, openTestStore, TestClock, type TestDirs } from '../helpers.js';

const dialPlan = (name: string): DialPlanConfig => ({ name, extensionDigits: 4, uriType: 'telExtension', countryCode: '49', language: 'en-US', voiceAccessNumbers: [] }) as unknown as DialPlanConfig;
const policy = (name: string): MailboxPolicyConfig => ({ name, minPinLength: 6, quotaMessages: 500 }) as MailboxPolicyConfig;
const user = (extension: string, extra: Partial<UserSpec> = {}): UserSpec => ({
  extension,
  name: `User ${extension}`,
  email: `u${extension}@example.com`,
  dialPlan: 'main',
  mailboxPolicy: 'default',
  ...extra,
});

/** The configuration file's directory: two plans, one policy, users 1001 and 1002. */
const fileSpec = (over: Partial<DirectorySpec> = {}): DirectorySpec => ({
  dialPlans: [dialPlan('main'), dialPlan('lab')],
  gateways: [],
  huntGroups: [],
  mailboxPolicies: [policy('default')],
  autoAttendants: [],
  users: [user('1001'), user('1002')],
  ...over,
});

const code = (expected: StoreErrorCode) => (err: unknown): boolean => {
  assert.ok(err instanceof StoreError, `expected a StoreError, got ${String(err)}`);
  assert.equal(err.code, expected, err.message);
  return true;
};

describe('SQLite store: users an administrator adds, changes and removes', () => {
  let dirs: TestDirs;
  let clock: TestClock;
  let store: SqliteMailboxStore;
  beforeEach(async () => {
    dirs = makeDirs();
    clock = new TestClock();
    store = openTestStore(dirs, clock);
    await store.syncDirectory(fileSpec(), 'config');
  });
  afterEach(async () => {
    await store.close();
    dirs.remove();
  });

  /** Deposits a message for `mailbox` and returns its audio path. */
  async function deposit(mailbox: string): Promise<string> {
    const { path } = makeRecording(dirs);
    const message = await store.deposit(newMessage(mailbox, path), [{ kind: 'mwi', mailbox, subjectId: null }]);
    return message.audioPath;
  }

  it('adds an enabled, unlocked admin user without a PIN, which loadDirectory lists and getUser finds', async () => {
    const added = await store.addUser(user('3001', { name: 'Carol', email: undefined, dialPlan: 'lab' }), 'admin');
    assert.deepEqual(
      [added.extension, added.name, added.email, added.dialPlan, added.mailboxPolicy, added.source, added.enabled, added.locked, added.pinHash, added.pinMustChange],
      ['3001', 'Carol', null, 'lab', 'default', 'admin', true, false, null, false],
    );
    assert.deepEqual(await store.getUser('3001'), added);
    assert.deepEqual((await store.loadDirectory()).users.map((u) => u.extension), ['1001', '1002', '3001']);
  });

  it('takes a first PIN with a new user, to be changed at first logon', async () => {
    const pinHash = await hashConfigPin('3002', '135790');
    const added = await store.addUser(user('3002', { pinHash }), 'admin');
    assert.equal(added.pinHash, pinHash);
    assert.equal(added.pinMustChange, true);
    assert.deepEqual(added.pinSetAt, clock.now());
  });

  it('refuses an extension any user already has, config or admin, in any dial plan, with STORE_DUPLICATE', async () => {
    await store.addUser(user('3001'), 'admin');
    await assert.rejects(store.addUser(user('1001', { dialPlan: 'lab', name: 'Other' }), 'admin'), (err: unknown) => {
      code('STORE_DUPLICATE')(err);
      assert.equal((err as Error).message, 'extension 1001 is already user "User 1001" (dial plan main)');
      return true;
    });
    await assert.rejects(store.addUser(user('3001'), 'admin'), code('STORE_DUPLICATE'));
    assert.equal((await store.getUser('1001'))?.name, 'User 1001');
  });

  it('refuses an extension that is not digits, an empty name, an unknown dial plan or policy, and a config source', async () => {
    await assert.rejects(store.addUser(user('12a4'), 'admin'), code('STORE_BAD_MAILBOX'));
    await assert.rejects(store.addUser(user('../x'), 'admin'), code('STORE_BAD_MAILBOX'));
    await assert.rejects(store.addUser(user('3001', { name: '' }), 'admin'), code('STORE_BAD_INPUT'));
    await assert.rejects(store.addUser(user('3001', { dialPlan: 'nowhere' }), 'admin'), code('STORE_BAD_INPUT'));
    await assert.rejects(store.addUser(user('3001', { mailboxPolicy: 'nothing' }), 'admin'), code('STORE_BAD_INPUT'));
    await assert.rejects(store.addUser(user('3001'), 'config' as never), code('STORE_BAD_INPUT'));
    await assert.rejects(store.addUser(null as never, 'admin'), code('STORE_BAD_INPUT'));
    assert.equal(await store.getUser('3001'), null);
  });

  it('keeps admin users across config syncs, even when the file no longer lists any user', async () => {
    await store.addUser(user('3001'), 'admin');
    await store.syncDirectory(fileSpec({ users: [] }), 'config');
    assert.deepEqual((await store.loadDirectory()).users.map((u) => [u.extension, u.source]), [['3001', 'admin']]);
  });

  it('changes an admin user\'s name, email, dial plan, policy and enabled flag, and returns the user', async () => {
    await store.syncDirectory(fileSpec({ mailboxPolicies: [policy('default'), policy('strict')] }), 'config');
    await store.addUser(user('3001'), 'admin');
    const changed = await store.setUser('3001', { name: 'Renamed', email: null, dialPlan: 'lab', mailboxPolicy: 'strict', enabled: false });
    assert.deepEqual(
      [changed.name, changed.email, changed.dialPlan, changed.mailboxPolicy, changed.enabled],
      ['Renamed', null, 'lab', 'strict', false],
    );
    assert.deepEqual(await store.getUser('3001'), changed);
    assert.equal((await store.setUser('3001', { email: 'new@example.com', enabled: true })).email, 'new@example.com');
  });

  it('refuses to change a configuration user\'s fields (the file owns them) but enables and disables it', async () => {
    await assert.rejects(store.setUser('1001', { name: 'Not here' }), (err: unknown) => {
      code('STORE_CONFIG_ENTRY')(err);
      assert.equal((err as Error).message, 'user 1001 is defined in the configuration file: change name there');
      return true;
    });
    assert.equal((await store.setUser('1001', { enabled: false })).enabled, false);
    assert.equal((await store.setUser('1001', { name: 'User 1001', enabled: true })).enabled, true, 'the same name is no change');
    // A sync leaves the administrator's enabled flag alone.
    await store.setUser('1002', { enabled: false });
    await store.syncDirectory(fileSpec({ users: [user('1001'), user('1002', { name: 'Bob' })] }), 'config');
    assert.deepEqual([(await store.getUser('1002'))?.name, (await store.getUser('1002'))?.enabled], ['Bob', false]);
  });

  it('refuses setUser for an unknown user, an unknown field, a bad value or a missing dial plan', async () => {
    await store.addUser(user('3001'), 'admin');
    await assert.rejects(store.setUser('4040', { name: 'x' }), code('STORE_MAILBOX_NOT_FOUND'));
    await assert.rejects(store.setUser('3001', { locked: true } as never), code('STORE_BAD_INPUT'));
    await assert.rejects(store.setUser('3001', { name: '' }), code('STORE_BAD_INPUT'));
    await assert.rejects(store.setUser('3001', { enabled: 'no' } as never), code('STORE_BAD_INPUT'));
    await assert.rejects(store.setUser('3001', { dialPlan: 'nowhere' }), code('STORE_BAD_INPUT'));
    await assert.rejects(store.setUser('x/y', { name: 'x' }), code('STORE_BAD_MAILBOX'));
    assert.equal((await store.getUser('3001'))?.dialPlan, 'main');
  });

  it('removes an admin user with every row and audio file of their mailbox, once forced past kept messages', async () => {
    await store.addUser(user('3001'), 'admin');
    const kept = await deposit('3001');
    const gone = await deposit('3001');
    await store.updateMessage((await store.listMessages('3001'))[1]!.id, { state: 'deleted' });
    const greeting = await store.setGreeting('3001', 'normal', makeRecording(dirs).path);
    await store.recordMissedCall({ mailbox: '3001', callerNumber: '+491', callerName: null, reason: 'busy', at: clock.now(), callId: null }, []);
    const other = await deposit('1001');

    await assert.rejects(store.removeUser('3001'), (err: unknown) => {
      code('STORE_MAILBOX_NOT_EMPTY')(err);
      assert.equal((err as Error).message, 'mailbox 3001 still holds 1 message (new or saved)');
      return true;
    });
    assert.ok((await store.getUser('3001')) !== null, 'nothing was removed');
    assert.ok(existsSync(kept) && existsSync(gone) && existsSync(greeting));

    const removed = await store.removeUser('3001', { force: true });
    assert.deepEqual(removed, { extension: '3001', messages: 2, missedCalls: 1, greetings: 1, outboxEntries: 2 });
    assert.equal(await store.getUser('3001'), null);
    assert.deepEqual(await store.listMessages('3001', { states: ['new', 'saved', 'deleted'] }), []);
    assert.deepEqual(await store.listMissedCalls('3001'), []);
    assert.equal(await store.getGreeting('3001', 'normal'), null);
    assert.deepEqual(await store.listOutbox({ mailbox: '3001' }), []);
    assert.ok(!existsSync(kept) && !existsSync(gone) && !existsSync(greeting), 'the audio files are removed');
    assert.deepEqual(filesUnder(join(dirs.dataDir, 'messages')), [other.slice(join(dirs.dataDir, 'messages').length + 1)], "only the other mailbox's audio is left");
    assert.equal((await store.listMessages('1001')).length, 1);
  });

  it('removes a user whose mailbox holds only deleted messages without force', async () => {
    await store.addUser(user('3001'), 'admin');
    await deposit('3001');
    await store.updateMessage((await store.listMessages('3001'))[0]!.id, { state: 'deleted' });
    assert.equal((await store.removeUser('3001')).messages, 1);
  });

  it('refuses to remove a configuration user or an unknown one', async () => {
    await assert.rejects(store.removeUser('1001', { force: true }), (err: unknown) => {
      code('STORE_CONFIG_ENTRY')(err);
      assert.equal((err as Error).message, 'user 1001 is defined in the configuration file: remove it there');
      return true;
    });
    await assert.rejects(store.removeUser('4040'), code('STORE_MAILBOX_NOT_FOUND'));
    await assert.rejects(store.removeUser('1001', { force: 'yes' } as never), code('STORE_BAD_INPUT'));
    assert.ok((await store.getUser('1001')) !== null);
  });
});

describe('SQLite store: the directory version', () => {
  let dirs: TestDirs;
  let store: SqliteMailboxStore;
  beforeEach(() => {
    dirs = makeDirs();
    store = openTestStore(dirs);
  });
  afterEach(async () => {
    await store.close();
    dirs.remove();
  });

  /** Runs `write` and says whether the version changed. */
  async function bumps(write: () => Promise<unknown>): Promise<boolean> {
    const before = await store.directoryVersion();
    await write();
    return (await store.directoryVersion()) !== before;
  }

  it('changes with every directory write and only with those', async () => {
    assert.equal(await bumps(() => store.syncDirectory(fileSpec(), 'config')), true, 'a sync that added entries');
    assert.equal(await bumps(() => store.syncDirectory(fileSpec(), 'config')), false, 'a sync that changed nothing');
    assert.equal(await bumps(() => store.syncDirectory(fileSpec({ users: [user('1001')] }), 'config')), true, 'a sync that removed a user');
    assert.equal(await bumps(() => store.addUser(user('3001'), 'admin')), true, 'addUser');
    assert.equal(await bumps(() => store.setUser('3001', { name: 'New name' })), true, 'setUser');
    assert.equal(await bumps(() => store.setUser('3001', { name: 'New name' })), false, 'setUser to the same values');
    assert.equal(await bumps(() => store.updateUser('3001', { enabled: false })), true, 'updateUser of enabled');
    assert.equal(await bumps(() => store.updateUser('3001', { email: 'x@example.com' })), true, 'updateUser of email');
    assert.equal(await bumps(() => store.updateUser('3001', { failedLogons: 2, locked: true, awayGreetingEnabled: true })), false, 'run-time state only');
    assert.equal(await bumps(() => store.removeUser('3001')), true, 'removeUser');
    assert.equal(await bumps(() => store.addUser(user('1001'), 'admin').catch(() => undefined)), false, 'a refused write');
  });

  it('is seen by another connection to the same database (the CLI and the node are two processes)', async () => {
    const other = SqliteMailboxStore.open({ dataDir: dirs.dataDir });
    try {
      const seen = await other.directoryVersion();
      await store.syncDirectory(fileSpec(), 'config');
      await store.addUser(user('3001'), 'admin');
      assert.notEqual(await other.directoryVersion(), seen);
      assert.equal((await other.getUser('3001'))?.source, 'admin');
    } finally {
      await other.close();
    }
  });
});
