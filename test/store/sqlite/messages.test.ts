import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { StoreError, type SqliteMailboxStore, type StoredMessage } from '../../../src/store/index.js';
import { makeDirs, makeRecording, newMessage, openTestStore, type TestDirs } from '../helpers.js';

const at = (minute: number): Date => new Date(Date.UTC(2025, 0, 6, 9, minute, 0));

describe('SQLite store: messages and missed calls', () => {
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

  const leave = (mailbox: string, minute: number, extra: Parameters<typeof newMessage>[2] = {}): Promise<StoredMessage> =>
    store.deposit(newMessage(mailbox, makeRecording(dirs).path, { receivedAt: at(minute), ...extra }), []);

  it('lists newest first, new and saved by default, and filters by state and limit', async () => {
    const m1 = await leave('1001', 1);
    const m3 = await leave('1001', 3);
    const m2 = await leave('1001', 2);
    const gone = await leave('1001', 4);
    await leave('1002', 5);
    await store.updateMessage(m2.id, { state: 'saved' });
    await store.updateMessage(gone.id, { state: 'deleted' });

    const ids = (list: StoredMessage[]): string[] => list.map((m) => m.id);
    assert.deepEqual(ids(await store.listMessages('1001')), [m3.id, m2.id, m1.id]);
    assert.deepEqual(ids(await store.listMessages('1001', { states: ['saved'] })), [m2.id]);
    assert.deepEqual(ids(await store.listMessages('1001', { states: ['deleted'] })), [gone.id]);
    assert.deepEqual(ids(await store.listMessages('1001', { states: ['new', 'saved', 'deleted'], limit: 2 })), [gone.id, m3.id]);
    assert.deepEqual(await store.listMessages('1001', { states: [] }), []);
    await assert.rejects(store.listMessages('1001', { limit: 0 }), (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_INPUT');
  });

  it('lists messages received in the same millisecond in the order they were left, newest first', async () => {
    const a = await leave('1001', 1);
    const b = await leave('1001', 1);
    assert.deepEqual((await store.listMessages('1001')).map((m) => m.id), [b.id, a.id]);
  });

  it('counts new, saved and urgent new messages of one mailbox', async () => {
    assert.deepEqual(await store.countMessages('1001'), { new: 0, saved: 0, urgentNew: 0 });
    await leave('1001', 1, { urgent: true });
    await leave('1001', 2);
    const saved = await leave('1001', 3, { urgent: true });
    const deleted = await leave('1001', 4);
    await leave('1002', 5, { urgent: true });
    await store.updateMessage(saved.id, { state: 'saved' });
    await store.updateMessage(deleted.id, { state: 'deleted' });
    assert.deepEqual(await store.countMessages('1001'), { new: 2, saved: 1, urgentNew: 1 });
  });

  it('updates a message and enqueues its outbox entries in one call, and returns the new state', async () => {
    const m = await leave('1001', 1);
    const updated = await store.updateMessage(m.id, { state: 'saved', private: true, transcript: 'call me back' }, [{ kind: 'mwi', mailbox: '1001', subjectId: null }]);
    assert.equal(updated?.state, 'saved');
    assert.equal(updated?.private, true);
    assert.equal(updated?.transcript, 'call me back');
    assert.deepEqual(await store.getMessage(m.id), updated);
    const mwi = await store.listOutbox({ kinds: ['mwi'] });
    assert.equal(mwi.length, 1);
    assert.equal(mwi[0]?.subjectId, null, 'an mwi entry is about the mailbox, not a message');
    assert.equal(mwi[0]?.state, 'pending');
  });

  it('answers null for an unknown message and enqueues nothing for it', async () => {
    assert.equal(await store.updateMessage('no-such-id', { state: 'saved' }, [{ kind: 'mwi', mailbox: '1001', subjectId: null }]), null);
    assert.equal(await store.getMessage('no-such-id'), null);
    assert.deepEqual(await store.listOutbox(), []);
  });

  it('rolls back the patch when its outbox entry is invalid', async () => {
    const m = await leave('1001', 1);
    await assert.rejects(
      store.updateMessage(m.id, { state: 'saved' }, [{ kind: 'mwi', mailbox: 'x', subjectId: null }]),
      (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_MAILBOX',
    );
    assert.equal((await store.getMessage(m.id))?.state, 'new');
    await assert.rejects(store.updateMessage(m.id, { state: 'archived' as never }), (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_INPUT');
    assert.equal((await store.getMessage(m.id))?.state, 'new');
  });

  it('records missed calls with their outbox entries (a null subjectId becomes the missed call id) and lists them newest first', async () => {
    const first = await store.recordMissedCall(
      { mailbox: '1001', callerNumber: '1002', callerName: null, reason: 'busy', at: at(1), callId: 'c1' },
      [{ kind: 'missed-call', mailbox: '1001', subjectId: null }],
    );
    const second = await store.recordMissedCall({ mailbox: '1001', callerNumber: null, callerName: null, reason: 'no-answer', at: at(2), callId: null }, []);
    await store.recordMissedCall({ mailbox: '1002', callerNumber: null, callerName: null, reason: 'no-answer', at: at(3), callId: null }, []);
    assert.deepEqual(await store.getMissedCall(first.id), first);
    assert.equal(first.reason, 'busy');
    assert.deepEqual(first.at, at(1));
    assert.deepEqual((await store.listMissedCalls('1001')).map((c) => c.id), [second.id, first.id]);
    assert.deepEqual((await store.listMissedCalls('1001', { limit: 1 })).map((c) => c.id), [second.id]);
    const [entry] = await store.listOutbox({ kinds: ['missed-call'] });
    assert.equal(entry?.subjectId, first.id);
    assert.equal(await store.getMissedCall('nope'), null);
  });
});
