/**
 * MP3 copy of a voice message for `mail.attachMp3` (phones and mail apps that do not play WAV).
 * Encoded with @breezystack/lamejs, the maintained ESM fork of lamejs (a pure-JS port of LAME),
 * reading the WAV frame by frame so only the MP3 output is held in memory (a 16 kbit/s mono MP3
 * is 2 KB per second of speech).
 */
import { Mp3Encoder } from '@breezystack/lamejs';
import { WavFileReader } from '../../media/wav/index.js';

/** Sample rates MPEG-1/2/2.5 layer III can carry, and the bit rate used for mono speech at each. */
const KBPS_BY_RATE: ReadonlyMap<number, number> = new Map([
  [8000, 16],
  [11025, 24],
  [12000, 24],
  [16000, 32],
  [22050, 48],
  [24000, 48],
  [32000, 64],
  [44100, 64],
  [48000, 64],
]);

/** Samples handed to the encoder at a time (a multiple of the 1152-sample MP3 frame). */
const CHUNK_MS = 144;

/**
 * The MP3 of a mono WAV file, or null when its sample rate has no MP3 equivalent. Throws what the
 * WAV reader throws (missing or broken file).
 */
export async function encodeMp3(wavPath: string): Promise<Buffer | null> {
  const reader = await WavFileReader.open(wavPath, { frameMs: CHUNK_MS, readAheadMs: CHUNK_MS * 8 });
  try {
    const kbps = KBPS_BY_RATE.get(reader.sampleRate);
    if (kbps === undefined) return null;
    const encoder = new Mp3Encoder(1, reader.sampleRate, kbps);
    const out: Buffer[] = [];
    let remainingSamples = Math.round((reader.durationMs * reader.sampleRate) / 1000);
    for (let frame = await reader.readFrame(); frame !== null; frame = await reader.readFrame()) {
      // The reader pads the last frame with silence; encode only the real samples.
      const samples = remainingSamples < frame.length ? frame.subarray(0, Math.max(0, remainingSamples)) : frame;
      remainingSamples -= samples.length;
      const chunk = encoder.encodeBuffer(samples);
      if (chunk.length > 0) out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    }
    const tail = encoder.flush();
    if (tail.length > 0) out.push(Buffer.from(tail.buffer, tail.byteOffset, tail.length));
    return Buffer.concat(out);
  } finally {
    await reader.close();
  }
}
