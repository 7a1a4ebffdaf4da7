/**
 * The RTP fixed header (RFC 3550 §5.1), its CSRC list, the header extension (§5.3.1, whose
 * contents RFC 8285 defines: kept raw here) and padding. `parseRtp` copies nothing: the payload
 * and the extension data are views into the datagram, valid as long as the caller's buffer is.
 * `serializeRtpInto` writes a packet into a caller's buffer without allocating, for the media
 * clock's send loop; `serializeRtp` is the convenient allocating form.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                           timestamp                           |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |           synchronization source (SSRC) identifier            |
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *    |            contributing source (CSRC) identifiers             |
 *    |                             ....                              |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |      defined by profile       |           length              |  (if X, §5.3.1;
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   length in 32-bit
 *    |                        header extension                       |   words, excluding
 *    |                             ....                              |   this word)
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                      payload ...      | padding | pad count |  (if P)
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import { RtpError } from './errors.js';

/** Byte offsets and sizes of the fixed header. */
export const RTP_OFFSET = {
  flags: 0,
  markerAndPayloadType: 1,
  sequenceNumber: 2,
  timestamp: 4,
  ssrc: 8,
  csrcs: 12,
} as const;

export const RTP_FIXED_HEADER_SIZE = 12;
export const RTP_VERSION = 2;
/** CC is a 4-bit field (§5.1). */
export const RTP_MAX_CSRCS = 15;
const EXTENSION_HEADER_SIZE = 4;

/** A header extension (§5.3.1): the 16-bit profile word and the data, a multiple of 4 bytes. */
export interface RtpExtension {
  /** "defined by profile": 0xBEDE for RFC 8285 one-byte elements, 0x100x for two-byte ones. */
  profile: number;
  data: Uint8Array;
}

/** The fields a sender chooses. Optional parts default to absent. */
export interface RtpHeader {
  marker: boolean;
  /** 0-127. */
  payloadType: number;
  /** 0-65535. */
  seq: number;
  /** 0 to 2^32-1, in the payload format's clock units. */
  timestamp: number;
  /** 0 to 2^32-1. */
  ssrc: number;
  /** Up to 15 contributing sources. */
  csrcs?: readonly number[];
  extension?: RtpExtension | null;
  /**
   * Bytes of padding after the payload, including the final count byte (1-255); 0 or absent for
   * none (§5.1: P bit).
   */
  paddingBytes?: number;
}

/** A parsed packet. `payload` and `extension.data` are views into the parsed buffer. */
export interface RtpPacket extends RtpHeader {
  csrcs: readonly number[];
  extension: RtpExtension | null;
  paddingBytes: number;
  payload: Uint8Array;
}

const NO_CSRCS: readonly number[] = Object.freeze([]);

function u16(buf: Uint8Array, at: number): number {
  return ((buf[at] as number) << 8) | (buf[at + 1] as number);
}

function u32(buf: Uint8Array, at: number): number {
  return (((buf[at] as number) << 24) | ((buf[at + 1] as number) << 16) | ((buf[at + 2] as number) << 8) | (buf[at + 3] as number)) >>> 0;
}

function put16(buf: Uint8Array, at: number, v: number): void {
  buf[at] = v >>> 8;
  buf[at + 1] = v & 0xff;
}

function put32(buf: Uint8Array, at: number, v: number): void {
  buf[at] = v >>> 24;
  buf[at + 1] = (v >>> 16) & 0xff;
  buf[at + 2] = (v >>> 8) & 0xff;
  buf[at + 3] = v & 0xff;
}

/** Parses one RTP packet (RFC 3550 §5.1). Throws RtpError on anything that is not valid RTP. */
export function parseRtp(buf: Uint8Array): RtpPacket {
  if (buf.length < RTP_FIXED_HEADER_SIZE) {
    throw new RtpError('MEDIA_RTP_TRUNCATED', `RTP packet of ${buf.length} bytes is shorter than the 12-byte fixed header (RFC 3550 §5.1)`);
  }
  const b0 = buf[RTP_OFFSET.flags] as number;
  const version = b0 >>> 6;
  if (version !== RTP_VERSION) {
    throw new RtpError('MEDIA_RTP_BAD_VERSION', `RTP version ${version}, expected 2 (RFC 3550 §5.1)`);
  }
  const hasPadding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;
  const b1 = buf[RTP_OFFSET.markerAndPayloadType] as number;

  let at = RTP_OFFSET.csrcs + csrcCount * 4;
  if (at > buf.length) {
    throw new RtpError('MEDIA_RTP_TRUNCATED', `RTP packet of ${buf.length} bytes cannot hold its ${csrcCount} CSRC identifiers (RFC 3550 §5.1)`);
  }
  let csrcs = NO_CSRCS;
  if (csrcCount > 0) {
    const list: number[] = new Array<number>(csrcCount);
    for (let i = 0; i < csrcCount; i++) list[i] = u32(buf, RTP_OFFSET.csrcs + i * 4);
    csrcs = list;
  }

  let extension: RtpExtension | null = null;
  if (hasExtension) {
    if (at + EXTENSION_HEADER_SIZE > buf.length) {
      throw new RtpError('MEDIA_RTP_BAD_EXTENSION', 'RTP X bit set but no room for the extension header (RFC 3550 §5.3.1)');
    }
    const profile = u16(buf, at);
    const dataBytes = u16(buf, at + 2) * 4;
    const dataStart = at + EXTENSION_HEADER_SIZE;
    if (dataStart + dataBytes > buf.length) {
      throw new RtpError('MEDIA_RTP_BAD_EXTENSION', `RTP header extension of ${dataBytes} bytes runs past the end of the packet (RFC 3550 §5.3.1)`);
    }
    extension = { profile, data: buf.subarray(dataStart, dataStart + dataBytes) };
    at = dataStart + dataBytes;
  }

  let end = buf.length;
  let paddingBytes = 0;
  if (hasPadding) {
    paddingBytes = buf[buf.length - 1] as number;
    // §5.1: the last octet counts the padding, itself included, so it is at least 1.
    if (paddingBytes === 0 || paddingBytes > buf.length - at) {
      throw new RtpError('MEDIA_RTP_BAD_PADDING', `RTP padding count ${paddingBytes} does not fit the ${buf.length - at} bytes after the header (RFC 3550 §5.1)`);
    }
    end -= paddingBytes;
  }

  return {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    seq: u16(buf, RTP_OFFSET.sequenceNumber),
    timestamp: u32(buf, RTP_OFFSET.timestamp),
    ssrc: u32(buf, RTP_OFFSET.ssrc),
    csrcs,
    extension,
    paddingBytes,
    payload: buf.subarray(at, end),
  };
}

/** Bytes the header of `header` takes on the wire (fixed part, CSRCs, extension). */
export function rtpHeaderSize(header: RtpHeader): number {
  const csrcs = header.csrcs?.length ?? 0;
  const ext = header.extension ? EXTENSION_HEADER_SIZE + header.extension.data.length : 0;
  return RTP_FIXED_HEADER_SIZE + csrcs * 4 + ext;
}

/** Bytes the whole packet takes: header, payload and padding. */
export function rtpSize(header: RtpHeader, payloadLength: number): number {
  return rtpHeaderSize(header) + payloadLength + (header.paddingBytes ?? 0);
}

function checkField(ok: boolean, what: string): void {
  if (!ok) throw new RtpError('MEDIA_RTP_BAD_FIELD', `cannot write RTP header: ${what} (RFC 3550 §5.1)`);
}

/** True for integers 0..2^32-1 (`>>> 0` maps anything else to a different number). */
const isU32 = (v: number): boolean => v >>> 0 === v;

function validate(header: RtpHeader): void {
  // Cheap comparisons first: this runs for every packet the media clock sends.
  const pt = header.payloadType;
  if ((pt & 0x7f) !== pt) checkField(false, `payload type ${pt} is not 0-127`);
  if ((header.seq & 0xffff) !== header.seq) checkField(false, `sequence number ${header.seq} is not 0-65535`);
  if (!isU32(header.timestamp)) checkField(false, `timestamp ${header.timestamp} is not a 32-bit unsigned integer`);
  if (!isU32(header.ssrc)) checkField(false, `SSRC ${header.ssrc} is not a 32-bit unsigned integer`);
  const csrcs = header.csrcs;
  if (csrcs !== undefined && csrcs.length > 0) {
    checkField(csrcs.length <= RTP_MAX_CSRCS, `${csrcs.length} CSRCs, at most 15`);
    for (let i = 0; i < csrcs.length; i++) checkField(isU32(csrcs[i] as number), `CSRC ${csrcs[i]} is not a 32-bit unsigned integer`);
  }
  const ext = header.extension;
  if (ext) {
    checkField(Number.isInteger(ext.profile) && ext.profile >= 0 && ext.profile <= 0xffff, `extension profile ${ext.profile} is not 16 bits`);
    checkField(ext.data.length % 4 === 0 && ext.data.length / 4 <= 0xffff, `extension data of ${ext.data.length} bytes is not a multiple of 4 up to 262140`);
  }
  const pad = header.paddingBytes ?? 0;
  if ((pad & 0xff) !== pad) checkField(false, `padding of ${pad} bytes is not 0-255`);
}

/**
 * Writes the packet at `offset` of `buf` and returns the bytes written. Allocates nothing.
 * Padding bytes are zeros followed by the count (§5.1).
 */
export function serializeRtpInto(header: RtpHeader, payload: Uint8Array, buf: Uint8Array, offset: number): number {
  validate(header);
  const size = rtpSize(header, payload.length);
  if (!Number.isInteger(offset) || offset < 0 || offset + size > buf.length) {
    throw new RtpError('MEDIA_RTP_BUFFER_TOO_SMALL', `RTP packet of ${size} bytes does not fit at offset ${offset} of a ${buf.length}-byte buffer`);
  }
  const csrcs = header.csrcs ?? NO_CSRCS;
  const ext = header.extension ?? null;
  const pad = header.paddingBytes ?? 0;
  buf[offset + RTP_OFFSET.flags] = (RTP_VERSION << 6) | (pad > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | csrcs.length;
  buf[offset + RTP_OFFSET.markerAndPayloadType] = (header.marker ? 0x80 : 0) | header.payloadType;
  put16(buf, offset + RTP_OFFSET.sequenceNumber, header.seq);
  put32(buf, offset + RTP_OFFSET.timestamp, header.timestamp);
  put32(buf, offset + RTP_OFFSET.ssrc, header.ssrc);
  let at = offset + RTP_OFFSET.csrcs;
  for (let i = 0; i < csrcs.length; i++) {
    put32(buf, at, csrcs[i] as number);
    at += 4;
  }
  if (ext) {
    put16(buf, at, ext.profile);
    put16(buf, at + 2, ext.data.length / 4);
    buf.set(ext.data, at + EXTENSION_HEADER_SIZE);
    at += EXTENSION_HEADER_SIZE + ext.data.length;
  }
  buf.set(payload, at);
  at += payload.length;
  if (pad > 0) {
    buf.fill(0, at, at + pad - 1);
    buf[at + pad - 1] = pad;
    at += pad;
  }
  return at - offset;
}

/** Builds the packet into a new Buffer. */
export function serializeRtp(header: RtpHeader, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(rtpSize(header, payload.length));
  serializeRtpInto(header, payload, out, 0);
  return out;
}
