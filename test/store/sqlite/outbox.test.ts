import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { storeLimits, StoreError, type OutboxEntry, type SqliteMailboxStore } from '../../../src/store/index.js';
import { makeDirs, openTestStore, TestClock, type TestDirs } from '../helpers.js';

const ids = (entries: OutboxEntry[]): string[] => entries.map((e) => e.id);
const isStoreError = (code: string) => (err: unknown) => err instanceof StoreError && err.code === code;

describe('SQLite store: outbox', () => {
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

  const later = (ms: number): Date => new Date(clock.now().getTime() + ms);

  it('enqueues entries pending, due now, with no attempts', async () => {
    const [e] = await store.enqueue([{ kind: 'webhook', mailbox: '1001', subjectId: 'm1', payload: { n: 1 } }]);
    assert.deepEqual(e && { ...e, id: '' }, {
      id: '',
      kind: 'webhook',
      mailbox: '1001',
      subjectId: 'm1',
      payload: { n: 1 },
      state: 'pending',
      attempts: 0,
      nextAttemptAt: clock.now(),
      lastError: null,
      createdAt: clock.now(),
      deliveredAt: null,
    });
    assert.deepEqual(await store.getOutboxEntry(e?.id ?? ''), e);
  });

  it('claims due entries oldest first, up to the limit, and leases them so a second claim gets the rest', async () => {
    const a = await store.enqueue([{ kind: 'email', mailbox: '1001', subjectId: 'm1' }]);
    clock.advance(10);
    const b = await store.enqueue([{ kind: 'mwi', mailbox: '1001', subjectId: null }, { kind: 'imap', mailbox: '1002', subjectId: 'm2' }]);
    clock.advance(10);
    await store.enqueue([{ kind: 'email', mailbox: '1003', subjectId: 'm3' }]);
    const notYet = (await store.enqueue([{ kind: 'email', mailbox: '1004', subjectId: 'm4' }]))[0];
    await store.markRetry(notYet?.id ?? '', 'later', later(60_000));

    const first = await store.claimDue(clock.now(), 2, 30_000);
    assert.deepEqual(ids(first), [...ids(a), b[0]?.id]);
    assert.ok(first.every((e) => e.nextAttemptAt.getTime() === clock.now().getTime() + 30_000), 'leased until now + leaseMs');
    const second = await store.claimDue(clock.now(), 10, 30_000);
    assert.equal(second.length, 2, 'the leased ones and the one not due are left out');
    assert.deepEqual(await store.claimDue(clock.now(), 10, 30_000), []);
  });

  it('gives a crashed worker\'s entries back when the lease runs out', async () => {
    await store.enqueue([{ kind: 'email', mailbox: '1001', subjectId: 'm1' }]);
    const [claimed] = await store.claimDue(clock.now(), 1, 30_000);
    clock.advance(29_999);
    assert.deepEqual(await store.claimDue(clock.now(), 1, 30_000), []);
    clock.advance(1);
    const [again] = await store.claimDue(clock.now(), 1, 30_000);
    assert.equal(again?.id, claimed?.id);
  });

  it('puts back at once, on restart, the entries a killed worker had claimed, and only those', async () => {
    const entries = await store.enqueue([
      { kind: 'email', mailbox: '1001', subjectId: 'a' },
      { kind: 'email', mailbox: '1001', subjectId: 'b' },
      { kind: 'email', mailbox: '1001', subjectId: 'c' },
    ]);
    const claimed = await store.claimDue(clock.now(), 2, 300_000);
    assert.equal(claimed.length, 2);
    // One of them was retried (not claimed any more): its backoff must stand.
    await store.markRetry(claimed[1]!.id, 'refused', later(60_000));
    await store.close();
    store = openTestStore(dirs, clock);
    assert.equal(await store.releaseClaims(clock.now()), 1);
    const due = await store.claimDue(clock.now(), 10, 300_000);
    assert.deepEqual(new Set(ids(due)), new Set([claimed[0]!.id, entries.find((e) => !claimed.some((c) => c.id === e.id))!.id]));
    assert.equal((await store.getOutboxEntry(claimed[1]!.id))?.nextAttemptAt.getTime(), later(60_000).getTime());
    assert.equal(await store.releaseClaims(clock.now()), 2, 'the new claims are released too (the caller is the only worker)');
  });

  it('never leases one entry to two connections', async () => {
    await store.enqueue(Array.from({ length: 6 }, (_, i) => ({ kind: 'mwi' as const, mailbox: `100${i}`, subjectId: null })));
    const other = openTestStore(dirs, clock);
    try {
      const mine = await store.claimDue(clock.now(), 3, 30_000);
      const theirs = await other.claimDue(clock.now(), 10, 30_000);
      assert.equal(mine.length + theirs.length, 6);
      assert.equal(new Set([...ids(mine), ...ids(theirs)]).size, 6);
    } finally {
      await other.close();
    }
  });

  it('retries: attempts + 1, the error kept, due again at the given time', async () => {
    const [e] = await store.enqueue([{ kind: 'email', mailbox: '1001', subjectId: 'm1' }]);
    await store.claimDue(clock.now(), 1, 30_000);
    await store.markRetry(e?.id ?? '', '421 4.3.2 try again later', later(120_000));
    const after = await store.getOutboxEntry(e?.id ?? '');
    assert.equal(after?.attempts, 1);
    assert.equal(after?.lastError, '421 4.3.2 try again later');
    assert.equal(after?.state, 'pending');
    clock.advance(119_999);
    assert.deepEqual(await store.claimDue(clock.now(), 1, 30_000), []);
    clock.advance(1);
    assert.equal((await store.claimDue(clock.now(), 1, 30_000))[0]?.attempts, 1);
  });

  it('keeps failed entries visible and unclaimed until an administrator retries them', async () => {
    const [e] = await store.enqueue([{ kind: 'email', mailbox: '1001', subjectId: 'm1' }]);
    const id = e?.id ?? '';
    await store.markRetry(id, 'timeout', clock.now());
    await store.markFailed(id, '550 5.1.1 no such user');
    const failed = await store.getOutboxEntry(id);
    assert.equal(failed?.state, 'failed');
    assert.equal(failed?.attempts, 2);
    assert.equal(failed?.lastError, '550 5.1.1 no such user');
    assert.deepEqual(ids(await store.listOutbox({ states: ['failed'] })), [id]);
    clock.advance(3_600_000);
    assert.deepEqual(await store.claimDue(clock.now(), 10, 30_000), []);

    assert.equal(await store.retryFailed(id, clock.now()), true);
    const back = await store.getOutboxEntry(id);
    assert.deepEqual([back?.state, back?.attempts, back?.nextAttemptAt], ['pending', 0, clock.now()]);
    assert.equal(back?.lastError, '550 5.1.1 no such user', 'the last error stays visible');
    assert.equal(await store.retryFailed(id, clock.now()), false, 'only a failed entry can be retried');
    assert.equal(await store.retryFailed('no-such-id', clock.now()), false);
    assert.deepEqual(ids(await store.claimDue(clock.now(), 10, 30_000)), [id]);
  });

  it('marks delivered once: a late retry or failure does not undo it', async () => {
    const [e] = await store.enqueue([{ kind: 'imap', mailbox: '1001', subjectId: 'm1' }]);
    const id = e?.id ?? '';
    const at = later(5);
    await store.markDelivered(id, at);
    await store.markRetry(id, 'late worker', later(10));
    await store.markFailed(id, 'late worker');
    await store.markDelivered(id, later(99));
    const done = await store.getOutboxEntry(id);
    assert.deepEqual([done?.state, done?.deliveredAt, done?.attempts, done?.lastError], ['delivered', at, 0, null]);
    assert.deepEqual(await store.claimDue(later(1_000_000), 10, 30_000), []);
  });

  it('answers STORE_OUTBOX_NOT_FOUND for an unknown entry', async () => {
    await assert.rejects(store.markDelivered('nope', clock.now()), isStoreError('STORE_OUTBOX_NOT_FOUND'));
    await assert.rejects(store.markRetry('nope', 'x', clock.now()), isStoreError('STORE_OUTBOX_NOT_FOUND'));
    await assert.rejects(store.markFailed('nope', 'x'), isStoreError('STORE_OUTBOX_NOT_FOUND'));
    assert.equal(await store.getOutboxEntry('nope'), null);
  });

  it('lists newest first, filtered by state, kind and mailbox, up to a limit', async () => {
    const [a] = await store.enqueue([{ kind: 'email', mailbox: '1001', subjectId: 'm1' }]);
    clock.advance(1);
    const [b] = await store.enqueue([{ kind: 'mwi', mailbox: '1001', subjectId: null }]);
    clock.advance(1);
    const [c] = await store.enqueue([{ kind: 'email', mailbox: '1002', subjectId: 'm2' }]);
    await store.markDelivered(c?.id ?? '', clock.now());
    assert.deepEqual(ids(await store.listOutbox()), [c?.id, b?.id, a?.id]);
    assert.deepEqual(ids(await store.listOutbox({ kinds: ['email'] })), [c?.id, a?.id]);
    assert.deepEqual(ids(await store.listOutbox({ mailbox: '1001' })), [b?.id, a?.id]);
    assert.deepEqual(ids(await store.listOutbox({ states: ['pending'], kinds: ['email', 'mwi'] })), [b?.id, a?.id]);
    assert.deepEqual(ids(await store.listOutbox({ limit: 1 })), [c?.id]);
    assert.deepEqual(await store.listOutbox({ states: [] }), []);
    await assert.rejects(store.listOutbox({ kinds: ['fax' as never] }), isStoreError('STORE_BAD_INPUT'));
    await assert.rejects(store.listOutbox({ mailbox: '1001; DROP TABLE outbox' }), isStoreError('STORE_BAD_MAILBOX'));
  });

  it('cuts a long delivery error to its limit and refuses bad claim arguments', async () => {
    const [e] = await store.enqueue([{ kind: 'webhook', mailbox: '1001', subjectId: 's' }]);
    await store.markRetry(e?.id ?? '', 'x'.repeat(50_000), clock.now());
    assert.equal((await store.getOutboxEntry(e?.id ?? ''))?.lastError?.length, storeLimits.maxOutboxErrorChars);
    await assert.rejects(store.claimDue(clock.now(), 0, 1000), isStoreError('STORE_BAD_INPUT'));
    await assert.rejects(store.claimDue(clock.now(), 1, 0), isStoreError('STORE_BAD_INPUT'));
    await assert.rejects(store.claimDue(new Date(NaN), 1, 1000), isStoreError('STORE_BAD_INPUT'));
    await assert.rejects(store.enqueue([{ kind: 'mwi', mailbox: '1001', subjectId: null, payload: [] as never }]), isStoreError('STORE_BAD_INPUT'));
  });
});
