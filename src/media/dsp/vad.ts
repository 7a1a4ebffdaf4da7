/**
 * Energy-based voice activity / silence detector, used to end a recording after N seconds of
 * silence and to tell "the caller said nothing" (a missed call) from a message.
 *
 * A frame is voice when its RMS level is above `thresholdDbfs` and, when `adaptive`, also
 * `marginOverFloorDb` above a tracked noise floor. The floor starts at the threshold minus the
 * margin, drops at once to any quieter frame and rises only `floorRiseDbPerSecond`; and a
 * stationary signal (level within `stationarySpreadDb` for `stationaryFrames` frames: hiss, hum,
 * a dial or busy tone) becomes the floor at once. So steady line noise is learnt in about 300 ms
 * while speech, whose level moves between syllables, stays above the floor.
 * A voice decision is held for `hangoverMs` after the last voiced frame (word endings).
 */
import type { SampleRate } from '../types.js';
import { MediaDspError } from './errors.js';
import { dbfs } from './level.js';
import { VAD_LIMITS } from './limits.js';

export interface SilenceDetectorOptions {
  sampleRate: SampleRate;
  /** Frames quieter than this are never voice. Default VAD_LIMITS.defaultThresholdDbfs (-45). */
  thresholdDbfs?: number;
  /** Track the noise floor (default true). */
  adaptive?: boolean;
  /** Hold a voice decision this long after the last voiced frame. Default 200 ms. */
  hangoverMs?: number;
}

export interface SilenceDecision {
  /** Voice now (including the hangover after it). */
  voice: boolean;
  /** Time since the last voiced frame (0 while voiced; counts from the start before any voice). */
  silentForMs: number;
  /** Total time of voiced frames so far (hangover excluded). */
  voicedMsTotal: number;
  /** Level of this frame, dBFS. */
  levelDbfs: number;
}

export class SilenceDetector {
  readonly sampleRate: SampleRate;
  private readonly threshold: number;
  private readonly adaptive: boolean;
  private readonly hangoverMs: number;
  private floor: number;
  /** The last frame levels, for the stationarity test. */
  private readonly recent = new Float64Array(VAD_LIMITS.stationaryFrames);
  private recentCount = 0;
  private silentMs = 0;
  private voicedMs = 0;

  constructor(options: SilenceDetectorOptions) {
    const { sampleRate } = options;
    if (sampleRate !== 8000 && sampleRate !== 16000) {
      throw new MediaDspError('MEDIA_DSP_BAD_RATE', `silence detection runs at 8000 or 16000 Hz, not ${String(sampleRate)}`);
    }
    const hangoverMs = options.hangoverMs ?? VAD_LIMITS.defaultHangoverMs;
    if (!(hangoverMs >= 0)) throw new MediaDspError('MEDIA_DSP_BAD_ARGUMENT', `hangoverMs must be ≥ 0, got ${hangoverMs}`);
    this.sampleRate = sampleRate;
    this.threshold = options.thresholdDbfs ?? VAD_LIMITS.defaultThresholdDbfs;
    this.adaptive = options.adaptive ?? true;
    this.hangoverMs = hangoverMs;
    this.floor = this.threshold - VAD_LIMITS.marginOverFloorDb;
  }

  /** The tracked noise floor, dBFS. */
  get noiseFloorDbfs(): number {
    return this.floor;
  }

  process(frame: Int16Array): SilenceDecision {
    const ms = (frame.length * 1000) / this.sampleRate;
    const level = dbfs(frame);
    let voiced = level > this.threshold;
    if (this.adaptive) {
      voiced = voiced && level > this.floor + VAD_LIMITS.marginOverFloorDb;
      if (level < this.floor) this.floor = level;
      else this.floor = Math.min(level, this.floor + (VAD_LIMITS.floorRiseDbPerSecond * ms) / 1000);
      const loudestSteady = this.stationaryMax(level);
      if (loudestSteady !== null && loudestSteady > this.floor) this.floor = loudestSteady;
    }
    if (voiced) {
      this.silentMs = 0;
      this.voicedMs += ms;
    } else {
      this.silentMs += ms;
    }
    const voice = voiced || (this.voicedMs > 0 && this.silentMs <= this.hangoverMs);
    return { voice, silentForMs: this.silentMs, voicedMsTotal: this.voicedMs, levelDbfs: level };
  }

  /** Records `level`; returns the loudest recent level when the recent frames are stationary. */
  private stationaryMax(level: number): number | null {
    const n = this.recent.length;
    this.recent[this.recentCount % n] = level;
    this.recentCount++;
    if (this.recentCount < n) return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = this.recent[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi - lo < VAD_LIMITS.stationarySpreadDb ? hi : null;
  }
}
