/**
 * The media session of one call as the Call API sees it: audio going out is pulled frame by frame
 * from an AudioSource on each media-clock tick; audio coming in is handed to frame listeners once
 * per tick (decoded, or concealed when the packet was lost, so that a recording's length is the
 * call's length); DTMF from RFC 4733, SIP INFO and in-band detection arrives as one event stream.
 */
import type { DtmfEvent, SampleRate } from '../types.js';

/** Audio to send, pulled one frame at a time. */
export interface AudioSource {
  /**
   * Fills `frame` (samplesPerFrame(sampleRate) samples at the session's rate) and returns true, or
   * returns false when the source is exhausted (the frame is then not used).
   */
  read(frame: Int16Array): boolean;
  /** Releases files or buffers; called once when the source is done or replaced. */
  close?(): void;
}

export interface MediaStats {
  packetsSent: number;
  packetsReceived: number;
  /** 20 ms frames of audio lost with packets that never came or came too late (concealed). */
  framesLost: number;
  /** Packets dropped because they came from an address that is not the peer's. */
  packetsRejected: number;
  /** SRTP authentication or replay failures. */
  srtpFailures: number;
  dtmfEvents: number;
}

export interface MediaSession {
  readonly sampleRate: SampleRate;
  /** The local RTP port (for the SDP answer). */
  readonly localPort: number;
  /**
   * Plays `source` from the next tick; resolves true when it ran out, false when it was stopped
   * (stopPlayback, another play, close). One source at a time.
   */
  play(source: AudioSource): Promise<boolean>;
  stopPlayback(): void;
  /** Listens to each received frame (one per tick while receiving). Returns an unsubscribe. */
  onFrame(listener: (frame: Int16Array) => void): () => void;
  onDtmf(listener: (event: DtmfEvent) => void): () => void;
  /** A digit that arrived by SIP INFO (RFC 6086 + dtmf-relay), merged into the same stream. */
  injectDtmf(event: DtmfEvent): void;
  stats(): MediaStats;
  /** Stops sending and receiving and releases the ports. Idempotent. */
  close(): void;
}
