/**
 * Voice codecs of the media engine: G.711 µ-law/A-law (PCMU, PCMA) and G.722 (mode 1).
 * The only import path into src/media/codec from outside.
 */
import type { AudioDecoder, AudioEncoder, CodecInfo, CodecName, SampleRate } from '../types.js';
import { FRAME_MS } from '../types.js';
import { MediaCodecError } from './errors.js';
import { G722Decoder, G722Encoder } from './g722.js';
import { PcmaDecoder, PcmaEncoder, PcmuDecoder, PcmuEncoder } from './g711Codec.js';

export { MediaCodecError, MEDIA_CODEC_ERROR_CODES } from './errors.js';
export type { MediaCodecErrorCode } from './errors.js';
export {
  ALAW_DECODE, ALAW_SILENCE, ULAW_DECODE, ULAW_SILENCE, alawToLinear16, decodeAlawInto, decodeUlawInto,
  encodeAlawInto, encodeUlawInto, linearToAlaw, linearToUlaw, ulawToLinear16,
} from './g711.js';
export { G722Decoder, G722Encoder } from './g722.js';
export { PcmaDecoder, PcmaEncoder, PcmuDecoder, PcmuEncoder } from './g711Codec.js';

/** RFC 3551 §6 Table 4 static payload types; every clock rate is 8000 (G.722: §4.5.2). */
export const CODECS: Readonly<Record<CodecName, CodecInfo>> = Object.freeze({
  PCMU: { name: 'PCMU', payloadType: 0, sampleRate: 8000, rtpClockRate: 8000 },
  PCMA: { name: 'PCMA', payloadType: 8, sampleRate: 8000, rtpClockRate: 8000 },
  G722: { name: 'G722', payloadType: 9, sampleRate: 16000, rtpClockRate: 8000 },
});

function known(name: string): CodecName {
  if (name === 'PCMU' || name === 'PCMA' || name === 'G722') return name;
  throw new MediaCodecError('MEDIA_CODEC_UNKNOWN', `unknown codec "${name}": expected PCMU, PCMA or G722`);
}

/** A new encoder (one per call direction: G.722 keeps ADPCM state). */
export function createEncoder(name: CodecName): AudioEncoder {
  switch (known(name)) {
    case 'PCMU': return new PcmuEncoder();
    case 'PCMA': return new PcmaEncoder();
    case 'G722': return new G722Encoder();
  }
}

/** A new decoder (one per call direction). */
export function createDecoder(name: CodecName): AudioDecoder {
  switch (known(name)) {
    case 'PCMU': return new PcmuDecoder();
    case 'PCMA': return new PcmaDecoder();
    case 'G722': return new G722Decoder();
  }
}

/** Payload octets of one frame of `durationMs` (all three codecs send 8000 octets a second). */
export function payloadBytes(name: CodecName, durationMs: number = FRAME_MS): number {
  known(name);
  return (8000 * durationMs) / 1000;
}

const silenceCache = new Map<string, Buffer>();

/**
 * The payload of one 20 ms frame of silence, to send while nothing plays. `sampleRate` is the
 * PCM rate of the call and must be the codec's own rate. The returned Buffer is shared: do not
 * modify it.
 */
export function silencePayload(name: CodecName, sampleRate: SampleRate): Buffer {
  const info = CODECS[known(name)];
  if (info.sampleRate !== sampleRate) {
    throw new MediaCodecError('MEDIA_CODEC_BAD_FRAME', `${name} runs at ${info.sampleRate} Hz, not ${sampleRate} Hz`);
  }
  const key = `${name}/${sampleRate}`;
  let payload = silenceCache.get(key);
  if (payload === undefined) {
    // A fresh encoder's output for digital silence: the steady state G.722 also settles in.
    payload = createEncoder(name).encode(new Int16Array((sampleRate * FRAME_MS) / 1000));
    silenceCache.set(key, payload);
  }
  return payload;
}
