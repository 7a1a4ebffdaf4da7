/**
 * Deterministic time for the media clock tests: `now` moves only when told; `advance` fires due
 * timers in order (like an idle event loop); `stall` moves time without firing anything (like an
 * event loop blocked by other work), after which `advance(0)` fires what is overdue.
 */
import type { ClockTimers } from '../../../src/media/clock/index.js';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  live: boolean;
}

export class FakeTime {
  nowMs = 1000;
  #seq = 0;
  #pending: Pending[] = [];
  /** Extra lateness added to every timer firing, to model node's timer rounding. */
  jitterMs = 0;

  readonly now = (): number => this.nowMs;

  readonly timers: ClockTimers = {
    set: (fn, ms) => {
      const p: Pending = { at: this.nowMs + ms + this.jitterMs, seq: this.#seq++, fn, live: true };
      this.#pending.push(p);
      return p;
    },
    clear: (h) => {
      (h as Pending).live = false;
    },
    // One event-loop turn: a quarter of a millisecond, so a spin loop moves time forward.
    immediate: (fn) => this.timers.set(fn, 0.25 - this.jitterMs),
    clearImmediate: (h) => {
      (h as Pending).live = false;
    },
  };

  get pending(): number {
    return this.#pending.filter((p) => p.live).length;
  }

  stall(ms: number): void {
    this.nowMs += ms;
  }

  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      this.#pending = this.#pending.filter((p) => p.live);
      let next: Pending | undefined;
      for (const p of this.#pending) if (p.at <= target && (next === undefined || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p;
      if (next === undefined) break;
      this.nowMs = Math.max(this.nowMs, next.at);
      next.live = false;
      next.fn();
    }
    // A callback may have moved time itself (work that took long): time never goes back.
    this.nowMs = Math.max(this.nowMs, target);
  }
}
