/**
 * Every threshold of the DSP layer, with the reason beside it (STYLE.md §6). Levels are dBFS as
 * level.ts defines them: RMS against a full-scale square wave, so a full-scale sine is -3 dBFS.
 */

export const RESAMPLE_LIMITS = {
  /** Lowest and highest input/output rate accepted (telephone audio to studio WAV files). */
  minRate: 4000,
  maxRate: 192000,
  /**
   * Polyphase coefficients one rate pair may hold (4 MB of Float32): the filters of every
   * common WAV rate to 8/16 kHz fit (48000→8000 needs 1 phase, 11025→16000 640 phases).
   */
  maxCoefficients: 1 << 20,
} as const;

export const DTMF_LIMITS = {
  /** Analysis window at 8 kHz (12.75 ms, ~78 Hz bins: adjacent DTMF tones leak < -20 dB). */
  windowAt8k: 102,
  /** Hop between windows: half a window, so a 40 ms tone always fills ≥ 4 whole windows. */
  hopAt8k: 51,
  /** Windows in a row that must show the digit: a 20 ms tone fills at most 3 (ITU-T Q.24). */
  hitsToStart: 4,
  /**
   * Windows in a row without the digit that end it. A 40 ms pause fails ≥ 7 windows (all that
   * overlap it by > 30 %), a 10 ms drop-out at most 4: one long press stays one digit.
   */
  missesToEnd: 5,
  /** Weakest tone accepted, dBFS of each tone (Q.24 gateways send -4 to -25 dBm0 per tone). */
  minToneDbfs: -38,
  /** The two tones must carry this share of the window's power (rejects speech and noise). */
  minToneShare: 0.7,
  /** Normal twist (row louder than column) and reverse twist limits, dB (Q.24 §3). */
  maxNormalTwistDb: 8,
  maxReverseTwistDb: 4,
  /** The second-strongest tone of a group must be this far below the strongest, dB. */
  minGroupDominanceDb: 8,
  /** Second harmonic of a tone must be this far below it, dB (voiced speech has harmonics). */
  minHarmonicRejectionDb: 12,
} as const;

export const FAX_LIMITS = {
  /** Analysis block at 8 kHz: 12.5 ms, 80 Hz bins, so 1000 / 1200 Hz fall outside 1100 ± 38. */
  blockAt8k: 100,
  /** ITU-T T.30 §5.2.3: CNG 1100 Hz ± 38 Hz, 0.5 s on. Reported after 400 ms of tone. */
  cngHz: 1100,
  cngToleranceHz: 38,
  cngMinMs: 400,
  /** ITU-T T.30 §5.2.4 / V.25: CED 2100 Hz ± 15 Hz for 2.6-4 s. Reported after 400 ms. */
  cedHz: 2100,
  cedMinMs: 400,
  /** Weakest tone accepted, dBFS (T.30 allows down to -43 dBm0 at the receiver). */
  minToneDbfs: -45,
  /** The fax tone must carry this share of the block's power. */
  minToneShare: 0.5,
  /** Blocks in a row a burst may miss (a lost packet) before its count restarts. */
  maxGapBlocks: 1,
} as const;

export const VAD_LIMITS = {
  /** Default absolute threshold: frames below are never voice (hum, comfort noise). */
  defaultThresholdDbfs: -45,
  /** Default time a voice decision is held after the last voiced frame. */
  defaultHangoverMs: 200,
  /** A frame is voice only this far above the tracked noise floor. */
  marginOverFloorDb: 10,
  /** How fast the noise floor may rise (it falls at once): slow, so speech is not learnt. */
  floorRiseDbPerSecond: 6,
  /**
   * Frames (20 ms) over which a signal whose level varies less than `stationarySpreadDb` is
   * taken as noise at once: hum, hiss, a dial or busy tone. Speech moves ≥ 10 dB between
   * syllables several times in 300 ms.
   */
  stationaryFrames: 15,
  stationarySpreadDb: 4,
  /** Level of digital silence (an all-zero frame), so log10(0) never appears. */
  silenceDbfs: -120,
} as const;

export const TONE_LIMITS = {
  /** Raised-cosine fade at each end of a generated tone (no click), at most 1/4 of the tone. */
  fadeMs: 5,
  /** Level of each of the two DTMF tones generated in-band (sum stays below -4 dBFS peak). */
  dtmfToneDbfs: -10,
  /** Longest tone generated in one call (a minute of audio). */
  maxDurationMs: 60000,
} as const;
