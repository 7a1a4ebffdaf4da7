/** The process-wide media clock (20 ms ticks, drift-corrected). The folder's only import path. */
export {
  MediaClock,
  mediaClock,
  type ClockedStream,
  type ClockTimers,
  type ClockLogger,
  type MediaClockOptions,
  type MediaClockStats,
  type WakeStrategy,
} from './mediaClock.js';
export { LATE_TICK_MS, MAX_CATCH_UP_MS, MAX_TICKS_PER_WAKE, DEFAULT_SPIN_MS } from './limits.js';
