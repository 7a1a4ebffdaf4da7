/**
 * The named one-shot timers of one transaction, armed through the Clock. A transaction's
 * `transition(to)` keeps only the timers its new state uses and cancels the rest.
 */
import type { Clock, TimerHandle } from '../../util/clock.js';

export class TimerSet<Name extends string> {
  readonly #clock: Clock;
  readonly #handles = new Map<Name, TimerHandle>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Arms (or re-arms) the named timer. */
  start(name: Name, ms: number, fn: () => void): void {
    this.cancel(name);
    const handle = this.#clock.setTimer(ms, () => {
      this.#handles.delete(name);
      fn();
    });
    this.#handles.set(name, handle);
  }

  cancel(name: Name): void {
    const handle = this.#handles.get(name);
    if (handle) {
      handle.cancel();
      this.#handles.delete(name);
    }
  }

  /** Cancels every timer whose name is not in `keep`. */
  retain(keep: readonly Name[]): void {
    for (const name of [...this.#handles.keys()]) if (!keep.includes(name)) this.cancel(name);
  }

  cancelAll(): void {
    this.retain([]);
  }

  has(name: Name): boolean {
    return this.#handles.has(name);
  }

  get size(): number {
    return this.#handles.size;
  }
}
