/**
 * DirectoryWatcher on a real SQLite store in a temp folder, its timer driven by a ManualClock:
 * a directory write from another connection (as `openum user add` from another process) reaches
 * the node at the next poll, and only then.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DialPlanConfig, MailboxPolicyConfig } from '../../src/config/index.js';
import type { Directory } from '../../src/directory/index.js';
import { DirectoryWatcher } from '../../src/node/index.js';
import { SqliteMailboxStore, type DirectorySpec } from '../../src/store/index.js';
import { ManualClock } from '../../src/util/clock.js';
import { makeDirs, type TestDirs } from '../store/helpers.js';

const spec: DirectorySpec = {
  dialPlans: [{ name: 'HQ', extensionDigits: 4, uriType: 'telExtension', countryCode: '1', language: 'en-US', voiceAccessNumbers: [] } as unknown as DialPlanConfig],
  gateways: [],
  huntGroups: [],
  mailboxPolicies: [{ name: 'Default', minPinLength: 6 } as MailboxPolicyConfig],
  autoAttendants: [],
  users: [{ extension: '1001', name: 'Alice', dialPlan: 'HQ', mailboxPolicy: 'Default' }],
};

interface Logged {
  level: 'info' | 'warn';
  msg: string;
  obj: Record<string, unknown>;
}

describe('DirectoryWatcher', () => {
  let dirs: TestDirs;
  let node: SqliteMailboxStore;
  let cli: SqliteMailboxStore;
  let clock: ManualClock;
  let logged: Logged[];
  let received: { directory: Directory; version: number }[];
  let watcher: DirectoryWatcher;

  beforeEach(async () => {
    dirs = makeDirs('openum-watch-');
    node = SqliteMailboxStore.open({ dataDir: dirs.dataDir });
    cli = SqliteMailboxStore.open({ dataDir: dirs.dataDir });
    await node.syncDirectory(spec, 'config');
    clock = new ManualClock();
    logged = [];
    received = [];
    watcher = new DirectoryWatcher({
      store: node,
      version: await node.directoryVersion(),
      onChange: (directory, version) => void received.push({ directory, version }),
      logger: {
        info: (obj, msg) => void logged.push({ level: 'info', obj, msg }),
        warn: (obj, msg) => void logged.push({ level: 'warn', obj, msg }),
      },
      intervalMs: 2000,
      clock,
    });
  });
  afterEach(async () => {
    watcher.close();
    await watcher.idle();
    await node.close();
    await cli.close();
    dirs.remove();
  });

  /** Moves time on and lets the poll the timer started finish. */
  async function tick(ms: number): Promise<void> {
    clock.advance(ms);
    await watcher.idle();
  }

  it('hands over a new Directory with the added user at the first poll after the write, not before', async () => {
    watcher.start();
    await cli.addUser({ extension: '1003', name: 'Carol', dialPlan: 'HQ', mailboxPolicy: 'Default' }, 'admin');
    await tick(1999);
    assert.equal(received.length, 0, 'no poll before the interval');
    await tick(1);
    assert.equal(received.length, 1);
    assert.equal(received[0]!.directory.user('1003')?.name, 'Carol');
    assert.equal(received[0]!.version, await cli.directoryVersion());
    assert.deepEqual(logged.map((l) => [l.level, l.msg, l.obj['users']]), [['info', 'directory reloaded', 2]]);
  });

  it('keeps polling, and reloads only when the version changed', async () => {
    watcher.start();
    await tick(2000);
    await tick(2000);
    assert.equal(received.length, 0, 'nothing changed');
    await cli.setUser('1001', { enabled: false });
    await tick(2000);
    await tick(2000);
    assert.equal(received.length, 1);
    assert.equal(received[0]!.directory.user('1001')?.enabled, false);
    await cli.updateUser('1001', { failedLogons: 3 });
    await tick(2000);
    assert.equal(received.length, 1, 'logon state is not a directory change');
    assert.equal(clock.pending, 1, 'one timer armed at a time');
  });

  it('check() polls at once and joins a poll in flight instead of starting a second', async () => {
    await cli.removeUser('1001').catch(() => undefined); // a config user: refused, nothing changes
    await cli.addUser({ extension: '1004', name: 'Dan', dialPlan: 'HQ', mailboxPolicy: 'Default' }, 'admin');
    const first = watcher.check();
    const second = watcher.check();
    assert.equal(first, second);
    assert.equal(await first, true);
    assert.equal(await watcher.check(), false);
    assert.equal(received.length, 1);
  });

  it('logs a failing store once, keeps the directory it has and never throws', async () => {
    watcher.start();
    await node.close();
    await tick(2000);
    await tick(2000);
    assert.equal(received.length, 0);
    const warnings = logged.filter((l) => l.level === 'warn');
    assert.deepEqual(warnings.map((l) => [l.msg, l.obj['code']]), [['directory check failed; keeping the current directory', 'STORE_CLOSED']]);
    assert.equal(clock.pending, 1, 'still polling');
  });

  it('stops on close: no timer left, and a poll in flight does not hand anything over', async () => {
    watcher.start();
    await cli.addUser({ extension: '1003', name: 'Carol', dialPlan: 'HQ', mailboxPolicy: 'Default' }, 'admin');
    const inFlight = watcher.check();
    watcher.close();
    assert.equal(await inFlight, false);
    assert.equal(received.length, 0);
    assert.equal(clock.pending, 0);
    watcher.close();
    watcher.start();
    assert.equal(clock.pending, 0, 'a closed watcher does not start again');
  });

  it('refuses an interval that is not a positive number', () => {
    for (const intervalMs of [0, -5, Number.NaN]) {
      assert.throws(() => new DirectoryWatcher({ store: node, version: 0, onChange: () => undefined, logger: { info: () => undefined, warn: () => undefined }, intervalMs }), RangeError);
    }
  });
});
