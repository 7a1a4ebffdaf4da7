/**
 * Signal level helpers. dBFS here is the RMS against full scale (32768), as SoX's `stats`
 * reports it ("RMS lev dB"): a full-scale square wave is 0 dBFS, a full-scale sine -3.01 dBFS.
 */
import { VAD_LIMITS } from './limits.js';

const FULL_SCALE = 32768;

/** Mean of x² over the frame (0 for an empty frame). */
export function meanSquare(frame: Int16Array): number {
  if (frame.length === 0) return 0;
  let acc = 0;
  for (let i = 0; i < frame.length; i++) {
    const v = frame[i] as number;
    acc += v * v;
  }
  return acc / frame.length;
}

export function rms(frame: Int16Array): number {
  return Math.sqrt(meanSquare(frame));
}

/** dBFS of a mean-square power; digital silence gives VAD_LIMITS.silenceDbfs. */
export function powerToDbfs(ms: number): number {
  if (ms <= 0) return VAD_LIMITS.silenceDbfs;
  return Math.max(VAD_LIMITS.silenceDbfs, 10 * Math.log10(ms / (FULL_SCALE * FULL_SCALE)));
}

/** Mean-square power of a level in dBFS. */
export function dbfsToPower(dbfs: number): number {
  return FULL_SCALE * FULL_SCALE * 10 ** (dbfs / 10);
}

/** RMS level of the frame in dBFS. */
export function dbfs(frame: Int16Array): number {
  return powerToDbfs(meanSquare(frame));
}

/** Peak amplitude of a sine whose level is `dbfsPeak` relative to full scale (SoX's `synth` gain). */
export function peakAmplitude(dbfsPeak: number): number {
  return FULL_SCALE * 10 ** (dbfsPeak / 20);
}
