/**
 * Compound RTCP packets (RFC 3550 §6.1) and the common header every RTCP packet starts with.
 * Validity follows Appendix A.2: version 2 everywhere, padding only in the last packet, and the
 * packet lengths adding up to the datagram's length. A.2's "first packet is SR or RR" check is
 * opt-in (`requireReportFirst`): real peers break it (baresip sends a lone APP "PING" and starts
 * its closing compound with BYE; RFC 5506 reduced-size RTCP allows it), and a receiver loses
 * nothing by reading such packets.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |V=2|P| RC/SC   |      PT       |  length (32-bit words - 1)    |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import { byeBodySize, parseByeBody, writeByeBody } from './bye.js';
import { RtcpError } from './errors.js';
import { MAX_REPORT_BLOCKS } from './reportBlock.js';
import { parseReceiverReportBody, parseSenderReportBody, reportBodySize, writeReportBody } from './reports.js';
import { parseSdesBody, sdesBodySize, writeSdesBody } from './sdes.js';
import { RTCP_PACKET_TYPE, type RtcpPacket } from './types.js';

export const RTCP_HEADER_SIZE = 4;
const HEADER_OFFSET = { flags: 0, packetType: 1, length: 2 } as const;
/** RC, SC and the subtype of APP are 5-bit fields. */
const MAX_COUNT = 31;

export interface ParseRtcpOptions {
  /** Reject a compound whose first packet is not SR or RR (RFC 3550 A.2, strict). Default false. */
  requireReportFirst?: boolean;
}

function parseOne(pt: number, count: number, body: Uint8Array): RtcpPacket {
  switch (pt) {
    case RTCP_PACKET_TYPE.SR:
      return parseSenderReportBody(body, count);
    case RTCP_PACKET_TYPE.RR:
      return parseReceiverReportBody(body, count);
    case RTCP_PACKET_TYPE.SDES:
      return parseSdesBody(body, count);
    case RTCP_PACKET_TYPE.BYE:
      return parseByeBody(body, count);
    default:
      return { type: 'other', packetType: pt, count, body };
  }
}

/** Parses a compound RTCP packet into its parts. Bodies of 'other' packets are views into `buf`. */
export function parseRtcp(buf: Uint8Array, options: ParseRtcpOptions = {}): RtcpPacket[] {
  if (buf.length < RTCP_HEADER_SIZE) {
    throw new RtcpError('MEDIA_RTCP_TRUNCATED', `RTCP datagram of ${buf.length} bytes is shorter than the 4-byte header (RFC 3550 §6.4)`);
  }
  const packets: RtcpPacket[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < RTCP_HEADER_SIZE) {
      throw new RtcpError('MEDIA_RTCP_TRUNCATED', `${buf.length - at} bytes after the last RTCP packet are too few for a header (RFC 3550 A.2)`);
    }
    const flags = buf[at + HEADER_OFFSET.flags] as number;
    if (flags >>> 6 !== 2) {
      throw new RtcpError('MEDIA_RTCP_BAD_VERSION', `RTCP version ${flags >>> 6} at byte ${at}, expected 2 (RFC 3550 A.2)`);
    }
    const pt = buf[at + HEADER_OFFSET.packetType] as number;
    if (at === 0 && options.requireReportFirst === true && pt !== RTCP_PACKET_TYPE.SR && pt !== RTCP_PACKET_TYPE.RR) {
      throw new RtcpError('MEDIA_RTCP_BAD_COMPOUND', `compound RTCP starts with packet type ${pt}, not SR or RR (RFC 3550 §6.1)`);
    }
    const length = ((((buf[at + HEADER_OFFSET.length] as number) << 8) | (buf[at + HEADER_OFFSET.length + 1] as number)) + 1) * 4;
    const end = at + length;
    if (end > buf.length) {
      throw new RtcpError('MEDIA_RTCP_BAD_LENGTH', `RTCP packet at byte ${at} claims ${length} bytes; only ${buf.length - at} remain (RFC 3550 A.2)`);
    }
    let bodyEnd = end;
    if (flags & 0x20) {
      // A.2: only the last packet of a compound may be padded; the count includes itself.
      const pad = buf[end - 1] as number;
      if (end !== buf.length) {
        throw new RtcpError('MEDIA_RTCP_BAD_PADDING', `RTCP packet at byte ${at} is padded but not last in the compound (RFC 3550 §6.4.1)`);
      }
      if (pad === 0 || pad > length - RTCP_HEADER_SIZE) {
        throw new RtcpError('MEDIA_RTCP_BAD_PADDING', `RTCP padding count ${pad} does not fit a ${length}-byte packet (RFC 3550 §6.4.1)`);
      }
      bodyEnd -= pad;
    }
    packets.push(parseOne(pt, flags & 0x1f, buf.subarray(at + RTCP_HEADER_SIZE, bodyEnd)));
    at = end;
  }
  return packets;
}

function countOf(p: RtcpPacket): number {
  switch (p.type) {
    case 'sr':
    case 'rr':
      return p.reports.length;
    case 'sdes':
      return p.chunks.length;
    case 'bye':
      return p.ssrcs.length;
    case 'other':
      return p.count;
  }
}

function packetTypeOf(p: RtcpPacket): number {
  switch (p.type) {
    case 'sr':
      return RTCP_PACKET_TYPE.SR;
    case 'rr':
      return RTCP_PACKET_TYPE.RR;
    case 'sdes':
      return RTCP_PACKET_TYPE.SDES;
    case 'bye':
      return RTCP_PACKET_TYPE.BYE;
    case 'other':
      return p.packetType;
  }
}

function bodySize(p: RtcpPacket): number {
  switch (p.type) {
    case 'sr':
    case 'rr':
      return reportBodySize(p);
    case 'sdes':
      return sdesBodySize(p);
    case 'bye':
      return byeBodySize(p);
    case 'other':
      if (p.body.length % 4 !== 0) throw new RtcpError('MEDIA_RTCP_BAD_FIELD', `RTCP packet type ${p.packetType} body of ${p.body.length} bytes is not a multiple of 4 (RFC 3550 §6.4.1)`);
      return p.body.length;
  }
}

/** Bytes the compound packet takes on the wire. */
export function rtcpSize(packets: readonly RtcpPacket[]): number {
  let n = 0;
  for (const p of packets) n += RTCP_HEADER_SIZE + bodySize(p);
  return n;
}

/** Writes the compound packet at `offset` of `buf`; returns the bytes written. */
export function serializeRtcpInto(packets: readonly RtcpPacket[], buf: Uint8Array, offset: number): number {
  const size = rtcpSize(packets);
  if (!Number.isInteger(offset) || offset < 0 || offset + size > buf.length) {
    throw new RtcpError('MEDIA_RTCP_BUFFER_TOO_SMALL', `RTCP compound of ${size} bytes does not fit at offset ${offset} of a ${buf.length}-byte buffer`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = offset;
  for (const p of packets) {
    const count = countOf(p);
    const limit = p.type === 'sr' || p.type === 'rr' ? MAX_REPORT_BLOCKS : MAX_COUNT;
    if (count > limit) throw new RtcpError('MEDIA_RTCP_BAD_FIELD', `RTCP ${p.type} with ${count} entries; the count field holds at most ${limit} (RFC 3550 §6.4)`);
    const pt = packetTypeOf(p);
    if (!Number.isInteger(pt) || pt < 0 || pt > 255) throw new RtcpError('MEDIA_RTCP_BAD_FIELD', `RTCP packet type ${pt} is not 0-255`);
    const body = bodySize(p);
    buf[at + HEADER_OFFSET.flags] = (2 << 6) | count;
    buf[at + HEADER_OFFSET.packetType] = pt;
    view.setUint16(at + HEADER_OFFSET.length, (RTCP_HEADER_SIZE + body) / 4 - 1);
    const bodyAt = at + RTCP_HEADER_SIZE;
    switch (p.type) {
      case 'sr':
      case 'rr':
        writeReportBody(p, buf, view, bodyAt);
        break;
      case 'sdes':
        writeSdesBody(p, buf, view, bodyAt);
        break;
      case 'bye':
        writeByeBody(p, buf, view, bodyAt);
        break;
      case 'other':
        buf.set(p.body, bodyAt);
        break;
    }
    at = bodyAt + body;
  }
  return at - offset;
}

/** Builds the compound packet into a new Buffer. */
export function serializeRtcp(packets: readonly RtcpPacket[]): Buffer {
  const out = Buffer.alloc(rtcpSize(packets));
  serializeRtcpInto(packets, out, 0);
  return out;
}
