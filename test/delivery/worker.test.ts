import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, it } from 'node:test';
import {
  createMwiHandler,
  DeliveryError,
  OutboxWorker,
  type MwiNotifier,
  type OutboxHandler,
  type OutboxWorkerOptions,
} from '../../src/delivery/index.js';
import type { MessageCounts, OutboxEntry, SqliteMailboxStore } from '../../src/store/index.js';
import { depositTone, ManualWallClock, openTestStore, recordingLogger } from './helpers.js';

/** A promise with its resolve and reject outside. */
function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function until(what: string, check: () => Promise<boolean> | boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(handlers: OutboxWorkerOptions['handlers'], extra: Partial<OutboxWorkerOptions> = {}) {
  const clock = new ManualWallClock();
  const opened = await openTestStore(clock);
  const logger = recordingLogger();
  const worker = new OutboxWorker({ store: opened.store, handlers, logger, clock, random: () => 0, ...extra });
  cleanups.push(async () => {
    await worker.stop();
    await opened.close();
  });
  return { clock, store: opened.store, dir: opened.dir, logger, worker };
}

async function enqueue(store: SqliteMailboxStore, kind: OutboxEntry['kind'], mailbox = '1001', n = 1): Promise<OutboxEntry[]> {
  return store.enqueue(Array.from({ length: n }, () => ({ kind, mailbox, subjectId: null })));
}

async function entry(store: SqliteMailboxStore, id: string): Promise<OutboxEntry> {
  const e = await store.getOutboxEntry(id);
  assert.ok(e !== null, `entry ${id} vanished`);
  return e;
}

describe('OutboxWorker: outcomes', () => {
  it('marks a delivered entry delivered at the clock time and logs one line without content', async () => {
    const seen: string[] = [];
    const { store, worker, clock, logger } = await setup({ webhook: { deliver: async (e) => void seen.push(e.id) } });
    const [e] = await enqueue(store, 'webhook');
    assert.equal(await worker.runOnce(), 1);
    assert.deepEqual(seen, [e?.id]);
    const after = await entry(store, e!.id);
    assert.equal(after.state, 'delivered');
    assert.equal(after.deliveredAt?.getTime(), clock.now().getTime());
    const lines = logger.lines.filter((l) => l.msg === 'outbox entry delivered');
    assert.equal(lines.length, 1);
    assert.deepEqual(lines[0]?.obj, { entryId: e!.id, kind: 'webhook', mailbox: '1001', attempt: 1 });
  });

  it('retries a temporary failure after 5 s, then 10 s, keeping the entry pending with its error', async () => {
    let fail = 2;
    const { store, worker, clock, logger } = await setup({
      webhook: {
        deliver: async () => {
          if (fail-- > 0) throw new DeliveryError('DELIVERY_SMTP_UNAVAILABLE', 'connection refused', { permanent: false });
        },
      },
    });
    const [e] = await enqueue(store, 'webhook');
    const start = clock.now().getTime();
    assert.equal(await worker.runOnce(), 1);
    let after = await entry(store, e!.id);
    assert.equal(after.state, 'pending');
    assert.equal(after.attempts, 1);
    assert.equal(after.lastError, 'DELIVERY_SMTP_UNAVAILABLE: connection refused');
    assert.equal(after.nextAttemptAt.getTime(), start + 5_000);
    assert.equal(logger.lines.filter((l) => l.msg === 'outbox entry deferred').at(-1)?.obj['retryInMs'], 5_000);

    clock.advance(4_999);
    assert.equal(await worker.runOnce(), 0, 'claimed before its retry time');
    clock.advance(1);
    assert.equal(await worker.runOnce(), 1);
    after = await entry(store, e!.id);
    assert.equal(after.attempts, 2);
    assert.equal(after.nextAttemptAt.getTime(), start + 5_000 + 10_000);

    clock.advance(10_000);
    assert.equal(await worker.runOnce(), 1);
    after = await entry(store, e!.id);
    assert.equal(after.state, 'delivered');
    assert.equal(logger.lines.find((l) => l.msg === 'outbox entry delivered')?.obj['attempt'], 3);
  });

  it('fails a permanent failure at once and keeps it visible until an administrator retries it', async () => {
    let permanent = true;
    const { store, worker, clock } = await setup({
      webhook: {
        deliver: async () => {
          if (permanent) throw new DeliveryError('DELIVERY_SMTP_REJECTED', '550 5.1.1 no such user', { permanent: true });
        },
      },
    });
    const [e] = await enqueue(store, 'webhook');
    await worker.runOnce();
    const failed = await entry(store, e!.id);
    assert.equal(failed.state, 'failed');
    assert.equal(failed.lastError, 'DELIVERY_SMTP_REJECTED: 550 5.1.1 no such user');
    clock.advance(24 * 3600_000);
    assert.equal(await worker.runOnce(), 0, 'a failed entry is not retried by itself');
    assert.deepEqual((await store.listOutbox({ states: ['failed'] })).map((x) => x.id), [e!.id]);

    permanent = false;
    assert.equal(await store.retryFailed(e!.id, clock.now()), true);
    assert.equal(await worker.runOnce(), 1);
    assert.equal((await entry(store, e!.id)).state, 'delivered');
  });

  it('treats a handler crash as a temporary failure', async () => {
    const { store, worker } = await setup({
      webhook: {
        deliver: async () => {
          throw new TypeError("Cannot read properties of undefined (reading 'x')");
        },
      },
    });
    const [e] = await enqueue(store, 'webhook');
    await worker.runOnce();
    const after = await entry(store, e!.id);
    assert.equal(after.state, 'pending');
    assert.match(after.lastError ?? '', /^DELIVERY_HANDLER_CRASHED: handler failed: Cannot read properties/);
  });

  it('treats a handler that throws synchronously as a temporary failure too', async () => {
    const { store, worker } = await setup({
      webhook: {
        deliver: () => {
          throw new Error('sync boom');
        },
      },
    });
    const [e] = await enqueue(store, 'webhook');
    await worker.runOnce();
    assert.match((await entry(store, e!.id)).lastError ?? '', /^DELIVERY_HANDLER_CRASHED: handler failed: sync boom/);
  });

  it('keeps entries of a kind without a handler pending (DELIVERY_NO_HANDLER)', async () => {
    const { store, worker } = await setup({});
    const [e] = await enqueue(store, 'email');
    await worker.runOnce();
    const after = await entry(store, e!.id);
    assert.equal(after.state, 'pending');
    assert.match(after.lastError ?? '', /^DELIVERY_NO_HANDLER: .*"email"/);
  });

  it('fails an entry whose temporary failures have lasted longer than maxAgeMs (3 days by default)', async () => {
    const { store, worker, clock } = await setup({
      webhook: {
        deliver: async () => {
          throw new DeliveryError('DELIVERY_SMTP_UNAVAILABLE', 'connection refused', { permanent: false });
        },
      },
    });
    const [e] = await enqueue(store, 'webhook');
    await worker.runOnce();
    clock.advance(3 * 24 * 3600_000 - 60_000);
    await worker.runOnce();
    assert.equal((await entry(store, e!.id)).state, 'pending', 'failed before 3 days');
    clock.advance(60_000);
    await worker.runOnce();
    const after = await entry(store, e!.id);
    assert.equal(after.state, 'failed');
    assert.match(after.lastError ?? '', /^DELIVERY_EXPIRED: gave up after 3 attempts over 3 days; last error DELIVERY_SMTP_UNAVAILABLE: connection refused$/);
  });

  it('gives up on an attempt that outlives its lease, aborting it, and retries', async () => {
    const aborted = deferred<unknown>();
    const { store, worker } = await setup(
      {
        webhook: {
          deliver: (_e, { signal }) =>
            new Promise((_, reject) => {
              signal.addEventListener('abort', () => {
                aborted.resolve(signal.reason);
                reject(signal.reason);
              });
            }),
        },
      },
      { leaseMs: 20 },
    );
    const [e] = await enqueue(store, 'webhook');
    await worker.runOnce();
    assert.ok((await aborted.promise) instanceof DeliveryError);
    const after = await entry(store, e!.id);
    assert.equal(after.state, 'pending');
    assert.match(after.lastError ?? '', /^DELIVERY_TIMEOUT: /);
  });
});

describe('OutboxWorker: leases, concurrency, coalescing', () => {
  it('does not hand out an entry another worker holds until its lease ends, then delivers it', async () => {
    const blocked = deferred();
    const { store, clock, logger } = await setup({});
    const stuck = new OutboxWorker({ store, handlers: { webhook: { deliver: () => blocked.promise } }, logger, clock, leaseMs: 60_000 });
    const delivered: string[] = [];
    const second = new OutboxWorker({ store, handlers: { webhook: { deliver: async (e) => void delivered.push(e.id) } }, logger, clock, leaseMs: 60_000 });
    const [e] = await enqueue(store, 'webhook');

    const first = stuck.runOnce(); // claims and hangs, like a worker on a node that then dies
    await until('the first worker to claim', () => stuck.held === 1);
    assert.equal(await second.runOnce(), 0);
    clock.advance(59_999);
    assert.equal(await second.runOnce(), 0);
    clock.advance(1);
    assert.equal(await second.runOnce(), 1);
    assert.deepEqual(delivered, [e!.id]);
    assert.equal((await entry(store, e!.id)).state, 'delivered');

    // The first worker finishing late does not undo or repeat the outcome.
    blocked.resolve();
    await first;
    const after = await entry(store, e!.id);
    assert.equal(after.state, 'delivered');
    assert.equal(after.attempts, 0);
  });

  it('runs at most concurrency[kind] entries of a kind at once, without holding up other kinds', async () => {
    const gates: { id: string; open: () => void }[] = [];
    let running = 0;
    let most = 0;
    const mwiDone = deferred();
    const { store, worker } = await setup(
      {
        webhook: {
          deliver: async (e) => {
            running++;
            most = Math.max(most, running);
            const gate = deferred();
            gates.push({ id: e.id, open: () => gate.resolve() });
            await gate.promise;
            running--;
          },
        },
        mwi: { deliver: async () => void mwiDone.resolve() },
      },
      { concurrency: { webhook: 2 } },
    );
    await enqueue(store, 'webhook', '1001', 5);
    await enqueue(store, 'mwi', '1001');
    const pass = worker.runOnce();
    await mwiDone.promise; // the mwi entry went through while both webhook slots were busy
    assert.equal(gates.length, 2);
    while (gates.length > 0) {
      gates.shift()?.open();
      await until('the next webhook entry to start or the queue to drain', () => gates.length > 0 || running === 0);
    }
    assert.equal(await pass, 6);
    assert.equal(most, 2);
    assert.equal((await store.listOutbox({ states: ['delivered'] })).length, 6);
  });

  it('sends one MWI NOTIFY per mailbox for several pending entries, with the counts at delivery time', async () => {
    const notified: [string, MessageCounts][] = [];
    const notifier: MwiNotifier = { notify: async (mailbox, counts) => void notified.push([mailbox, counts]) };
    const clock = new ManualWallClock();
    const opened = await openTestStore(clock);
    const { store } = opened;
    const logger = recordingLogger();
    const worker = new OutboxWorker({ store, handlers: { mwi: createMwiHandler({ store, notifier }) }, logger, clock });
    cleanups.push(async () => {
      await worker.stop();
      await opened.close();
    });
    // Two deposits each with an mwi entry, plus two more entries for 1001 and one for 1002.
    await depositTone(store, opened.dir, { kinds: ['mwi'] });
    await depositTone(store, opened.dir, { kinds: ['mwi'] });
    await enqueue(store, 'mwi', '1001', 2);
    await enqueue(store, 'mwi', '1002');
    assert.equal(await worker.runOnce(), 5);
    notified.sort((a, b) => a[0].localeCompare(b[0]));
    assert.deepEqual(notified, [
      ['1001', { new: 2, saved: 0, urgentNew: 0 }],
      ['1002', { new: 0, saved: 0, urgentNew: 0 }],
    ]);
    assert.equal((await store.listOutbox({ states: ['delivered'], kinds: ['mwi'] })).length, 5);
    const line = logger.lines.find((l) => l.msg === 'outbox entry delivered' && l.obj['mailbox'] === '1001');
    assert.equal(line?.obj['coalesced'], 4);
  });

  it('never delivers two entries with one coalesce key at the same time', async () => {
    let inside = 0;
    let overlap = false;
    const gate = deferred();
    const calls: string[] = [];
    const handler: OutboxHandler = {
      coalesceKey: (e) => e.mailbox,
      deliver: async (e) => {
        calls.push(e.mailbox);
        inside++;
        if (inside > 1) overlap = true;
        if (calls.length === 1) await gate.promise;
        inside--;
      },
    };
    const { store, worker } = await setup({ mwi: handler }, { batch: 1 });
    await enqueue(store, 'mwi', '1001');
    const first = worker.runOnce();
    await until('the first NOTIFY to start', () => calls.length === 1);
    await enqueue(store, 'mwi', '1001');
    // batch 1 is full: nothing more is claimed while the first runs.
    assert.equal(await worker.runOnce(), 0);
    gate.resolve();
    await first;
    assert.equal(await worker.runOnce(), 1);
    assert.equal(overlap, false);
    assert.deepEqual(calls, ['1001', '1001']);
  });
});

describe('OutboxWorker: start, kick, stop', () => {
  it('delivers at once when kicked, without waiting for the poll interval', async () => {
    const delivered = deferred<string>();
    const { store, worker } = await setup({ webhook: { deliver: async (e) => delivered.resolve(e.id) } }, { pollMs: 3_600_000 });
    worker.start();
    await until('the first (empty) pass', () => worker.held === 0);
    const [e] = await enqueue(store, 'webhook');
    worker.kick();
    assert.equal(await delivered.promise, e!.id);
  });

  it('coalesces many kicks into a few passes', async () => {
    const { store, logger, clock } = await setup({});
    let claims = 0;
    const counting = {
      claimDue: (now: Date, limit: number, lease: number) => {
        claims++;
        return store.claimDue(now, limit, lease);
      },
      markDelivered: store.markDelivered.bind(store),
      markRetry: store.markRetry.bind(store),
      markFailed: store.markFailed.bind(store),
    };
    const delivered: string[] = [];
    const worker = new OutboxWorker({ store: counting, handlers: { webhook: { deliver: async (e) => void delivered.push(e.id) } }, logger, clock, pollMs: 3_600_000 });
    cleanups.push(() => worker.stop());
    worker.start();
    await enqueue(store, 'webhook', '1001', 3);
    for (let i = 0; i < 100; i++) worker.kick();
    await until('three deliveries', () => delivered.length === 3);
    await worker.stop();
    assert.ok(claims <= 6, `${claims} claims for 100 kicks`);
  });

  it('stop() waits for the delivery in progress, and the entry is recorded', async () => {
    const gate = deferred();
    const started = deferred();
    const { store, worker } = await setup({
      webhook: {
        deliver: async () => {
          started.resolve();
          await gate.promise;
        },
      },
    });
    const [e] = await enqueue(store, 'webhook');
    worker.start();
    await started.promise;
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    for (let i = 0; i < 20; i++) await nextTurn();
    assert.equal(stopped, false, 'stop() returned while a delivery was in progress');
    gate.resolve();
    await stopping;
    assert.equal((await entry(store, e!.id)).state, 'delivered');
  });

  it('lets claimed entries that had not started go back to the store on stop (their lease returns them)', async () => {
    const gate = deferred();
    const started = deferred();
    const { store, worker, clock } = await setup(
      {
        webhook: {
          deliver: async () => {
            started.resolve();
            await gate.promise;
          },
        },
      },
      { concurrency: { webhook: 1 }, leaseMs: 60_000 },
    );
    await enqueue(store, 'webhook', '1001', 3);
    worker.start();
    await started.promise;
    const stopping = worker.stop();
    gate.resolve();
    await stopping;
    const states = (await store.listOutbox()).map((x) => x.state).sort();
    assert.deepEqual(states, ['delivered', 'pending', 'pending']);
    clock.advance(60_000);
    assert.equal(await worker.runOnce(), 2);
    assert.equal((await store.listOutbox({ states: ['delivered'] })).length, 3);
  });
});
