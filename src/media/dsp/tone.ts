/**
 * Tone generation: prompts' beeps, in-band DTMF (ITU-T Q.23 frequencies) and test signals.
 * Each tone starts and ends with a raised-cosine fade so the first and last samples are near 0
 * and the edges do not click.
 */
import type { DtmfDigit } from '../types.js';
import { MediaDspError } from './errors.js';
import { peakAmplitude } from './level.js';
import { TONE_LIMITS } from './limits.js';

/** ITU-T Q.23 Table 1: row (low group) and column (high group) frequencies, Hz. */
export const DTMF_ROWS_HZ = Object.freeze([697, 770, 852, 941] as const);
export const DTMF_COLUMNS_HZ = Object.freeze([1209, 1336, 1477, 1633] as const);
/** The keypad as Q.23 lays it out: DTMF_KEYPAD[row][column]. */
export const DTMF_KEYPAD: readonly (readonly DtmfDigit[])[] = Object.freeze([
  ['1', '2', '3', 'A'], ['4', '5', '6', 'B'], ['7', '8', '9', 'C'], ['*', '0', '#', 'D'],
]);

/** Row and column frequency of a digit. */
export function dtmfFrequencies(digit: DtmfDigit): [number, number] {
  for (let r = 0; r < 4; r++) {
    const c = (DTMF_KEYPAD[r] as readonly DtmfDigit[]).indexOf(digit);
    if (c >= 0) return [DTMF_ROWS_HZ[r] as number, DTMF_COLUMNS_HZ[c] as number];
  }
  throw new MediaDspError('MEDIA_DSP_BAD_ARGUMENT', `"${String(digit)}" is not a DTMF digit (0-9, *, #, A-D)`);
}

/**
 * `durationMs` of the sum of sines at `freqHz`, each with peak amplitude `amplitudeDbfs`
 * relative to full scale (the beep: toneFrames([1000], 250, 8000, -12)). Clipped to 16 bits.
 */
export function toneFrames(freqHz: readonly number[], durationMs: number, sampleRate: number, amplitudeDbfs: number): Int16Array {
  if (!(durationMs >= 0 && durationMs <= TONE_LIMITS.maxDurationMs)) {
    throw new MediaDspError('MEDIA_DSP_BAD_ARGUMENT', `tone duration ${durationMs} ms is outside 0-${TONE_LIMITS.maxDurationMs} ms`);
  }
  if (!(sampleRate > 0 && Number.isInteger(sampleRate))) {
    throw new MediaDspError('MEDIA_DSP_BAD_RATE', `sample rate ${sampleRate} is not a positive integer`);
  }
  for (const f of freqHz) {
    if (!(f >= 0 && f < sampleRate / 2)) {
      throw new MediaDspError('MEDIA_DSP_BAD_ARGUMENT', `tone frequency ${f} Hz is outside 0-${sampleRate / 2} Hz`);
    }
  }
  const n = Math.round((durationMs * sampleRate) / 1000);
  const out = new Int16Array(n);
  const amp = peakAmplitude(amplitudeDbfs);
  const fade = Math.min(Math.round((TONE_LIMITS.fadeMs * sampleRate) / 1000), Math.floor(n / 4));
  const w = freqHz.map((f) => (2 * Math.PI * f) / sampleRate);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (const wk of w) v += Math.sin(wk * i);
    let gain = amp;
    const edge = Math.min(i, n - 1 - i);
    if (edge < fade) gain *= 0.5 - 0.5 * Math.cos((Math.PI * (edge + 0.5)) / fade);
    const s = Math.round(v * gain);
    out[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
  return out;
}

/** In-band DTMF: the digit's two tones, each at TONE_LIMITS.dtmfToneDbfs. */
export function dtmfTone(digit: DtmfDigit, durationMs: number, sampleRate: number): Int16Array {
  return toneFrames(dtmfFrequencies(digit), durationMs, sampleRate, TONE_LIMITS.dtmfToneDbfs);
}
