/**
 * The RTCP packets OpenUM reads and writes (RFC 3550 §6.4-6.6). Other packet types (APP, the
 * RFC 4585 feedback messages, RFC 3611 XR) are kept raw so that a compound packet carrying them
 * still parses.
 */

/** RTCP packet types (RFC 3550 §12.1). */
export const RTCP_PACKET_TYPE = { SR: 200, RR: 201, SDES: 202, BYE: 203, APP: 204 } as const;

/** SDES item types (RFC 3550 §6.5, §12.2). */
export const SDES_ITEM = { END: 0, CNAME: 1, NAME: 2, EMAIL: 3, PHONE: 4, LOC: 5, TOOL: 6, NOTE: 7, PRIV: 8 } as const;

/** One reception report block (RFC 3550 §6.4.1). */
export interface ReportBlock {
  /** The source this block reports on. */
  ssrc: number;
  /** Loss since the previous report, 8-bit fixed point (lost / expected × 256). */
  fractionLost: number;
  /** Packets lost since the start, signed 24 bits (duplicates can make it negative). */
  cumulativeLost: number;
  /** Extended highest sequence number received (wrap cycles in the high 16 bits). */
  extendedHighestSeq: number;
  /** Interarrival jitter in timestamp units. */
  jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR received from the source; 0 if none. */
  lastSr: number;
  /** Delay since that SR in units of 1/65536 s; 0 if none. */
  delaySinceLastSr: number;
}

/** The sender info of an SR (RFC 3550 §6.4.1). */
export interface SenderInfo {
  /** NTP timestamp: seconds since 1900 and the 32-bit binary fraction. */
  ntpSeconds: number;
  ntpFraction: number;
  /** The same instant in the sender's RTP timestamp units. */
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

export interface SenderReport {
  type: 'sr';
  ssrc: number;
  sender: SenderInfo;
  reports: ReportBlock[];
  /** Profile-specific extension after the report blocks (§6.4.1), usually empty. */
  profileExtension: Uint8Array;
}

export interface ReceiverReport {
  type: 'rr';
  ssrc: number;
  reports: ReportBlock[];
  profileExtension: Uint8Array;
}

export interface SdesItem {
  /** SDES_ITEM value (1-8, or any other 8-bit type a peer sends). */
  type: number;
  /** UTF-8 text, at most 255 bytes (PRIV items keep prefix length and prefix in the text). */
  text: string;
}

export interface SdesChunk {
  ssrc: number;
  items: SdesItem[];
}

export interface SourceDescription {
  type: 'sdes';
  chunks: SdesChunk[];
}

export interface Goodbye {
  type: 'bye';
  ssrcs: number[];
  /** The optional "reason for leaving" text (§6.6), null when absent. */
  reason: string | null;
}

/** Any other packet type, as received: the 5-bit count field and the body after the 4-byte header. */
export interface OtherRtcp {
  type: 'other';
  packetType: number;
  count: number;
  body: Uint8Array;
}

export type RtcpPacket = SenderReport | ReceiverReport | SourceDescription | Goodbye | OtherRtcp;
