/**
 * The shapes every part of the media engine shares. Audio inside OpenUM is 16-bit signed linear
 * PCM, mono, at the call's PCM rate: 8000 Hz for G.711, 16000 Hz for G.722. Frames are 20 ms
 * (160 or 320 samples): the media clock ticks every 20 ms and every stream sends one frame a tick.
 */

export type SampleRate = 8000 | 16000;

/** Milliseconds per frame and per media-clock tick. */
export const FRAME_MS = 20;

export function samplesPerFrame(rate: SampleRate): number {
  return (rate * FRAME_MS) / 1000;
}

/** A stateful voice codec instance (one per direction per call: G.722 keeps ADPCM state). */
export interface AudioEncoder {
  readonly name: CodecName;
  /** PCM rate the encoder takes. */
  readonly sampleRate: SampleRate;
  /** Encodes exactly one frame of PCM into an RTP payload. */
  encode(pcm: Int16Array): Buffer;
  /**
   * For codecs with state (G.722 ADPCM): the stream sent `payload` (a stock frame such as
   * silencePayload) instead of a frame from this encoder; adapt as the peer's decoder does, so
   * that the next encoded frame decodes right. Returns true once repeating that payload no longer
   * changes the state. Stateless codecs (G.711) leave it out.
   */
  absorb?(payload: Uint8Array): boolean;
}

export interface AudioDecoder {
  readonly name: CodecName;
  readonly sampleRate: SampleRate;
  /** Decodes one RTP payload into PCM. */
  decode(payload: Uint8Array): Int16Array;
}

export type CodecName = 'PCMU' | 'PCMA' | 'G722';

export interface CodecInfo {
  name: CodecName;
  /** Static RTP payload type (RFC 3551): PCMU 0, PCMA 8, G722 9. */
  payloadType: number;
  /** PCM rate of the audio. */
  sampleRate: SampleRate;
  /** RTP timestamp clock rate: 8000 for all three (RFC 3551 §4.5.2: G.722's clock is 8000). */
  rtpClockRate: 8000;
}

/** A DTMF digit as RFC 4733 numbers them: 0-9, * (10), # (11), A-D (12-15). */
export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export type DtmfSource = 'rfc4733' | 'sip-info' | 'inband';

export interface DtmfEvent {
  digit: DtmfDigit;
  source: DtmfSource;
  /** Duration in ms when known. */
  durationMs: number | null;
}
