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
 * G.722 silence: the octets FD 7D FD DF repeated. In each band, 3 of every 4 codes are the
 * smallest positive step (IL 61, IH 3: at the minimum scale factor they reconstruct as exactly 0
 * and feed the predictor a zero difference) and 1 is the smallest negative step the predictor
 * sees (IH 1; in the lower band IL 31, since IL 63's 4-bit part, which drives the predictor, is a
 * zero step). Zero differences alone (FD…) leave a decoder that comes out of speech stuck on an
 * offset: the pole predictor, updated on signs that never change, rises to its limit and holds
 * any negative value. One negative step in four balances the sign-driven pole updates
 * (UPPOL1/UPPOL2) and the predictor forgets. Repeated, the frame decodes to -74 to -78 dBFS from
 * a fresh decoder (first frame included); a decoder coming out of speech is below -70 dBFS from
 * the second frame on (out of a loud steady tone from the third or fourth: its scale factor
 * takes that long to fall). A fresh encoder's first frame of digital silence (FA…), the previous
 * choice, decodes repeated to a constant +170 (-44 dBFS): its quantizer never picks a zero step.
 */
const G722_SILENCE_PERIOD = [0xfd, 0x7d, 0xfd, 0xdf] as const;

/**
 * The payload of one 20 ms frame of silence, to send while nothing plays. `sampleRate` is the
 * PCM rate of the call and must be the codec's own rate. The returned Buffer is shared: do not
 * modify it. With G.722, tell the stream's encoder what was sent instead (AudioEncoder.absorb).
 */
export function silencePayload(name: CodecName, sampleRate: SampleRate): Buffer {
  const info = CODECS[known(name)];
  if (info.sampleRate !== sampleRate) {
    throw new MediaCodecError('MEDIA_CODEC_BAD_FRAME', `${name} runs at ${info.sampleRate} Hz, not ${sampleRate} Hz`);
  }
  const key = `${name}/${sampleRate}`;
  let payload = silenceCache.get(key);
  if (payload === undefined) {
    const octets = payloadBytes(name);
    payload = name === 'G722'
      ? Buffer.from(Array.from({ length: octets }, (_, i) => G722_SILENCE_PERIOD[i % G722_SILENCE_PERIOD.length] as number))
      // G.711 is stateless: the code of 0 (µ-law FF, A-law D5), which is also what it encodes.
      : createEncoder(name).encode(new Int16Array((sampleRate * FRAME_MS) / 1000));
    silenceCache.set(key, payload);
  }
  return payload;
}
