/**
 * In-band DTMF receiver after ITU-T Q.24 (Q.23 frequencies). Pure: feed PCM frames, get digits.
 *
 * Analysis: Goertzel powers of the 8 tones over a 102-sample window (12.75 ms at 8 kHz; 204 at
 * 16 kHz) advanced by half a window. A window shows a digit when
 *   - the strongest row and the strongest column tone are each ≥ minToneDbfs,
 *   - each is minGroupDominanceDb above the other tones of its group,
 *   - twist is within limits: row over column ≤ 8 dB (normal), column over row ≤ 4 dB (reverse),
 *   - the two tones carry ≥ minToneShare of the window's power (speech and noise spread theirs;
 *     a window only partly filled with tone also fails, which sets the minimum duration),
 *   - the tones' second harmonics, where no other DTMF tone sits near them, are
 *     minHarmonicRejectionDb below (voiced speech is rich in harmonics, DTMF has none).
 *
 * Semantics: a digit is reported ONCE, at its start, as soon as `hitsToStart` windows in a row
 * have shown it (≈ 32 ms of tone: 40 ms tones are always accepted, 20 ms tones never). It then
 * stays "down" until `missesToEnd` windows in a row lack it (the 40 ms pause of Q.24 always ends
 * it), so a long press is one digit and a drop-out of 10 ms does not repeat it.
 */
import type { DtmfDigit, SampleRate } from '../types.js';
import { MediaDspError } from './errors.js';
import { GoertzelBank, goertzelPower } from './goertzel.js';
import { dbfsToPower } from './level.js';
import { DTMF_LIMITS } from './limits.js';
import { DTMF_COLUMNS_HZ, DTMF_KEYPAD, DTMF_ROWS_HZ } from './tone.js';

const NONE: DtmfDigit[] = Object.freeze([]) as unknown as DtmfDigit[];
const TONES_HZ = [...DTMF_ROWS_HZ, ...DTMF_COLUMNS_HZ];
const DB = (db: number): number => 10 ** (db / 10);
const MIN_TONE_POWER = dbfsToPower(DTMF_LIMITS.minToneDbfs);
const NORMAL_TWIST = DB(DTMF_LIMITS.maxNormalTwistDb);
const REVERSE_TWIST = DB(DTMF_LIMITS.maxReverseTwistDb);
const DOMINANCE = DB(DTMF_LIMITS.minGroupDominanceDb);
const HARMONIC = DB(DTMF_LIMITS.minHarmonicRejectionDb);

export class DtmfDetector {
  readonly sampleRate: SampleRate;
  private readonly window: number;
  private readonly hop: number;
  /** Harmonic probes closer than this (2 bins) to the other tone are skipped. */
  private readonly harmonicGuardHz: number;
  private readonly bank: GoertzelBank;
  private readonly buf: Float64Array;
  private fill = 0;
  private candidate: DtmfDigit | null = null;
  private hits = 0;
  private current: DtmfDigit | null = null;
  private misses = 0;

  constructor(sampleRate: SampleRate) {
    if (sampleRate !== 8000 && sampleRate !== 16000) {
      throw new MediaDspError('MEDIA_DSP_BAD_RATE', `DTMF detection runs at 8000 or 16000 Hz, not ${String(sampleRate)}`);
    }
    this.sampleRate = sampleRate;
    const scale = sampleRate / 8000;
    this.window = DTMF_LIMITS.windowAt8k * scale;
    this.hop = DTMF_LIMITS.hopAt8k * scale;
    this.harmonicGuardHz = (2 * sampleRate) / this.window;
    this.bank = new GoertzelBank(TONES_HZ, sampleRate);
    this.buf = new Float64Array(this.window);
  }

  /** The digit held down now (reported earlier), if any. */
  get active(): DtmfDigit | null {
    return this.current;
  }

  /**
   * Feeds one frame (any length); returns the digits that started in it, in order. Usually none:
   * then the same frozen empty array is returned every time (no allocation per frame).
   */
  process(frame: Int16Array): DtmfDigit[] {
    let found: DtmfDigit[] = NONE;
    let i = 0;
    while (i < frame.length) {
      const n = Math.min(this.window - this.fill, frame.length - i);
      for (let k = 0; k < n; k++) this.buf[this.fill + k] = frame[i + k] as number;
      this.fill += n;
      i += n;
      if (this.fill === this.window) {
        const digit = this.step(this.classify());
        if (digit !== null) found = found === NONE ? [digit] : [...found, digit];
        this.buf.copyWithin(0, this.hop);
        this.fill = this.window - this.hop;
      }
    }
    return found;
  }

  /** Forgets everything (a new call, or after playing a prompt over the caller). */
  reset(): void {
    this.fill = 0;
    this.candidate = null;
    this.hits = 0;
    this.current = null;
    this.misses = 0;
  }

  /** Debounce (see the file comment): returns a digit when one starts in this window. */
  private step(seen: DtmfDigit | null): DtmfDigit | null {
    if (seen !== null && seen === this.candidate) this.hits++;
    else {
      this.candidate = seen;
      this.hits = seen === null ? 0 : 1;
    }
    if (this.current !== null) {
      if (seen === this.current) this.misses = 0;
      else if (++this.misses >= DTMF_LIMITS.missesToEnd) this.current = null;
    }
    if (this.current === null && this.candidate !== null && this.hits >= DTMF_LIMITS.hitsToStart) {
      this.current = this.candidate;
      this.misses = 0;
      return this.current;
    }
    return null;
  }

  /** The digit the current window shows, or null. */
  private classify(): DtmfDigit | null {
    const p = this.bank.run(this.buf, 0, this.window);
    const row = strongest(p, 0);
    const col = strongest(p, 4);
    const rowPower = p[row] as number;
    const colPower = p[4 + col] as number;
    if (rowPower < MIN_TONE_POWER || colPower < MIN_TONE_POWER) return null;
    if (rowPower > colPower * NORMAL_TWIST || colPower > rowPower * REVERSE_TWIST) return null;
    for (let k = 0; k < 4; k++) {
      if (k !== row && (p[k] as number) * DOMINANCE > rowPower) return null;
      if (k !== col && (p[4 + k] as number) * DOMINANCE > colPower) return null;
    }
    let energy = 0;
    for (let k = 0; k < this.window; k++) {
      const v = this.buf[k] as number;
      energy += v * v;
    }
    if (rowPower + colPower < (DTMF_LIMITS.minToneShare * energy) / this.window) return null;
    const rowHz = DTMF_ROWS_HZ[row] as number;
    const colHz = DTMF_COLUMNS_HZ[col] as number;
    if (this.harmonicTooStrong(rowHz, rowPower, colHz) || this.harmonicTooStrong(colHz, colPower, rowHz)) return null;
    return (DTMF_KEYPAD[row] as readonly DtmfDigit[])[col] ?? null;
  }

  private harmonicTooStrong(hz: number, power: number, otherHz: number): boolean {
    const h = 2 * hz;
    if (h >= this.sampleRate / 2 || Math.abs(h - otherHz) < this.harmonicGuardHz) return false;
    return goertzelPower(this.buf, 0, this.window, h, this.sampleRate) * HARMONIC > power;
  }
}

function strongest(p: Float64Array, base: number): number {
  let best = 0;
  for (let k = 1; k < 4; k++) if ((p[base + k] as number) > (p[base + best] as number)) best = k;
  return best;
}
