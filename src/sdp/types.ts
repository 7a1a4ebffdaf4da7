/**
 * The shapes of the SDP layer: a parsed session description (a typed view of what sdp-transform
 * reads, RFC 8866 §5), what OpenUM brings to a negotiation, and what comes out of one.
 */
import type { CodecName } from '../media/types.js';
import type { SdpErrorCode, SdpRejectCode } from './errors.js';

/** RFC 3264 §5.1 / RFC 8866 §6.7: the direction attribute of a stream. */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** RFC 8866 §5.7 c=: network type, address type and address (a multicast /ttl or /count kept apart). */
export interface ConnectionData {
  netType: string;
  addressType: string;
  /** The address without any "/ttl/count" suffix. */
  address: string;
  /** The "/…" suffix as written (only multicast addresses carry one), else null. */
  suffix: string | null;
}

/** a=rtpmap:<pt> <encoding name>/<clock rate>[/<channels>] (RFC 8866 §6.6). */
export interface RtpMap {
  payloadType: number;
  encodingName: string;
  clockRate: number;
  channels: number | null;
}

/** a=crypto:<tag> <crypto-suite> <key-params> [<session-params>] (RFC 4568 §9.1). */
export interface CryptoAttribute {
  tag: number;
  suite: string;
  keyParams: string;
  sessionParams: string | null;
}

export interface MediaSection {
  /** Position among the m= lines, from 0. */
  index: number;
  /** audio, video, application, image, … as written. */
  type: string;
  port: number;
  /** The "/<number of ports>" of the m= line, else null. */
  portCount: number | null;
  /** RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, … as written. */
  protocol: string;
  /** The formats of the m= line (payload types for RTP), in the offerer's order of preference. */
  formats: string[];
  /** Media-level c=, else null (the session-level one applies). */
  connection: ConnectionData | null;
  /** Media-level direction attribute, else null (session level, then sendrecv, applies). */
  direction: Direction | null;
  rtpmaps: RtpMap[];
  fmtps: { payloadType: number; params: string }[];
  /** a=ptime in ms, else null. */
  ptime: number | null;
  maxptime: number | null;
  /** a=rtcp (RFC 3605): the port, and the address when given. */
  rtcp: { port: number; connection: ConnectionData | null } | null;
  /** a=rtcp-mux (RFC 5761). */
  rtcpMux: boolean;
  crypto: CryptoAttribute[];
  /** a=fingerprint present (DTLS-SRTP, RFC 5763). */
  fingerprint: boolean;
  mid: string | null;
}

export interface SessionDescription {
  /** o= (RFC 8866 §5.2). Session id and version are kept as digit strings: they may exceed 2^53. */
  origin: {
    username: string;
    sessionId: string;
    sessionVersion: string;
    netType: string;
    addressType: string;
    address: string;
  };
  /** s= */
  sessionName: string;
  /** t= start and stop, as written (the answer copies them, RFC 3264 §6). */
  timing: { start: string; stop: string };
  /** Session-level c=, else null. */
  connection: ConnectionData | null;
  /** Session-level direction attribute, else null. */
  direction: Direction | null;
  media: MediaSection[];
}

/** SDES crypto suites OpenUM supports (RFC 4568 §6.2), in the order it offers them. */
export const SRTP_SUITES = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'] as const;
export type SrtpSuite = (typeof SRTP_SUITES)[number];

/** The dial plan's "secured media" setting. */
export type SrtpPolicy = 'optional' | 'required' | 'off';

/** A key the caller made for us: keyParams is "inline:<base64 of 16-byte key || 14-byte salt>". */
export interface LocalCrypto {
  suite: SrtpSuite;
  keyParams: string;
}

/** What OpenUM brings to a negotiation. */
export interface LocalMediaOptions {
  /** Our RTP address (IPv4 or IPv6 literal); goes into c= and o=. */
  address: string;
  /** Our RTP port (RTCP on port + 1 unless rtcp-mux is agreed). */
  port: number;
  /** The codecs we accept, best first. The answer picks by this order, not the offerer's. */
  codecPreference: readonly CodecName[];
  srtp: SrtpPolicy;
  /** Makes our SRTP master key for a suite: the SDP layer never makes keys itself. */
  makeCrypto(suite: SrtpSuite): LocalCrypto;
  /** o= session id (digits) and version (a safe integer; negotiateReoffer keeps its own). */
  sessionId: string;
  sessionVersion: number;
  /** o= username ("-" when there is none); no whitespace. */
  userName: string;
  /** What we want to do; default sendrecv. The answer is this intersected with the offer's. */
  direction?: Direction;
  /** Accept (and offer) RTCP multiplexed on the RTP port (RFC 5761); default false. */
  rtcpMux?: boolean;
}

export interface NegotiatedSrtp {
  suite: SrtpSuite;
  /** The remote's master key || salt (30 bytes), from its inline: key. */
  remoteKey: Buffer;
  /** The tag of the accepted a=crypto line (the answer repeats it, RFC 4568 §7.1.2). */
  tag: number;
  /** Our key parameters as sent ("inline:…"); decodeInlineKey() gives the bytes. */
  localKeyParams: string;
}

/** The media session that a completed offer/answer exchange describes. */
export interface NegotiatedMedia {
  codec: CodecName;
  /** The payload type we send the codec with: the one the remote declared in its SDP. */
  payloadType: number;
  /** The payload type the remote sends us the codec with (the one in our SDP); usually the same. */
  receivePayloadType: number;
  /** RFC 4733 events, with the same send/receive payload type split; null when not agreed. */
  telephoneEvent: { payloadType: number; receivePayloadType: number; events: string } | null;
  /**
   * Where we send. The address can be 0.0.0.0 or :: (RFC 3264 §8.4 legacy hold): then `direction`
   * never includes sending, and nothing may be sent there.
   */
  remote: { address: string; rtpPort: number; rtcpPort: number; rtcpMux: boolean };
  /** Our direction: the answer to sendonly is recvonly, to inactive inactive, to recvonly sendonly. */
  direction: Direction;
  /** The remote holds the call: it does not want to receive (sendonly, inactive or c=0.0.0.0). */
  onHold: boolean;
  /** The remote's preferred packet time (informative; we always send 20 ms). */
  ptimeMs: number;
  srtp: NegotiatedSrtp | null;
  /** What we last said: our SDP (answer or offer) and its o= fields, and the m= line in use. */
  local: { sdp: string; sessionId: string; sessionVersion: number; mediaIndex: number };
}

/** RFC 3261 §20.43 warning codes the SDP layer uses. */
export type SdpWarnCode = 300 | 301 | 302 | 304 | 305 | 306 | 399;

/** Why negotiation failed: the status to answer with, a reason, and a Warning code and text. */
export interface SdpRejection {
  ok: false;
  status: 488 | 400;
  /** Why; SDP_PARSE and SDP_LIMIT only from answerOffer, which also parses the body. */
  code: SdpRejectCode | Exclude<SdpErrorCode, 'SDP_BAD_LOCAL_OPTIONS'>;
  reason: string;
  /** For a "Warning: <code> <agent> "<text>"" header; the UA adds the agent. */
  warning?: { code: SdpWarnCode; text: string };
}

export type AnswerResult = { ok: true; answerSdp: string; media: NegotiatedMedia } | SdpRejection;

export type ReofferResult =
  | {
      ok: true;
      answerSdp: string;
      media: NegotiatedMedia;
      /** Our answer differs from what we last sent, so its o= version was incremented. */
      changed: boolean;
      /** 'held' when the remote just put us on hold, 'resumed' when it just took us off. */
      holdChange: 'held' | 'resumed' | null;
    }
  | SdpRejection;

export type AcceptResult = { ok: true; media: NegotiatedMedia } | SdpRejection;
