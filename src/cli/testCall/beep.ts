/**
 * Hearing the record beep: OpenUM's is a 1000 Hz sine, 250 ms, -12 dBFS peak (src/calls/record.ts),
 * Exchange UM's and most voice mail systems' are a short pure tone too. A frame is "tone" when it is
 * loud enough and nearly all of its power sits at the beep frequency (a Goertzel filter against the
 * frame's mean square: a pure sine gives a share of 1, speech, music and the two-tone DTMF keys far
 * less). A beep is a run of tone frames that ends after lasting minMs to maxMs: shorter runs are a
 * sung vowel or a click, longer ones a test tone or a fault. It is reported on the first frame that
 * is not tone (the one holding the beep's last samples), so the caller speaks once it is over.
 *
 * A pure processor (STYLE.md §4): frames in, at most one event per beep out; no timers.
 */
import { goertzelPower, meanSquare, powerToDbfs } from '../../media/dsp/index.js';

export interface BeepDetectorOptions {
  /** Rate of the frames (8000 or 16000 on a call; any rate works). */
  sampleRate: number;
  /** Default 1000 Hz. */
  frequencyHz?: number;
  /** Shortest run of tone that is a beep; default 120 ms (OpenUM's lasts 250 ms). */
  minMs?: number;
  /** Longest; default 2000 ms. */
  maxMs?: number;
  /** Quietest tone frame, RMS; default -40 dBFS (OpenUM's beep is about -15 dBFS RMS). */
  minLevelDbfs?: number;
  /** Share of the frame's power at the frequency; default 0.7 (a pure sine through G.711: ≥ 0.95). */
  minPurity?: number;
}

export interface BeepEvent {
  /** How long the tone lasted (whole frames). */
  durationMs: number;
  /** Its loudest frame, RMS dBFS. */
  levelDbfs: number;
}

export const BEEP_DEFAULTS = { frequencyHz: 1000, minMs: 120, maxMs: 2000, minLevelDbfs: -40, minPurity: 0.7 } as const;

export class BeepDetector {
  readonly sampleRate: number;
  readonly frequencyHz: number;
  readonly #minMs: number;
  readonly #maxMs: number;
  readonly #minPower: number;
  readonly #minPurity: number;
  /** Tone time in the current run, and its loudest frame's mean square. */
  #runMs = 0;
  #runPeak = 0;

  constructor(options: BeepDetectorOptions) {
    this.sampleRate = options.sampleRate;
    this.frequencyHz = options.frequencyHz ?? BEEP_DEFAULTS.frequencyHz;
    if (!(this.sampleRate > 0) || !(this.frequencyHz > 0 && this.frequencyHz < this.sampleRate / 2)) {
      throw new RangeError(`cannot listen for ${this.frequencyHz} Hz at ${this.sampleRate} Hz`);
    }
    this.#minMs = options.minMs ?? BEEP_DEFAULTS.minMs;
    this.#maxMs = options.maxMs ?? BEEP_DEFAULTS.maxMs;
    // dBFS is RMS against 32768 (level.ts): back to a mean square.
    this.#minPower = 32768 * 32768 * 10 ** ((options.minLevelDbfs ?? BEEP_DEFAULTS.minLevelDbfs) / 10);
    this.#minPurity = options.minPurity ?? BEEP_DEFAULTS.minPurity;
  }

  /** Feeds one frame; returns the beep that ended just before it, else null. */
  process(frame: Int16Array): BeepEvent | null {
    if (frame.length === 0) return null;
    const frameMs = (frame.length * 1000) / this.sampleRate;
    const power = meanSquare(frame);
    const tone = power >= this.#minPower && goertzelPower(frame, 0, frame.length, this.frequencyHz, this.sampleRate) >= this.#minPurity * power;
    if (tone) {
      this.#runMs += frameMs;
      this.#runPeak = Math.max(this.#runPeak, power);
      return null;
    }
    return this.#endRun();
  }

  /** Ends the stream (the call is over): a beep that lasted to the last frame is reported now. */
  flush(): BeepEvent | null {
    return this.#endRun();
  }

  #endRun(): BeepEvent | null {
    const durationMs = Math.round(this.#runMs);
    const peak = this.#runPeak;
    this.#runMs = 0;
    this.#runPeak = 0;
    if (durationMs < this.#minMs || durationMs > this.#maxMs) return null;
    return { durationMs, levelDbfs: Math.round(powerToDbfs(peak) * 10) / 10 };
  }
}
