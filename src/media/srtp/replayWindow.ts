/**
 * The replay list of RFC 3711 §3.3.2, as a sliding window over the highest authenticated index.
 * A packet is new when its index is above the highest one seen, a replay when it was already
 * received, too old when it is further behind than the window. Nothing is recorded until the
 * packet has authenticated (`accept`), so a forged packet cannot move the window.
 *
 * The window is a ring of the last 64 indexes received, each slot holding the index it saw: an
 * index is in the list when its slot holds exactly it. Moving the window forward clears nothing,
 * since a stale slot holds an older index that can no longer match. No allocation per packet.
 */
import { REPLAY_WINDOW_SIZE } from './limits.js';

export type ReplayVerdict = 'new' | 'inWindow' | 'replayed' | 'tooOld';

const MASK = REPLAY_WINDOW_SIZE - 1;

export class ReplayWindow {
  #highest = -1;
  readonly #slots = new Float64Array(REPLAY_WINDOW_SIZE).fill(-1);

  /** The highest index accepted so far, -1 before the first. */
  get highest(): number {
    return this.#highest;
  }

  check(index: number): ReplayVerdict {
    if (index > this.#highest) return 'new';
    if (this.#highest - index >= REPLAY_WINDOW_SIZE) return 'tooOld';
    return this.#slots[index & MASK] === index ? 'replayed' : 'inWindow';
  }

  /** Records an authenticated index (call only after `check` said new or inWindow). */
  accept(index: number): void {
    this.#slots[index & MASK] = index;
    if (index > this.#highest) this.#highest = index;
  }
}
