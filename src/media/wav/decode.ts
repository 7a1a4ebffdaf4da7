/**
 * Sample decoding: whole frames of any supported encoding and channel count into mono 16-bit PCM.
 * Channels are averaged (a plain downmix: prompts are speech, phase tricks do not matter).
 * Pure: bytes in, samples out.
 */
import { ALAW_TO_LINEAR, MULAW_TO_LINEAR } from './g711.js';
import type { SampleEncoding, WavFormat } from './format.js';

type SampleReader = (buf: Buffer, at: number) => number;

/** Each reader returns the sample scaled to the 16-bit range (fractional for wider formats). */
const readers: Record<SampleEncoding, SampleReader> = {
  'pcm-u8': (b, at) => ((b[at] ?? 128) - 128) * 256,
  'pcm-s16': (b, at) => b.readInt16LE(at),
  'pcm-s24': (b, at) => b.readIntLE(at, 3) / 256,
  'pcm-s32': (b, at) => b.readInt32LE(at) / 65536,
  float32: (b, at) => b.readFloatLE(at) * 32768,
  float64: (b, at) => b.readDoubleLE(at) * 32768,
  mulaw: (b, at) => MULAW_TO_LINEAR[b[at] ?? 0xff] ?? 0,
  alaw: (b, at) => ALAW_TO_LINEAR[b[at] ?? 0xd5] ?? 0,
};

function toInt16(x: number): number {
  if (x >= 32767) return 32767;
  if (x <= -32768) return -32768;
  return Math.round(x);
}

/**
 * Decodes `frames` frames from `bytes` (starting at byte 0) into `out` at `outOffset`.
 * `bytes` must hold at least frames × blockAlign bytes.
 */
export function decodeFrames(bytes: Buffer, format: WavFormat, frames: number, out: Int16Array, outOffset: number): void {
  const { channels, blockAlign } = format;
  const stride = blockAlign / channels;
  if (format.encoding === 'pcm-s16' && channels === 1) {
    for (let i = 0; i < frames; i++) out[outOffset + i] = bytes.readInt16LE(i * 2);
    return;
  }
  const read = readers[format.encoding];
  if (channels === 1) {
    for (let i = 0; i < frames; i++) out[outOffset + i] = toInt16(read(bytes, i * blockAlign));
    return;
  }
  for (let i = 0; i < frames; i++) {
    const base = i * blockAlign;
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(bytes, base + c * stride);
    out[outOffset + i] = toInt16(sum / channels);
  }
}
