/**
 * Named limits of the media clock, each with its reason.
 */

/** A tick run this long after its deadline counts as late: 2 ms is a tenth of a frame. */
export const LATE_TICK_MS = 2;

/**
 * Behind by more than this, the clock skips ahead instead of catching up: sending a second of
 * frames in one burst would overrun the peer's jitter buffer, so those frames are dropped.
 */
export const MAX_CATCH_UP_MS = 1000;

/**
 * The spin strategy wakes this long before the deadline and spins (setImmediate) the rest of the
 * way: node's timers fire up to ~1 ms late, so 1 ms hides their rounding.
 */
export const DEFAULT_SPIN_MS = 1;
