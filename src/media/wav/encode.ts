/** WAV writing: the canonical 44-byte PCM header, and whole mono 16-bit files. */
import { endianness } from 'node:os';
import { WavError } from './errors.js';
import { WAVE_FORMAT } from './format.js';

/** Bytes of the canonical header written here: RIFF (12) + "fmt " (8 + 16) + "data" header (8). */
export const WAV_HEADER_BYTES = 44;
/** The largest data chunk a RIFF size field (u32, minus the 36 header bytes it counts) can hold. */
export const MAX_WAV_DATA_BYTES = 0xffffffff - (WAV_HEADER_BYTES - 8);

const LITTLE_ENDIAN = endianness() === 'LE';

/** A 44-byte RIFF/WAVE header for integer PCM with `dataBytes` bytes of samples following it. */
export function wavHeader(sampleRate: number, channels: number, bitsPerSample: number, dataBytes: number): Buffer {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffffff) {
    throw new WavError('MEDIA_WAV_BAD_USE', `cannot write a sample rate of ${sampleRate}`);
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 0xffff) {
    throw new WavError('MEDIA_WAV_BAD_USE', `cannot write ${channels} channels`);
  }
  if (![8, 16, 24, 32].includes(bitsPerSample)) {
    throw new WavError('MEDIA_WAV_BAD_USE', `cannot write ${bitsPerSample}-bit PCM (8, 16, 24 or 32)`);
  }
  if (!Number.isInteger(dataBytes) || dataBytes < 0 || dataBytes > MAX_WAV_DATA_BYTES) {
    throw new WavError('MEDIA_WAV_BAD_USE', `a WAV data chunk cannot hold ${dataBytes} bytes`);
  }
  const blockAlign = channels * (bitsPerSample / 8);
  if (blockAlign > 0xffff) throw new WavError('MEDIA_WAV_BAD_USE', `block align ${blockAlign} does not fit 16 bits`);
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(WAV_HEADER_BYTES - 8 + dataBytes, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(WAVE_FORMAT.PCM, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(Math.min(0xffffffff, sampleRate * blockAlign), 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(bitsPerSample, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** Copies samples into `target` at `offset` as little-endian 16-bit PCM; returns the bytes written. */
export function writeSamplesLE(samples: Int16Array, target: Buffer, offset: number): number {
  if (LITTLE_ENDIAN) {
    Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).copy(target, offset);
  } else {
    for (let i = 0; i < samples.length; i++) target.writeInt16LE(samples[i] ?? 0, offset + i * 2);
  }
  return samples.byteLength;
}

/** A whole mono 16-bit PCM WAV file. */
export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  const out = Buffer.allocUnsafe(WAV_HEADER_BYTES + samples.byteLength);
  wavHeader(sampleRate, 1, 16, samples.byteLength).copy(out, 0);
  writeSamplesLE(samples, out, WAV_HEADER_BYTES);
  return out;
}
