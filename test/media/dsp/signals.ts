/** Test signals and vector readers shared by the DSP tests. */
import { decodeUlawInto } from '../../../src/media/codec/index.js';
import { vectorBytes, vectorPcm } from '../codec/vectors.js';

export { vectorPcm };

/** A µ-law vector of test/vectors/media/dsp decoded to PCM. */
export function ulawVector(name: string): Int16Array {
  const b = vectorBytes('dsp', name);
  const out = new Int16Array(b.length);
  decodeUlawInto(b, out);
  return out;
}

/** Feeds `signal` in frames of `frame` samples to `process`, collecting what it returns per frame. */
export function inFrames<T>(signal: Int16Array, frame: number, process: (f: Int16Array) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < signal.length; i += frame) out.push(process(signal.subarray(i, Math.min(signal.length, i + frame))));
  return out;
}

/** Deterministic white noise with RMS `rms` (uniform, seeded). */
export function whiteNoise(n: number, rms: number, seed = 1): Int16Array {
  let s = seed;
  const amp = rms * Math.sqrt(12);
  return Int16Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return Math.round((s / 0x7fffffff - 0.5) * amp);
  });
}

/** Sum of signals, clipped to 16 bits. */
export function mix(...signals: Int16Array[]): Int16Array {
  const n = Math.max(...signals.map((s) => s.length));
  return Int16Array.from({ length: n }, (_, i) => {
    let v = 0;
    for (const s of signals) v += s[i] ?? 0;
    return Math.max(-32768, Math.min(32767, v));
  });
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((a, p) => a + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

export function silence(ms: number, rate: number): Int16Array {
  return new Int16Array((ms * rate) / 1000);
}
