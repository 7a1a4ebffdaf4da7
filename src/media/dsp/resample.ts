/**
 * Sample-rate conversion. `resample` converts whole buffers (prompts from TTS at 22050 Hz, WAV
 * files at 8-48 kHz → 8000 or 16000 Hz) with a sharp filter: pass band to 0.45 of the lower
 * rate, stop band from its Nyquist frequency, 80 dB. Output sample n is at input time n·from/to,
 * with zeros assumed outside the buffer, so the output is not delayed.
 */
import { designFilter, type FilterSpec } from './polyphase.js';

/** Whole-buffer quality: 3.6 kHz pass band at 8 kHz, aliases ≥ 80 dB down. */
export const OFFLINE_FILTER: FilterSpec = Object.freeze({ passband: 0.45, stopband: 0.5, attenuationDb: 80 });

function toInt16(v: number): number {
  const s = Math.round(v);
  return s > 32767 ? 32767 : s < -32768 ? -32768 : s;
}

/** Converts `input` from `fromRate` to `toRate`; the output has round(n·to/from) samples. */
export function resample(input: Int16Array, fromRate: number, toRate: number, spec: FilterSpec = OFFLINE_FILTER): Int16Array {
  const f = designFilter(fromRate, toRate, spec);
  if (f.up === 1 && f.down === 1) return input.slice();
  const outLength = Math.round((input.length * f.up) / f.down);
  const out = new Int16Array(outLength);
  const taps = 2 * f.halfTaps;
  const { coeffs, up, down } = f;
  let base = 0; // floor(n·down / up)
  let phase = 0; // n·down mod up
  for (let n = 0; n < outLength; n++) {
    const first = base - f.halfTaps + 1;
    const c0 = phase * taps;
    let acc = 0;
    const jStart = first < 0 ? -first : 0;
    const jEnd = Math.min(taps, input.length - first);
    for (let j = jStart; j < jEnd; j++) acc += (coeffs[c0 + j] as number) * (input[first + j] as number);
    out[n] = toInt16(acc);
    phase += down;
    while (phase >= up) {
      phase -= up;
      base++;
    }
  }
  return out;
}
