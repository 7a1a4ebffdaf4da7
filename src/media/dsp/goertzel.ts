/**
 * A bank of Goertzel filters: the power of a few chosen frequencies over one block of samples,
 * at a fraction of an FFT's cost (3 multiply-adds per sample and frequency). Frequencies need
 * not fall on FFT bins: each filter's coefficient uses the exact frequency.
 */

export class GoertzelBank {
  private readonly coeff: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  /** Mean power of each frequency over the last block (a sine of peak A gives A²/2). */
  readonly power: Float64Array;

  constructor(frequenciesHz: readonly number[], sampleRate: number) {
    const n = frequenciesHz.length;
    this.coeff = new Float64Array(n);
    this.cos = new Float64Array(n);
    this.sin = new Float64Array(n);
    this.power = new Float64Array(n);
    frequenciesHz.forEach((f, k) => {
      const w = (2 * Math.PI * f) / sampleRate;
      this.coeff[k] = 2 * Math.cos(w);
      this.cos[k] = Math.cos(w);
      this.sin[k] = Math.sin(w);
    });
  }

  /** Computes `power` over input[start, start + length). */
  run(input: ArrayLike<number>, start: number, length: number): Float64Array {
    const end = start + length;
    const scale = 2 / (length * length);
    for (let k = 0; k < this.coeff.length; k++) {
      const c = this.coeff[k] as number;
      let s1 = 0;
      let s2 = 0;
      for (let i = start; i < end; i++) {
        const s0 = (input[i] as number) + c * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      // |X|² at the exact frequency: the last state pair rotated by one step.
      const re = s1 - s2 * (this.cos[k] as number);
      const im = s2 * (this.sin[k] as number);
      this.power[k] = (re * re + im * im) * scale;
    }
    return this.power;
  }
}

/** Mean power of one frequency over input[start, start + length) (for occasional probes). */
export function goertzelPower(input: ArrayLike<number>, start: number, length: number, freqHz: number, sampleRate: number): number {
  const w = (2 * Math.PI * freqHz) / sampleRate;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < start + length; i++) {
    const s0 = (input[i] as number) + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const re = s1 - s2 * Math.cos(w);
  const im = s2 * Math.sin(w);
  return ((re * re + im * im) * 2) / (length * length);
}
