/**
 * Named limits of the recorder (STYLE.md §6). They bound what one recording may cost: disk (its
 * length) and memory (the ring of buffers waiting for the disk), so 1,000 recordings at once stay
 * within a known budget: at 8 kHz one slot is 16 KB, two in use normally, `ringSlots` at most.
 */
export interface RecorderLimits {
  /** Recording length when the caller gives none. 600 s: a long voice mail; policies set less. */
  defaultMaxSeconds: number;
  /** The longest recording anyone may ask for. 4 h: far under the 4 GiB a WAV header can count. */
  hardMaxSeconds: number;
  /** Audio gathered per disk write. 1 s: one write a second per call keeps 1,000 calls cheap. */
  flushMs: number;
  /**
   * Buffers of `flushMs` that may wait for the disk. 8: a disk stalled for 8 s fails the recording
   * (MEDIA_RECORDER_OVERRUN) instead of growing memory without bound.
   */
  ringSlots: number;
}

export const DEFAULT_RECORDER_LIMITS: Readonly<RecorderLimits> = Object.freeze({
  defaultMaxSeconds: 600,
  hardMaxSeconds: 4 * 3600,
  flushMs: 1000,
  ringSlots: 8,
});
