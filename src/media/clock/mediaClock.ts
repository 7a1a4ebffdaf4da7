/**
 * The process-wide media clock (ARCHITECTURE.md: "one process-wide media clock paces all outgoing
 * RTP"). Tick n's deadline is start + n * frameMs on the monotonic clock, so a late wake never shifts
 * the ticks after it (drift correction). Each wake runs every tick that is due, in order; after a
 * stall longer than MAX_CATCH_UP_MS it skips to the current tick and counts the ticks it skipped.
 * A wake runs at most MAX_TICKS_PER_WAKE ticks, then yields (a timer due at once) and goes on, so a
 * burst is bounded even when the ticks themselves take longer than a frame.
 *
 * Two wake strategies: 'timeout' sleeps with setTimeout until the deadline; 'spin' sleeps until
 * spinMs before it and then polls with setImmediate (which still lets I/O run) until the deadline.
 * bench/mediaClock.ts measures both.
 *
 * The clock runs while it has streams: it starts on the first add and stops when the last stream
 * leaves, so an idle process can exit. A stream that throws is logged and counted; the others run.
 */
import { FRAME_MS } from '../types.js';
import { DEFAULT_SPIN_MS, LATE_TICK_MS, MAX_CATCH_UP_MS, MAX_TICKS_PER_WAKE } from './limits.js';

export interface ClockedStream {
  /** Called once per tick, in tick order; scheduledMs is the tick's deadline on the clock's now(). */
  onTick(tick: number, scheduledMs: number): void;
}

/** Timers the clock uses; `immediate` is needed only by the 'spin' strategy. */
export interface ClockTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  immediate?(fn: () => void): unknown;
  clearImmediate?(handle: unknown): void;
}

export interface ClockLogger {
  error(obj: Record<string, unknown>, msg: string): void;
}

export type WakeStrategy = 'timeout' | 'spin';

export interface MediaClockOptions {
  frameMs?: number;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
  timers?: ClockTimers;
  strategy?: WakeStrategy;
  spinMs?: number;
  logger?: ClockLogger;
}

export interface MediaClockStats {
  /** Ticks run. */
  ticks: number;
  /** Ticks run more than LATE_TICK_MS after their deadline. */
  lateTicks: number;
  maxLateMs: number;
  /** Ticks skipped after stalls longer than MAX_CATCH_UP_MS. */
  skipped: number;
  /** Exceptions thrown by streams' onTick. */
  streamErrors: number;
}

type State = 'stopped' | 'running';

interface Entry {
  stream: ClockedStream;
  active: boolean;
}

const nodeTimers: ClockTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
  immediate: (fn) => setImmediate(fn),
  clearImmediate: (h) => clearImmediate(h as NodeJS.Immediate),
};

const consoleLogger: ClockLogger = {
  error: (obj, msg) => console.error(JSON.stringify({ level: 'error', component: 'mediaClock', msg, ...obj })),
};

export class MediaClock {
  readonly frameMs: number;
  readonly strategy: WakeStrategy;
  readonly #now: () => number;
  readonly #timers: ClockTimers;
  readonly #spinMs: number;
  #logger: ClockLogger;
  #state: State = 'stopped';
  /** Copy-on-write: a tick iterates the array it started with; add/remove make a new one. */
  #entries: Entry[] = [];
  #startMs = 0;
  #tick = 0;
  #timer: unknown = null;
  #immediate: unknown = null;
  readonly #stats: MediaClockStats = { ticks: 0, lateTicks: 0, maxLateMs: 0, skipped: 0, streamErrors: 0 };

  constructor(options: MediaClockOptions = {}) {
    this.frameMs = options.frameMs ?? FRAME_MS;
    this.#now = options.now ?? (() => performance.now());
    this.#timers = options.timers ?? nodeTimers;
    this.strategy = options.strategy ?? 'timeout';
    this.#spinMs = options.spinMs ?? DEFAULT_SPIN_MS;
    this.#logger = options.logger ?? consoleLogger;
  }

  /** Where stream exceptions are logged (the process-wide clock gets the app's logger at startup). */
  useLogger(logger: ClockLogger): void {
    this.#logger = logger;
  }

  /** Adds a stream from the next tick on; returns its idempotent remove function. */
  add(stream: ClockedStream): () => void {
    const entry: Entry = { stream, active: true };
    this.#entries = [...this.#entries, entry];
    if (this.#state === 'stopped') this.#start();
    return () => this.#remove(entry);
  }

  get streams(): number {
    return this.#entries.length;
  }

  get running(): boolean {
    return this.#state === 'running';
  }

  stats(): Readonly<MediaClockStats> {
    return { ...this.#stats };
  }

  /** Stops ticking (streams stay registered; the next add restarts the clock). */
  stop(): void {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    if (this.#immediate !== null) this.#timers.clearImmediate?.(this.#immediate);
    this.#timer = null;
    this.#immediate = null;
  }

  /** Starts ticking if stopped; tick 0 is due now. */
  start(): void {
    if (this.#state === 'running') return;
    this.#start();
  }

  toJSON(): { state: State; streams: number; frameMs: number; strategy: WakeStrategy } & MediaClockStats {
    return { state: this.#state, streams: this.streams, frameMs: this.frameMs, strategy: this.strategy, ...this.#stats };
  }

  #start(): void {
    this.#state = 'running';
    this.#startMs = this.#now();
    this.#tick = 0;
    this.#schedule();
  }

  #remove(entry: Entry): void {
    if (!entry.active) return;
    entry.active = false;
    this.#entries = this.#entries.filter((e) => e !== entry);
    if (this.#entries.length === 0) this.stop();
  }

  #deadline(tick: number): number {
    return this.#startMs + tick * this.frameMs;
  }

  #schedule(): void {
    const wait = this.#deadline(this.#tick) - this.#now();
    if (this.strategy === 'spin' && this.#timers.immediate !== undefined) {
      this.#timer = this.#timers.set(() => this.#spin(), Math.max(0, wait - this.#spinMs));
    } else {
      this.#timer = this.#timers.set(() => this.#wake(), Math.max(0, wait));
    }
  }

  #spin(): void {
    this.#timer = null;
    if (this.#state !== 'running') return;
    if (this.#now() >= this.#deadline(this.#tick)) {
      this.#immediate = null;
      this.#wake();
      return;
    }
    this.#immediate = this.#timers.immediate?.(() => this.#spin()) ?? null;
  }

  #wake(): void {
    this.#timer = null;
    if (this.#state !== 'running') return;
    let now = this.#now();
    // Catch up: every tick whose deadline has passed runs now, in order, at most
    // MAX_TICKS_PER_WAKE of them; the next wake (due at once) goes on with the rest.
    let ran = 0;
    while (this.#state === 'running' && this.#deadline(this.#tick) <= now && ran < MAX_TICKS_PER_WAKE) {
      if (now - this.#deadline(this.#tick) > MAX_CATCH_UP_MS) {
        const current = Math.floor((now - this.#startMs) / this.frameMs);
        this.#stats.skipped += current - this.#tick;
        this.#tick = current;
      }
      this.#run(this.#tick, now);
      this.#tick++;
      ran++;
      now = this.#now();
    }
    if (this.#state === 'running') this.#schedule();
  }

  #run(tick: number, now: number): void {
    const scheduled = this.#deadline(tick);
    const late = now - scheduled;
    const stats = this.#stats;
    stats.ticks++;
    if (late > LATE_TICK_MS) stats.lateTicks++;
    if (late > stats.maxLateMs) stats.maxLateMs = late;
    const entries = this.#entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as Entry;
      if (!entry.active) continue;
      try {
        entry.stream.onTick(tick, scheduled);
      } catch (err) {
        stats.streamErrors++;
        this.#logger.error({ err: err instanceof Error ? err.message : String(err), tick }, 'media clock stream threw in onTick; it stays registered');
      }
    }
  }
}

/** The one clock every outgoing stream of the process shares. */
export const mediaClock = new MediaClock();
