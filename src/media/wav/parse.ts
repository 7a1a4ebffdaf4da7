/** parseWav: a whole WAV file in memory → mono 16-bit PCM at the file's rate (for short prompts). */
import { decodeFrames } from './decode.js';
import { WavError } from './errors.js';
import { locateWavData, type WavLayout } from './format.js';
import { resolveWavLimits, type WavLimits } from './limits.js';

export interface DecodedWav {
  sampleRate: number;
  /** Channels in the file (the samples are already mixed down to one). */
  channels: number;
  /** Mono samples at `sampleRate`. */
  samples: Int16Array;
}

/** Reads the layout of a WAV file held whole in `buf` (header only, no sample decoded). */
export function readWavLayout(buf: Buffer, limits?: Partial<WavLimits>): WavLayout {
  const resolved = resolveWavLimits(limits);
  const layout = locateWavData(buf, buf.length, resolved);
  // With the whole file in `buf`, every chunk header lies inside it: NeedMoreBytes cannot occur.
  if ('needBytes' in layout) throw new WavError('MEDIA_WAV_TRUNCATED', 'the WAV header runs past the end of the file');
  return layout;
}

export function parseWav(buf: Buffer, limits?: Partial<WavLimits>): DecodedWav {
  const resolved = resolveWavLimits(limits);
  if (buf.length > resolved.maxFileBytes) {
    throw new WavError('MEDIA_WAV_LIMIT', `the file has ${buf.length} bytes, over the limit of ${resolved.maxFileBytes} (maxFileBytes)`);
  }
  const { format, dataOffset, dataBytes } = readWavLayout(buf, resolved);
  const frames = dataBytes / format.blockAlign;
  if (frames > resolved.maxDurationSeconds * format.sampleRate) {
    const seconds = (frames / format.sampleRate).toFixed(1);
    throw new WavError('MEDIA_WAV_LIMIT', `${seconds} s of audio exceed the limit of ${resolved.maxDurationSeconds} s (maxDurationSeconds)`);
  }
  const samples = new Int16Array(frames);
  decodeFrames(buf.subarray(dataOffset, dataOffset + dataBytes), format, frames, samples, 0);
  return { sampleRate: format.sampleRate, channels: format.channels, samples };
}
