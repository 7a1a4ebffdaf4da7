/**
 * Windowed-sinc low-pass filters for rational resampling by L/M (L = to / gcd, M = from / gcd),
 * stored as L phases of 2W taps. Output n sits at input time t = n·M/L; phase (n·M mod L) holds
 * the taps for input samples floor(t) - W + 1 … floor(t) + W. Kaiser window (β from the
 * stop-band attenuation, length from the transition width: J. F. Kaiser's design formulas).
 */
import { MediaDspError } from './errors.js';
import { RESAMPLE_LIMITS } from './limits.js';

export interface FilterSpec {
  /** Pass-band edge as a fraction of the lower of the two rates (0.45: 3600 Hz at 8 kHz). */
  passband: number;
  /** Stop-band edge as a fraction of the lower rate (0.5: the new Nyquist frequency). */
  stopband: number;
  /** Stop-band attenuation, dB. */
  attenuationDb: number;
}

export interface PolyphaseFilter {
  readonly up: number;
  readonly down: number;
  /** Half length in input samples: each output uses 2·halfTaps inputs. */
  readonly halfTaps: number;
  /** coeffs[phase · 2W + j] weighs input floor(t) - W + 1 + j. */
  readonly coeffs: Float32Array;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

export function checkRate(rate: number, what: string): void {
  if (!Number.isInteger(rate) || rate < RESAMPLE_LIMITS.minRate || rate > RESAMPLE_LIMITS.maxRate) {
    throw new MediaDspError(
      'MEDIA_DSP_BAD_RATE',
      `${what} rate ${rate} Hz is not an integer in ${RESAMPLE_LIMITS.minRate}-${RESAMPLE_LIMITS.maxRate} Hz`,
    );
  }
}

const cache = new Map<string, PolyphaseFilter>();

/** The filter for fromRate → toRate (cached: a process uses a handful of rate pairs). */
export function designFilter(fromRate: number, toRate: number, spec: FilterSpec): PolyphaseFilter {
  checkRate(fromRate, 'input');
  checkRate(toRate, 'output');
  const key = `${fromRate}/${toRate}/${spec.passband}/${spec.stopband}/${spec.attenuationDb}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  const low = Math.min(fromRate, toRate);
  // Cut-off and transition in cycles per input sample.
  const fc = (((spec.passband + spec.stopband) / 2) * low) / fromRate;
  const transition = ((spec.stopband - spec.passband) * low) / fromRate;
  const a = spec.attenuationDb;
  const beta = a > 50 ? 0.1102 * (a - 8.7) : a >= 21 ? 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21) : 0;
  const halfTaps = Math.max(2, Math.ceil((a - 7.95) / (14.36 * transition) / 2));
  const taps = 2 * halfTaps;
  if (up * taps > RESAMPLE_LIMITS.maxCoefficients) {
    throw new MediaDspError(
      'MEDIA_DSP_BAD_RATE',
      `resampling ${fromRate} → ${toRate} Hz needs ${up * taps} filter coefficients (limit ${RESAMPLE_LIMITS.maxCoefficients})`,
    );
  }
  const coeffs = new Float32Array(up * taps);
  const i0beta = besselI0(beta);
  for (let phase = 0; phase < up; phase++) {
    const frac = phase / up;
    let sum = 0;
    const row = new Float64Array(taps);
    for (let j = 0; j < taps; j++) {
      const tau = j - halfTaps + 1 - frac; // input position minus output time
      const r = tau / halfTaps;
      const win = r * r >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0beta;
      const x = 2 * fc * tau;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      row[j] = 2 * fc * sinc * win;
      sum += row[j] as number;
    }
    // Unit gain at DC in every phase (no ripple at the output rate).
    for (let j = 0; j < taps; j++) coeffs[phase * taps + j] = (row[j] as number) / sum;
  }
  const filter = { up, down, halfTaps, coeffs };
  cache.set(key, filter);
  return filter;
}
