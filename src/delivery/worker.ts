/**
 * The outbox worker: claims due entries from the store, hands each to the handler of its kind and
 * records the outcome. The store's lease (claimDue moves nextAttemptAt to now + leaseMs) is what
 * makes this safe across crashes and across nodes: an entry is never deleted, only marked, and a
 * claim that nobody settles comes back when its lease ends.
 *
 * Outcomes (ARCHITECTURE.md "delivered exactly once ... never loses a message"):
 *   delivered            → markDelivered
 *   temporary failure    → markRetry, next attempt after exponential backoff with jitter
 *   permanent failure    → markFailed (kept, visible; an administrator can retry it)
 *   temporary for longer than maxAgeMs (3 days) → markFailed with DELIVERY_EXPIRED
 * A handler that throws something other than a DeliveryError, or runs past its lease, has failed
 * temporarily.
 *
 * Concurrency: at most `batch` entries are held at once (claimed and queued or running), and at
 * most `concurrency[kind]` of one kind run at once. Entries a handler coalesces (same key) are
 * delivered by one call and never run concurrently with each other.
 */
import type { MailboxStore, OutboxEntry, OutboxKind } from '../store/index.js';
import { DEFAULT_BACKOFF, resolveBackoff, retryDelayMs, type BackoffPolicy } from './backoff.js';
import { DeliveryError, describeFailure, oneLine } from './errors.js';
import { systemWallClock, type DeliveryLogger, type DeliveryOutcome, type OutboxHandler, type WallClock } from './handler.js';

export type OutboxStore = Pick<MailboxStore, 'claimDue' | 'markDelivered' | 'markRetry' | 'markFailed'>;

export interface OutboxWorkerOptions {
  store: OutboxStore;
  handlers: Partial<Record<OutboxKind, OutboxHandler>>;
  logger: DeliveryLogger;
  clock?: WallClock;
  /** How often the worker looks for due entries when nothing kicks it (default 1000 ms). */
  pollMs?: number;
  /** Most entries held at once, claimed in one go (default 20). */
  batch?: number;
  /** How long a claim lasts; also the longest one attempt may run (default 5 min). */
  leaseMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Temporary failures for longer than this (since the entry was created) fail it (default 3 days). */
  maxAgeMs?: number;
  /** Most entries of one kind delivered at once (default 4 per kind). */
  concurrency?: Partial<Record<OutboxKind, number>>;
  /** [0, 1) source for the backoff jitter (default Math.random). */
  random?: () => number;
}

export const DEFAULT_POLL_MS = 1000;
export const DEFAULT_BATCH = 20;
export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_MAX_AGE_MS = 3 * 24 * 3600_000;
export const DEFAULT_KIND_CONCURRENCY = 4;

type WorkerState = 'idle' | 'running' | 'stopping';

/** A claimed entry waiting for its kind's slot, with the promise runOnce() waits on. */
interface Held {
  entry: OutboxEntry;
  key: string | null;
  settle: () => void;
  settled: Promise<void>;
}

export class OutboxWorker {
  readonly #store: OutboxStore;
  readonly #handlers: Partial<Record<OutboxKind, OutboxHandler>>;
  readonly #logger: DeliveryLogger;
  readonly #clock: WallClock;
  readonly #pollMs: number;
  readonly #batch: number;
  readonly #leaseMs: number;
  readonly #backoff: BackoffPolicy;
  readonly #maxAgeMs: number;
  readonly #concurrency: Partial<Record<OutboxKind, number>>;
  readonly #random: () => number;

  #state: WorkerState = 'idle';
  /** Every entry claimed and not yet settled (queued or running), by id. */
  readonly #held = new Map<string, Held>();
  /** Claimed entries waiting for a slot, per kind, in claim order. */
  readonly #queues = new Map<OutboxKind, Held[]>();
  readonly #running = new Map<OutboxKind, number>();
  /** `kind\0key` of the coalesce keys being delivered now. */
  readonly #busyKeys = new Set<string>();
  /** Deliveries in progress (for stop()). */
  readonly #inflight = new Set<Promise<void>>();
  #loopDone: Promise<void> = Promise.resolve();
  #stopping: Promise<void> | null = null;
  #kicked = false;
  #wake: (() => void) | null = null;

  constructor(options: OutboxWorkerOptions) {
    this.#store = options.store;
    this.#handlers = options.handlers;
    this.#logger = options.logger;
    this.#clock = options.clock ?? systemWallClock;
    this.#pollMs = positive('pollMs', options.pollMs ?? DEFAULT_POLL_MS);
    this.#batch = positive('batch', options.batch ?? DEFAULT_BATCH);
    this.#leaseMs = positive('leaseMs', options.leaseMs ?? DEFAULT_LEASE_MS);
    this.#backoff = resolveBackoff(options.backoff ?? DEFAULT_BACKOFF);
    this.#maxAgeMs = positive('maxAgeMs', options.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
    this.#concurrency = options.concurrency ?? {};
    for (const [kind, n] of Object.entries(this.#concurrency)) if (n !== undefined) positive(`concurrency.${kind}`, n);
    this.#random = options.random ?? Math.random;
  }

  /** Starts polling (idempotent). */
  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'running';
    this.#loopDone = this.#loop();
  }

  /** Look for due entries now (e.g. right after a deposit). Kicks while a pass runs coalesce into one more pass. */
  kick(): void {
    if (this.#state !== 'running') return;
    this.#kicked = true;
    this.#wake?.();
  }

  /**
   * Stops polling and waits for the deliveries in progress. Claimed entries that had not started
   * are let go: their lease brings them back (to this node after a restart, or to another).
   * Idempotent; the worker can be started again afterwards.
   */
  stop(): Promise<void> {
    if (this.#stopping !== null) return this.#stopping;
    if (this.#state === 'idle' && this.#inflight.size === 0) return Promise.resolve();
    this.#stopping = (async () => {
      this.#state = 'stopping';
      this.#wake?.();
      await this.#loopDone;
      for (const queue of this.#queues.values()) {
        for (const held of queue.splice(0)) this.#release(held);
      }
      while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
      this.#state = 'idle';
      this.#stopping = null;
    })();
    return this.#stopping;
  }

  /** Entries claimed and not yet settled (queued or being delivered). */
  get held(): number {
    return this.#held.size;
  }

  /**
   * One pass: claims what is due (up to the free part of `batch`), delivers it and resolves with the
   * number of entries claimed once every one of them is settled. For tests and tools; start() runs
   * passes on its own.
   */
  async runOnce(): Promise<number> {
    const claimed = await this.#claim();
    await Promise.all(claimed.map((h) => h.settled));
    return claimed.length;
  }

  // -------------------------------------------------------------------------------------------
  // Polling loop
  // -------------------------------------------------------------------------------------------

  async #loop(): Promise<void> {
    while (this.#state === 'running') {
      this.#kicked = false;
      const free = this.#batch - this.#held.size;
      let full = false;
      if (free > 0) {
        try {
          full = (await this.#claim()).length === free;
        } catch (error) {
          this.#logger.error({ err: errorSummary(error) }, 'outbox claim failed');
        }
      }
      if (this.#state !== 'running') break;
      // More may be due when the claim was full; go on at once while there is room.
      if ((full && this.#held.size < this.#batch) || this.#kicked) continue;
      await this.#sleep();
    }
  }

  /** Waits for pollMs, a kick, stop(), or (when the batch is full) a slot coming free. */
  #sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      // Not unref'd: a started worker is a service and keeps the process alive until stop().
      const timer = setTimeout(done, this.#pollMs);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.#wake === done) self.#wake = null;
        resolve();
      }
      this.#wake = done;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Claiming and dispatching
  // -------------------------------------------------------------------------------------------

  async #claim(): Promise<Held[]> {
    const free = this.#batch - this.#held.size;
    if (free <= 0) return [];
    const entries = await this.#store.claimDue(this.#clock.now(), free, this.#leaseMs);
    const claimed: Held[] = [];
    for (const entry of entries) {
      // Already held (its lease ran out while it waited here and this claim renewed it): keep one copy.
      const existing = this.#held.get(entry.id);
      if (existing !== undefined) {
        claimed.push(existing);
        continue;
      }
      const handler = this.#handlers[entry.kind];
      let settle!: () => void;
      const settled = new Promise<void>((resolve) => {
        settle = resolve;
      });
      let key: string | null = null;
      try {
        key = handler?.coalesceKey?.(entry) ?? null;
      } catch {
        key = null;
      }
      const held: Held = { entry, key, settle, settled };
      this.#held.set(entry.id, held);
      const queue = this.#queues.get(entry.kind) ?? [];
      queue.push(held);
      this.#queues.set(entry.kind, queue);
      claimed.push(held);
    }
    for (const kind of new Set(entries.map((e) => e.kind))) this.#pump(kind);
    return claimed;
  }

  /** Starts queued entries of a kind while it has free slots. */
  #pump(kind: OutboxKind): void {
    const queue = this.#queues.get(kind);
    if (queue === undefined) return;
    const limit = this.#concurrency[kind] ?? DEFAULT_KIND_CONCURRENCY;
    while ((this.#running.get(kind) ?? 0) < limit && (this.#state !== 'stopping')) {
      const index = queue.findIndex((h) => h.key === null || !this.#busyKeys.has(`${kind}\0${h.key}`));
      if (index < 0) return;
      const [first] = queue.splice(index, 1);
      if (first === undefined) return;
      const group = [first];
      if (first.key !== null) {
        for (let i = queue.length - 1; i >= 0; i--) {
          const other = queue[i];
          if (other !== undefined && other.key === first.key) group.splice(1, 0, ...queue.splice(i, 1));
        }
        this.#busyKeys.add(`${kind}\0${first.key}`);
      }
      this.#running.set(kind, (this.#running.get(kind) ?? 0) + 1);
      const run = this.#deliver(kind, group).finally(() => {
        this.#inflight.delete(run);
        this.#running.set(kind, (this.#running.get(kind) ?? 1) - 1);
        if (first.key !== null) this.#busyKeys.delete(`${kind}\0${first.key}`);
        for (const held of group) this.#release(held);
        this.#pump(kind);
        // A slot came free: if the loop is waiting with a full batch, let it claim more.
        if (this.#held.size < this.#batch) this.#wake?.();
      });
      this.#inflight.add(run);
    }
  }

  #release(held: Held): void {
    if (this.#held.get(held.entry.id) === held) this.#held.delete(held.entry.id);
    held.settle();
  }

  // -------------------------------------------------------------------------------------------
  // One delivery and its outcome
  // -------------------------------------------------------------------------------------------

  async #deliver(kind: OutboxKind, group: Held[]): Promise<void> {
    const entries = group.map((h) => h.entry);
    const entry = entries[0];
    if (entry === undefined) return;
    const attempt = entry.attempts + 1;
    const handler = this.#handlers[kind];
    let outcome: DeliveryOutcome | void = undefined;
    let failure: DeliveryError | null = null;
    if (handler === undefined) {
      failure = new DeliveryError('DELIVERY_NO_HANDLER', `no delivery handler is configured for outbox entries of kind "${kind}"`, { permanent: false });
    } else {
      const abort = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new DeliveryError('DELIVERY_TIMEOUT', `attempt still running after the ${this.#leaseMs} ms lease`, { permanent: false });
          abort.abort(error);
          reject(error);
        }, this.#leaseMs);
      });
      try {
        const logger = this.#logger;
        outcome = await Promise.race([
          Promise.resolve().then(() => handler.deliver(entry, { signal: abort.signal, attempt, entries, logger })),
          timeout,
        ]);
      } catch (error) {
        failure = error instanceof DeliveryError
          ? error
          : new DeliveryError('DELIVERY_HANDLER_CRASHED', `handler failed: ${errorSummary(error)}`, { permanent: false, cause: error });
      } finally {
        clearTimeout(timer);
      }
    }
    for (const e of entries) await this.#record(e, entries.length, outcome, failure);
  }

  async #record(entry: OutboxEntry, groupSize: number, outcome: DeliveryOutcome | void, failure: DeliveryError | null): Promise<void> {
    const now = this.#clock.now();
    const attempt = entry.attempts + 1;
    const fields: Record<string, unknown> = { entryId: entry.id, kind: entry.kind, mailbox: entry.mailbox, attempt };
    if (groupSize > 1) fields['coalesced'] = groupSize;
    try {
      if (failure === null) {
        await this.#store.markDelivered(entry.id, now);
        if (outcome?.note !== undefined) fields['note'] = outcome.note;
        this.#logger.info(fields, 'outbox entry delivered');
        return;
      }
      fields['code'] = failure.code;
      fields['error'] = oneLine(failure.message, 200);
      const text = describeFailure(failure);
      if (failure.permanent) {
        await this.#store.markFailed(entry.id, text);
        this.#logger.warn(fields, 'outbox entry failed');
        return;
      }
      const ageMs = now.getTime() - entry.createdAt.getTime();
      if (ageMs >= this.#maxAgeMs) {
        const expired = new DeliveryError(
          'DELIVERY_EXPIRED',
          `gave up after ${attempt} attempts over ${formatAge(ageMs)}; last error ${text}`,
          { permanent: true },
        );
        await this.#store.markFailed(entry.id, describeFailure(expired));
        this.#logger.warn({ ...fields, code: expired.code, lastCode: failure.code }, 'outbox entry failed');
        return;
      }
      const delay = retryDelayMs(attempt, this.#backoff, this.#random);
      const next = new Date(now.getTime() + delay);
      await this.#store.markRetry(entry.id, text, next);
      this.#logger.warn({ ...fields, retryInMs: delay }, 'outbox entry deferred');
    } catch (error) {
      // The store could not record the outcome: the entry stays leased and comes back after the lease.
      this.#logger.error({ ...fields, err: errorSummary(error) }, 'outbox outcome not recorded');
    }
  }
}

function positive(what: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`OutboxWorker: ${what} must be a positive number, not ${value}`);
  return value;
}

function errorSummary(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return oneLine(typeof code === 'string' ? `${code}: ${error.message}` : error.message, 300);
  }
  return oneLine(String(error), 300);
}

function formatAge(ms: number): string {
  const hours = ms / 3600_000;
  return hours >= 48 ? `${Math.round(hours / 24)} days` : `${Math.round(hours)} hours`;
}
