/**
 * Named limits of the WAV reader (STYLE.md §6), each checked before anything is allocated for the
 * part it bounds. A WAV file reaches OpenUM from configuration (prompt files) or from its own
 * recorder, never from the network, but a broken or hostile file must still fail with a clear
 * error rather than exhaust memory.
 */
export interface WavLimits {
  /**
   * Bytes of a file `parseWav` decodes whole. 128 MiB holds 6 min of 48 kHz stereo float, far
   * beyond any prompt; recorded messages are played with WavFileReader, which never loads a file.
   */
  maxFileBytes: number;
  /** Seconds of audio `parseWav` decodes (bounds the Int16Array it allocates). 30 min. */
  maxDurationSeconds: number;
  /** Channels mixed down. 32 covers every real layout (7.1.4 is 12); WAV allows 65535. */
  maxChannels: number;
  /** Lowest sample rate accepted. 1000 Hz: below that nothing is speech. */
  minSampleRate: number;
  /** Highest sample rate accepted. 384 kHz: the highest rate any audio interface ships. */
  maxSampleRate: number;
  /** Chunks scanned before "data" (LIST, fact, bext, junk…). 64 is far beyond real files. */
  maxChunks: number;
  /**
   * Bytes before the first sample that WavFileReader reads to find "data". 1 MiB: a "LIST" or
   * "bext" chunk of a real file is a few KiB; cover art in a WAV is the largest seen in the wild.
   */
  maxHeaderBytes: number;
}

export const DEFAULT_WAV_LIMITS: Readonly<WavLimits> = Object.freeze({
  maxFileBytes: 128 * 1024 * 1024,
  maxDurationSeconds: 30 * 60,
  maxChannels: 32,
  minSampleRate: 1000,
  maxSampleRate: 384_000,
  maxChunks: 64,
  maxHeaderBytes: 1024 * 1024,
});

/** Completes a partial set of limits with the defaults, keeping explicit zeros. */
export function resolveWavLimits(partial?: Partial<WavLimits>): WavLimits {
  if (partial === undefined) return DEFAULT_WAV_LIMITS;
  return {
    maxFileBytes: partial.maxFileBytes ?? DEFAULT_WAV_LIMITS.maxFileBytes,
    maxDurationSeconds: partial.maxDurationSeconds ?? DEFAULT_WAV_LIMITS.maxDurationSeconds,
    maxChannels: partial.maxChannels ?? DEFAULT_WAV_LIMITS.maxChannels,
    minSampleRate: partial.minSampleRate ?? DEFAULT_WAV_LIMITS.minSampleRate,
    maxSampleRate: partial.maxSampleRate ?? DEFAULT_WAV_LIMITS.maxSampleRate,
    maxChunks: partial.maxChunks ?? DEFAULT_WAV_LIMITS.maxChunks,
    maxHeaderBytes: partial.maxHeaderBytes ?? DEFAULT_WAV_LIMITS.maxHeaderBytes,
  };
}
