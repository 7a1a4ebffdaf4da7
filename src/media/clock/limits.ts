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
 * The most ticks one wake runs back to back: the current tick and the ticks of the last
 * MAX_CATCH_UP_MS at 20 ms. Past it the wake yields to the event loop (sockets flush the burst,
 * I/O runs) and the next wake goes on. Streams size per-tick resources by it: a packet sent in a
 * tick leaves only after the wake's code is done, so RtpStream keeps this many send buffers.
 */
export const MAX_TICKS_PER_WAKE = MAX_CATCH_UP_MS / 20 + 1;

/**
 * The spin strategy wakes this long before the deadline and spins (setImmediate) the rest of the
 * way: node's timers fire up to ~1 ms late, so 1 ms hides their rounding.
 */
export const DEFAULT_SPIN_MS = 1;
