import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AutoAttendantConfig, DialPlanConfig, GatewayConfig, HuntGroupConfig, MailboxPolicyConfig } from '../../../src/config/index.js';
import { hashConfigPin, StoreError, verifyPin, type DirectorySpec, type SqliteMailboxStore, type UserSpec } from '../../../src/store/index.js';
import { makeDirs, openTestStore, TestClock, type TestDirs } from '../helpers.js';

const dialPlan = (name: string, extra: Partial<DialPlanConfig> = {}): DialPlanConfig =>
  ({ name, extensionDigits: 4, uriType: 'telExtension', countryCode: '49', language: 'en-US', voiceAccessNumbers: [], ...extra }) as DialPlanConfig;
const gateway = (name: string): GatewayConfig =>
  ({ name, address: '192.0.2.10', port: 5060, transport: 'udp', dialPlan: 'main', messageWaitingIndicator: true, outcalls: false }) as GatewayConfig;
const huntGroup = (gw: string, pilotNumber: string): HuntGroupConfig => ({ gateway: gw, pilotNumber, dialPlan: 'main' }) as HuntGroupConfig;
const policy = (name: string): MailboxPolicyConfig => ({ name, minPinLength: 6, quotaMessages: 500 }) as MailboxPolicyConfig;
const attendant = (name: string): AutoAttendantConfig => ({ name, dialPlan: 'main', numbers: ['2000'], timeZone: 'Europe/Berlin', keys: {} }) as AutoAttendantConfig;
const user = (extension: string, extra: Partial<UserSpec> = {}): UserSpec => ({
  extension,
  name: `User ${extension}`,
  email: `u${extension}@example.com`,
  dialPlan: 'main',
  mailboxPolicy: 'default',
  ...extra,
});

const spec = (over: Partial<DirectorySpec> = {}): DirectorySpec => ({
  dialPlans: [dialPlan('main')],
  gateways: [gateway('gw1')],
  huntGroups: [huntGroup('gw1', '1000'), huntGroup('gw1', '1999')],
  mailboxPolicies: [policy('default')],
  autoAttendants: [attendant('reception')],
  users: [user('1001'), user('1002')],
  ...over,
});

const empty: DirectorySpec = { dialPlans: [], gateways: [], huntGroups: [], mailboxPolicies: [], autoAttendants: [], users: [] };

describe('SQLite store: directory sync', () => {
  let dirs: TestDirs;
  let clock: TestClock;
  let store: SqliteMailboxStore;
  beforeEach(() => {
    dirs = makeDirs();
    clock = new TestClock();
    store = openTestStore(dirs, clock);
  });
  afterEach(async () => {
    await store.close();
    dirs.remove();
  });

  it('adds every entry, loads them back as given, and a second identical sync changes nothing', async () => {
    assert.deepEqual(await store.syncDirectory(spec(), 'config'), { added: 8, updated: 0, removed: 0 });
    const dir = await store.loadDirectory();
    assert.deepEqual(dir.dialPlans, [dialPlan('main')]);
    assert.deepEqual(dir.gateways, [gateway('gw1')]);
    assert.deepEqual(dir.huntGroups, [huntGroup('gw1', '1000'), huntGroup('gw1', '1999')]);
    assert.deepEqual(dir.mailboxPolicies, [policy('default')]);
    assert.deepEqual(dir.autoAttendants, [attendant('reception')]);
    assert.deepEqual(
      dir.users.map((u) => [u.extension, u.name, u.email, u.dialPlan, u.mailboxPolicy, u.source, u.pinHash, u.enabled, u.locked]),
      [
        ['1001', 'User 1001', 'u1001@example.com', 'main', 'default', 'config', null, true, false],
        ['1002', 'User 1002', 'u1002@example.com', 'main', 'default', 'config', null, true, false],
      ],
    );
    assert.deepEqual(await store.syncDirectory(spec(), 'config'), { added: 0, updated: 0, removed: 0 });
  });

  it('updates changed entries and removes the ones no longer in the file', async () => {
    await store.syncDirectory(spec(), 'config');
    const next = spec({
      dialPlans: [dialPlan('main', { language: 'de-DE' })],
      huntGroups: [huntGroup('gw1', '1000')],
      users: [user('1001', { name: 'Grace Hopper', email: undefined })],
    });
    assert.deepEqual(await store.syncDirectory(next, 'config'), { added: 0, updated: 2, removed: 2 });
    const dir = await store.loadDirectory();
    assert.equal(dir.dialPlans[0]?.language, 'de-DE');
    assert.deepEqual(dir.huntGroups, [huntGroup('gw1', '1000')]);
    assert.deepEqual(dir.users.map((u) => [u.extension, u.name, u.email]), [['1001', 'Grace Hopper', null]]);
    assert.equal(await store.getUser('1002'), null);
  });

  it('never touches the other source: admin entries survive a config sync, config entries an admin sync', async () => {
    await store.syncDirectory(spec(), 'config');
    await store.syncDirectory({ ...empty, dialPlans: [dialPlan('lab')], users: [user('3001')] }, 'admin');
    // The file no longer lists anything, and tries to redefine the admin's user 3001.
    const report = await store.syncDirectory({ ...empty, users: [user('3001', { name: 'From the file' })] }, 'config');
    assert.deepEqual(report, { added: 0, updated: 0, removed: 8 });
    const dir = await store.loadDirectory();
    assert.deepEqual(dir.dialPlans.map((d) => d.name), ['lab']);
    assert.deepEqual(dir.users.map((u) => [u.extension, u.name, u.source]), [['3001', 'User 3001', 'admin']]);

    await store.syncDirectory(spec(), 'config');
    assert.deepEqual(await store.syncDirectory(empty, 'admin'), { added: 0, updated: 0, removed: 2 });
    assert.deepEqual((await store.loadDirectory()).users.map((u) => u.extension), ['1001', '1002']);
  });

  it('keeps run-time state (lock, failed logons, away flag, PIN set by phone) across syncs', async () => {
    await store.syncDirectory(spec(), 'config');
    const phonePin = await hashConfigPin('1001', '864209');
    await store.updateUser('1001', { locked: true, failedLogons: 7, awayGreetingEnabled: true, pinHash: phonePin, pinMustChange: false, pinHistory: ['old'] });
    await store.syncDirectory(spec({ users: [user('1001', { name: 'Renamed' }), user('1002')] }), 'config');
    const u = await store.getUser('1001');
    assert.equal(u?.name, 'Renamed');
    assert.equal(u?.locked, true);
    assert.equal(u?.failedLogons, 7);
    assert.equal(u?.awayGreetingEnabled, true);
    assert.equal(u?.pinHash, phonePin);
    assert.deepEqual(u?.pinHistory, ['old']);
  });

  it('applies the configured PIN to a user without one, keeps a PIN changed by phone until the file\'s PIN changes', async () => {
    // What `serve` does at each start: hash the file's PIN the same way every time.
    const fileSpec = async (pin: string): Promise<DirectorySpec> => spec({ users: [user('1001', { pinHash: await hashConfigPin('1001', pin) }), user('1002')] });

    await store.syncDirectory(await fileSpec('135790'), 'config');
    let u = await store.getUser('1001');
    assert.equal(await verifyPin('135790', u?.pinHash ?? ''), true);
    assert.equal(u?.pinMustChange, true, 'a PIN from the administrator is changed at first logon');
    assert.deepEqual(u?.pinSetAt, clock.now());
    assert.equal((await store.getUser('1002'))?.pinHash, null);

    // The user changes it by phone; the server restarts with the same file: the user's PIN stays.
    const byPhone = await hashConfigPin('9999', '246801');
    await store.updateUser('1001', { pinHash: byPhone, pinMustChange: false, failedLogons: 3 });
    clock.advance(60_000);
    assert.deepEqual(await store.syncDirectory(await fileSpec('135790'), 'config'), { added: 0, updated: 0, removed: 0 });
    assert.equal((await store.getUser('1001'))?.pinHash, byPhone);

    // The administrator puts a new PIN in the file: it replaces the user's, and clears the lockout.
    await store.updateUser('1001', { locked: true });
    assert.deepEqual(await store.syncDirectory(await fileSpec('112358'), 'config'), { added: 0, updated: 1, removed: 0 });
    u = await store.getUser('1001');
    assert.equal(await verifyPin('112358', u?.pinHash ?? ''), true);
    assert.equal(u?.pinMustChange, true);
    assert.equal(u?.locked, false);
    assert.equal(u?.failedLogons, 0);
    assert.deepEqual(u?.pinSetAt, clock.now());

    // A user whose PIN was cleared gets the configured one again at the next sync.
    await store.updateUser('1001', { pinHash: null });
    await store.syncDirectory(await fileSpec('112358'), 'config');
    assert.equal(await verifyPin('112358', (await store.getUser('1001'))?.pinHash ?? ''), true);

    // Removing the PIN from the file leaves the user's PIN alone.
    await store.syncDirectory(spec(), 'config');
    assert.equal(await verifyPin('112358', (await store.getUser('1001'))?.pinHash ?? ''), true);
  });

  it('rejects the whole sync when an entry is malformed, leaving the directory as it was', async () => {
    await store.syncDirectory(spec(), 'config');
    const before = await store.loadDirectory();
    await assert.rejects(
      store.syncDirectory(spec({ users: [user('1003'), user('../x')] }), 'config'),
      (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_MAILBOX',
    );
    await assert.rejects(store.syncDirectory(spec({ dialPlans: [dialPlan('a'), dialPlan('a')] }), 'config'), (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_INPUT');
    await assert.rejects(store.syncDirectory({ ...spec(), gateways: undefined } as never, 'config'), (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_INPUT');
    await assert.rejects(store.syncDirectory(spec(), 'yaml' as never), (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_INPUT');
    assert.deepEqual(await store.loadDirectory(), before);
  });

  it('updates a user\'s run-time fields, and refuses an unknown user or field', async () => {
    await store.syncDirectory(spec(), 'config');
    const when = new Date(Date.UTC(2025, 1, 1));
    await store.updateUser('1002', { pinSetAt: when, enabled: false, email: null, name: 'Kept' });
    const u = await store.getUser('1002');
    assert.deepEqual([u?.pinSetAt, u?.enabled, u?.email, u?.name], [when, false, null, 'Kept']);
    await assert.rejects(store.updateUser('4040', { locked: true }), (err: unknown) => err instanceof StoreError && err.code === 'STORE_MAILBOX_NOT_FOUND');
    await assert.rejects(store.updateUser('1002', { source: 'admin' } as never), (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_INPUT');
    await assert.rejects(store.updateUser('1002', { failedLogons: -1 }), (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_INPUT');
    await assert.rejects(store.updateUser('1002', { toString: 'x' } as never), (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_INPUT');
  });
});
