/**
 * The live directory of a running node. `openum user add` (and later the API) writes the store
 * from another process; every such write bumps the store's directory version. The watcher polls
 * that number (one cheap query) every `intervalMs` and, when it differs from the version the
 * current Directory was built at, builds a new Directory from the store and hands it over. A
 * Directory is never changed in place: calls already routed keep the one they started with.
 *
 *   idle --timer--> polling --version unchanged--> idle
 *                           --version changed----> loading --> onChange(directory) --> idle
 *   any state --close()--> closed (a poll in flight finishes without calling onChange)
 *
 * The version is read before the snapshot, so a write landing between the two is never missed:
 * at worst it is loaded twice. A failing store (locked past its busy timeout, closed) is logged
 * and polled again at the next tick; the node keeps the directory it has.
 */
import { Directory } from '../directory/index.js';
import type { MailboxStore } from '../store/index.js';
import { systemClock, type Clock, type TimerHandle } from '../util/clock.js';

/** How often a node looks for directory changes made by another process (the CLI). */
export const DEFAULT_DIRECTORY_POLL_MS = 2_000;

export interface DirectoryWatcherLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface DirectoryWatcherOptions {
  store: Pick<MailboxStore, 'directoryVersion' | 'loadDirectory'>;
  /** The version the node's current Directory was loaded at (read before loading it). */
  version: number;
  /** Receives each new Directory; the node replaces its own with it. */
  onChange(directory: Directory, version: number): void;
  logger: DirectoryWatcherLogger;
  /** Poll interval (default DEFAULT_DIRECTORY_POLL_MS). */
  intervalMs?: number;
  /** Timers (default: the system clock, whose timers are unref'd and never keep the process alive). */
  clock?: Clock;
}

type State = 'idle' | 'polling' | 'closed';

export class DirectoryWatcher {
  readonly #options: DirectoryWatcherOptions;
  readonly #intervalMs: number;
  readonly #clock: Clock;
  #state: State = 'idle';
  #version: number;
  #started = false;
  #timer: TimerHandle | null = null;
  #inFlight: Promise<boolean> | null = null;
  #reloads = 0;
  #failures = 0;

  constructor(options: DirectoryWatcherOptions) {
    const intervalMs = options.intervalMs ?? DEFAULT_DIRECTORY_POLL_MS;
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new RangeError(`intervalMs must be above 0, got ${String(intervalMs)}`);
    this.#options = options;
    this.#intervalMs = intervalMs;
    this.#clock = options.clock ?? systemClock;
    this.#version = options.version;
  }

  /** Arms the first poll (idempotent; nothing after close). */
  start(): void {
    if (this.#state === 'closed' || this.#started) return;
    this.#started = true;
    this.#arm();
  }

  #arm(): void {
    this.#timer = this.#clock.setTimer(this.#intervalMs, () => {
      this.#timer = null;
      void this.check().finally(() => {
        if (this.#state !== 'closed') this.#arm();
      });
    });
  }

  /**
   * One poll now: resolves true when the directory had changed and onChange got the new one. A
   * poll already in flight is joined, not doubled. Never rejects.
   */
  check(): Promise<boolean> {
    if (this.#state === 'closed') return Promise.resolve(false);
    this.#inFlight ??= this.#poll().finally(() => {
      this.#inFlight = null;
      if (this.#state === 'polling') this.#state = 'idle';
    });
    return this.#inFlight;
  }

  async #poll(): Promise<boolean> {
    this.#state = 'polling';
    const { store, logger } = this.#options;
    try {
      const version = await store.directoryVersion();
      if (version === this.#version) {
        this.#failures = 0;
        return false;
      }
      const directory = Directory.fromSnapshot(await store.loadDirectory());
      if (this.closed) return false;
      this.#version = version;
      this.#reloads++;
      this.#failures = 0;
      logger.info({ version, users: directory.snapshot.users.length }, 'directory reloaded');
      this.#options.onChange(directory, version);
      return true;
    } catch (err) {
      if (this.closed) return false;
      this.#failures++;
      // Once per run of failures: a store locked for a minute must not write thirty lines.
      if (this.#failures === 1) {
        const code = (err as { code?: unknown }).code;
        logger.warn({ code: typeof code === 'string' ? code : undefined, err: err instanceof Error ? err.message : String(err) }, 'directory check failed; keeping the current directory');
      }
      return false;
    }
  }

  /** True once close() was called (read through a getter: a poll's awaits may cross a close()). */
  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** The poll in flight, if any, settled (for an orderly shutdown and for tests). */
  async idle(): Promise<void> {
    await this.#inFlight;
  }

  /** Stops polling (idempotent). A poll in flight finishes without calling onChange. */
  close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#timer?.cancel();
    this.#timer = null;
  }

  toJSON(): Record<string, unknown> {
    return { state: this.#state, version: this.#version, intervalMs: this.#intervalMs, reloads: this.#reloads, failures: this.#failures };
  }
}
