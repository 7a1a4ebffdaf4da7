import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DATABASE_FILE, StoreError, type SqliteMailboxStore } from '../../../src/store/index.js';
import { filesUnder, makeDirs, makeRecording, newMessage, openTestStore, type TestDirs } from '../helpers.js';

const isStoreError = (code: string) => (err: unknown) => err instanceof StoreError && err.code === code;

describe('SQLite store: deposit', () => {
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

  /** Runs SQL on a second connection to the same file (a real SQLite, used to make the store's insert fail). */
  const sideSql = (sql: string): void => {
    const db = new BetterSqlite3(join(dirs.dataDir, DATABASE_FILE));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  };

  it('moves the recording to messages/<folder>/<uuid>.wav and the message is there after close and reopen', async () => {
    const rec = makeRecording(dirs);
    const message = await store.deposit(newMessage('1001', rec.path), [{ kind: 'email', mailbox: '1001', subjectId: null }]);
    assert.ok(!existsSync(rec.path), 'the recording was moved, not copied');
    assert.match(relative(dirs.dataDir, message.audioPath).split(sep).join('/'), /^messages\/[0-9a-f]{32}\/[0-9a-f-]{36}\.wav$/);
    assert.ok(message.audioPath.endsWith(`${message.id}.wav`));
    assert.deepEqual(readFileSync(message.audioPath), rec.bytes);
    assert.equal(message.state, 'new');
    assert.equal(message.callerName, 'Ada Lovelace');
    assert.equal(message.durationMs, 12_340);

    await store.close();
    store = openTestStore(dirs);
    assert.deepEqual(await store.getMessage(message.id), message);
    assert.deepEqual(readFileSync(message.audioPath), rec.bytes);
  });

  it('commits deposits made together as one group, where one that fails (quota) rolls back alone', async () => {
    const recs = Array.from({ length: 5 }, () => makeRecording(dirs));
    const outcomes = await Promise.allSettled(
      recs.map((rec) => store.deposit(newMessage('1001', rec.path), [{ kind: 'mwi', mailbox: '1001', subjectId: null }], { quota: 3 })),
    );
    const saved = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(saved.length, 3);
    assert.equal(refused.length, 2);
    for (const o of refused) assert.ok(isStoreError('STORE_MAILBOX_FULL')((o as PromiseRejectedResult).reason));
    assert.equal((await store.listMessages('1001')).length, 3);
    assert.equal((await store.listOutbox({ mailbox: '1001' })).length, 3, 'only the saved deposits left outbox entries');
    // The refused recordings are back where the caller had them; the saved ones were moved.
    const back = recs.filter((r) => existsSync(r.path));
    assert.equal(back.length, 2);
  });

  it('gives outbox entries with a null subjectId the new message id, and keeps the others', async () => {
    const rec = makeRecording(dirs);
    const message = await store.deposit(newMessage('1001', rec.path), [
      { kind: 'email', mailbox: '1001', subjectId: null },
      { kind: 'mwi', mailbox: '1001', subjectId: null },
      { kind: 'webhook', mailbox: '1001', subjectId: 'other-subject', payload: { url: 'https://example.com/hook' } },
    ]);
    const entries = await store.listOutbox({ mailbox: '1001' });
    const byKind = new Map(entries.map((e) => [e.kind, e]));
    assert.equal(entries.length, 3);
    assert.equal(byKind.get('email')?.subjectId, message.id);
    assert.equal(byKind.get('mwi')?.subjectId, message.id);
    assert.equal(byKind.get('webhook')?.subjectId, 'other-subject');
    assert.deepEqual(byKind.get('webhook')?.payload, { url: 'https://example.com/hook' });
    assert.ok(entries.every((e) => e.state === 'pending' && e.attempts === 0));
  });

  it('rolls back when the insert fails: no row, no outbox entry, no file under messages/, the recording back in place', async () => {
    const rec = makeRecording(dirs);
    // The message row goes in, then the outbox insert fails: the whole transaction must go.
    sideSql(`CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;`);
    await assert.rejects(store.deposit(newMessage('1001', rec.path), [{ kind: 'mwi', mailbox: '1001', subjectId: null }]), isStoreError('STORE_DB_FAILED'));
    assert.deepEqual(filesUnder(join(dirs.dataDir, 'messages')), []);
    assert.deepEqual(readFileSync(rec.path), rec.bytes, 'the caller still has the recording');
    assert.deepEqual(await store.listMessages('1001', { states: ['new', 'saved', 'deleted'] }), []);
    assert.deepEqual(await store.listOutbox(), []);

    sideSql('DROP TRIGGER fail_outbox;');
    const message = await store.deposit(newMessage('1001', rec.path), [{ kind: 'mwi', mailbox: '1001', subjectId: null }]);
    assert.deepEqual(filesUnder(join(dirs.dataDir, 'messages')).length, 1);
    assert.deepEqual(readFileSync(message.audioPath), rec.bytes);
  });

  it('inserts nothing when the recording cannot be moved (missing file, a folder)', async () => {
    await assert.rejects(store.deposit(newMessage('1001', join(dirs.spool, 'missing.wav')), []), isStoreError('STORE_FILE_FAILED'));
    const folder = join(dirs.spool, 'a-folder.wav');
    mkdirSync(folder);
    await assert.rejects(store.deposit(newMessage('1001', folder), []), isStoreError('STORE_FILE_FAILED'));
    assert.deepEqual(await store.listMessages('1001', { states: ['new', 'saved', 'deleted'] }), []);
    assert.deepEqual(await store.listOutbox(), []);
    assert.ok(existsSync(folder));
  });

  it('refuses a deposit into a full mailbox (STORE_MAILBOX_FULL), leaving the recording, and counts only kept messages', async () => {
    const first = await store.deposit(newMessage('1001', makeRecording(dirs).path), [], { quota: 2 });
    await store.deposit(newMessage('1001', makeRecording(dirs).path), [], { quota: 2 });
    const third = makeRecording(dirs);
    await assert.rejects(store.deposit(newMessage('1001', third.path), [{ kind: 'mwi', mailbox: '1001', subjectId: null }], { quota: 2 }), isStoreError('STORE_MAILBOX_FULL'));
    assert.ok(existsSync(third.path));
    assert.equal((await store.listOutbox()).length, 0);
    // Another mailbox has its own quota; a deleted message frees a place.
    await store.deposit(newMessage('1002', makeRecording(dirs).path), [], { quota: 2 });
    await store.updateMessage(first.id, { state: 'deleted' });
    await store.deposit(newMessage('1001', third.path), [], { quota: 2 });
    assert.equal((await store.listMessages('1001')).length, 2);
  });

  it('rejects a mailbox that is not digits (STORE_BAD_MAILBOX) before touching any file', async () => {
    const rec = makeRecording(dirs);
    for (const mailbox of ['../x', '', '1001/../../etc', '10 01', '1'.repeat(33), 'x']) {
      await assert.rejects(store.deposit(newMessage(mailbox, rec.path), []), isStoreError('STORE_BAD_MAILBOX'), mailbox);
    }
    await assert.rejects(store.deposit(newMessage('1001', rec.path), [{ kind: 'mwi', mailbox: '../x', subjectId: null }]), isStoreError('STORE_BAD_MAILBOX'));
    await assert.rejects(store.listMessages('../x'), isStoreError('STORE_BAD_MAILBOX'));
    await assert.rejects(store.setGreeting('../x', 'normal', rec.path), isStoreError('STORE_BAD_MAILBOX'));
    assert.equal(await store.getUser('../x'), null);
    assert.deepEqual(readFileSync(rec.path), rec.bytes);
    assert.deepEqual(filesUnder(join(dirs.dataDir, 'messages')), []);
    assert.deepEqual(filesUnder(join(dirs.dataDir, 'greetings')), []);
  });

  it('rejects values outside their domain (STORE_BAD_INPUT) and clips over-long caller text from the network', async () => {
    const rec = makeRecording(dirs);
    const bad = [
      newMessage('1001', rec.path, { reason: 'because' as never }),
      newMessage('1001', rec.path, { receivedAt: new Date(NaN) }),
      newMessage('1001', rec.path, { durationMs: -1 }),
      newMessage('1001', rec.path, { urgent: 'yes' as never }),
    ];
    for (const m of bad) await assert.rejects(store.deposit(m, []), isStoreError('STORE_BAD_INPUT'));
    await assert.rejects(store.deposit(newMessage('1001', rec.path), [{ kind: 'fax' as never, mailbox: '1001', subjectId: null }]), isStoreError('STORE_BAD_INPUT'));
    await assert.rejects(store.deposit(newMessage('1001', rec.path), [], { quota: -1 }), isStoreError('STORE_BAD_INPUT'));
    assert.ok(existsSync(rec.path));

    const message = await store.deposit(newMessage('1001', rec.path, { callerName: 'A'.repeat(10_000) }), []);
    assert.equal(message.callerName?.length, 256);
  });
});
