/**
 * Streaming resampler for frame-by-frame conversion, above all 8 kHz ↔ 16 kHz on a G.722 call
 * (playing an 8 kHz prompt, recording at 8 kHz). It keeps the last input samples between frames,
 * so the output is the same as converting the whole stream at once, delayed by `delaySamples`
 * output samples (the filter's look-ahead): no clicks at frame boundaries. For 8k ↔ 16k every
 * frame of n samples gives exactly n·to/from samples.
 *
 * The telephony filter passes 0-3400 Hz (of a 4 kHz band) and stops ≥ 60 dB from 4 kHz: 50
 * taps per output sample upwards, 98 downwards.
 */
import { designFilter, type FilterSpec, type PolyphaseFilter } from './polyphase.js';

export const TELEPHONY_FILTER: FilterSpec = Object.freeze({ passband: 0.425, stopband: 0.5, attenuationDb: 60 });

export class Resampler {
  readonly fromRate: number;
  readonly toRate: number;
  /** Output samples by which the stream is delayed (the filter's look-ahead). */
  readonly delaySamples: number;
  private readonly f: PolyphaseFilter;
  /** Input history; buf[0] is absolute input index `base`. */
  private buf: Float32Array;
  private base: number;
  private count: number;
  /** floor(t) and phase of the next output sample. */
  private next: number;
  private phase = 0;
  /** Input samples taken so far and output samples given (for flush). */
  private inputTotal = 0;
  private outputTotal = 0;

  constructor(fromRate: number, toRate: number, spec: FilterSpec = TELEPHONY_FILTER) {
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.f = designFilter(fromRate, toRate, spec);
    const w = this.f.halfTaps;
    this.delaySamples = Math.floor((w * this.f.up) / this.f.down);
    // Zeros before the stream start, back to the first input the delayed first output needs.
    const lead = 2 * w + 1;
    this.buf = new Float32Array(lead + 4096);
    this.base = -lead;
    this.count = lead;
    // Output 0 of the stream is sample -delaySamples of the undelayed conversion.
    const t = -this.delaySamples * this.f.down;
    this.next = Math.floor(t / this.f.up);
    this.phase = t - this.next * this.f.up;
  }

  /** Converts the next piece of the stream; for 8k ↔ 16k, n samples in give n·to/from out. */
  process(input: Int16Array): Int16Array {
    this.append(input);
    this.inputTotal += input.length;
    return this.emit(Number.POSITIVE_INFINITY);
  }

  /**
   * Ends the stream: returns the outputs still held back by the delay, so that the whole stream
   * gave delaySamples + round(inputs · to / from) samples (the end of a recording is not cut).
   * The last call on an instance: the stream is over.
   */
  flush(): Int16Array {
    const target = this.delaySamples + Math.round((this.inputTotal * this.f.up) / this.f.down);
    this.append(new Int16Array(2 * this.f.halfTaps + 1));
    return this.emit(Math.max(0, target - this.outputTotal));
  }

  /** Computes the outputs the buffered input allows, at most `limit`. */
  private emit(limit: number): Int16Array {
    const { up, down, halfTaps, coeffs } = this.f;
    const taps = 2 * halfTaps;
    const last = this.base + this.count - 1;
    const maxOut = Math.min(limit, Math.ceil(((last - this.next - halfTaps + 1) * up) / down) + 1);
    const out = new Int16Array(Math.max(0, maxOut));
    let produced = 0;
    // Locals: the hot loop must not reload fields (append() may have replaced buf).
    const buf = this.buf;
    const base = this.base;
    let next = this.next;
    let phase = this.phase;
    while (next + halfTaps <= last && produced < out.length) {
      const first = next - halfTaps + 1 - base;
      const c0 = phase * taps;
      let acc = 0;
      for (let j = 0; j < taps; j++) acc += (coeffs[c0 + j] as number) * (buf[first + j] as number);
      const s = Math.round(acc);
      out[produced++] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
      phase += down;
      while (phase >= up) {
        phase -= up;
        next++;
      }
    }
    this.next = next;
    this.phase = phase;
    this.outputTotal += produced;
    this.discard();
    return produced === out.length ? out : out.subarray(0, produced);
  }

  private append(input: Int16Array): void {
    if (this.count + input.length > this.buf.length) {
      const bigger = new Float32Array((this.count + input.length) * 2);
      bigger.set(this.buf.subarray(0, this.count));
      this.buf = bigger;
    }
    for (let i = 0; i < input.length; i++) this.buf[this.count + i] = input[i] as number;
    this.count += input.length;
  }

  /** Drops inputs no later output needs. */
  private discard(): void {
    const keepFrom = this.next - this.f.halfTaps + 1 - this.base;
    if (keepFrom <= 0) return;
    this.buf.copyWithin(0, keepFrom, this.count);
    this.count -= keepFrom;
    this.base += keepFrom;
  }
}
