/**
 * Sender report and receiver report bodies (RFC 3550 §6.4.1, §6.4.2). The 4-byte common header
 * (V, P, RC, PT, length) is read and written by compound.ts; these functions see what follows it.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |V=2|P|    RC   |   PT=SR=200   |             length            |  header
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                         SSRC of sender                        |  body 0
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *    |              NTP timestamp, most significant word             |  4  (SR only:
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      sender info)
 *    |             NTP timestamp, least significant word             |  8
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                         RTP timestamp                         | 12
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                     sender's packet count                     | 16
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                      sender's octet count                     | 20
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *    |                 report blocks (RC × 24 bytes)                 |
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *    |                  profile-specific extensions                  |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * An RR (PT=201) is the same without the sender info.
 */
import { RtcpError } from './errors.js';
import { parseReportBlock, REPORT_BLOCK_SIZE, writeReportBlock } from './reportBlock.js';
import type { ReceiverReport, ReportBlock, SenderInfo, SenderReport } from './types.js';

const SSRC_SIZE = 4;
const SENDER_INFO_SIZE = 20;
const SENDER_OFFSET = { ntpSeconds: 4, ntpFraction: 8, rtpTimestamp: 12, packetCount: 16, octetCount: 20 } as const;

function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

function parseBlocks(body: Uint8Array, view: DataView, at: number, count: number, kind: string): { reports: ReportBlock[]; end: number } {
  const end = at + count * REPORT_BLOCK_SIZE;
  if (end > body.length) {
    throw new RtcpError('MEDIA_RTCP_BAD_LENGTH', `${kind} announces ${count} report blocks but its length leaves room for ${Math.floor(Math.max(0, body.length - at) / REPORT_BLOCK_SIZE)} (RFC 3550 §6.4)`);
  }
  const reports: ReportBlock[] = [];
  for (let i = 0; i < count; i++) reports.push(parseReportBlock(view, at + i * REPORT_BLOCK_SIZE));
  return { reports, end };
}

export function parseSenderReportBody(body: Uint8Array, count: number): SenderReport {
  if (body.length < SSRC_SIZE + SENDER_INFO_SIZE) {
    throw new RtcpError('MEDIA_RTCP_BAD_LENGTH', `SR body of ${body.length} bytes is shorter than SSRC and sender info (24 bytes, RFC 3550 §6.4.1)`);
  }
  const view = viewOf(body);
  const sender: SenderInfo = {
    ntpSeconds: view.getUint32(SENDER_OFFSET.ntpSeconds),
    ntpFraction: view.getUint32(SENDER_OFFSET.ntpFraction),
    rtpTimestamp: view.getUint32(SENDER_OFFSET.rtpTimestamp),
    packetCount: view.getUint32(SENDER_OFFSET.packetCount),
    octetCount: view.getUint32(SENDER_OFFSET.octetCount),
  };
  const { reports, end } = parseBlocks(body, view, SSRC_SIZE + SENDER_INFO_SIZE, count, 'SR');
  return { type: 'sr', ssrc: view.getUint32(0), sender, reports, profileExtension: body.subarray(end) };
}

export function parseReceiverReportBody(body: Uint8Array, count: number): ReceiverReport {
  if (body.length < SSRC_SIZE) {
    throw new RtcpError('MEDIA_RTCP_BAD_LENGTH', `RR body of ${body.length} bytes has no SSRC (RFC 3550 §6.4.2)`);
  }
  const view = viewOf(body);
  const { reports, end } = parseBlocks(body, view, SSRC_SIZE, count, 'RR');
  return { type: 'rr', ssrc: view.getUint32(0), reports, profileExtension: body.subarray(end) };
}

function checkExtension(ext: Uint8Array): void {
  if (ext.length % 4 !== 0) {
    throw new RtcpError('MEDIA_RTCP_BAD_FIELD', `profile-specific extension of ${ext.length} bytes is not a multiple of 4 (RFC 3550 §6.4.1)`);
  }
}

export function reportBodySize(p: SenderReport | ReceiverReport): number {
  return SSRC_SIZE + (p.type === 'sr' ? SENDER_INFO_SIZE : 0) + p.reports.length * REPORT_BLOCK_SIZE + p.profileExtension.length;
}

const isU32 = (v: number): boolean => Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

/** Writes the body (after the common header) at `at` of `view`; returns the bytes written. */
export function writeReportBody(p: SenderReport | ReceiverReport, buf: Uint8Array, view: DataView, at: number): number {
  checkExtension(p.profileExtension);
  if (!isU32(p.ssrc)) throw new RtcpError('MEDIA_RTCP_BAD_FIELD', `SSRC ${p.ssrc} is not 32 bits (RFC 3550 §6.4)`);
  view.setUint32(at, p.ssrc);
  let pos = at + SSRC_SIZE;
  if (p.type === 'sr') {
    const s = p.sender;
    if (![s.ntpSeconds, s.ntpFraction, s.rtpTimestamp, s.packetCount, s.octetCount].every(isU32)) {
      throw new RtcpError('MEDIA_RTCP_BAD_FIELD', 'SR sender info field is not a 32-bit unsigned integer (RFC 3550 §6.4.1)');
    }
    view.setUint32(pos + SENDER_OFFSET.ntpSeconds - SSRC_SIZE, s.ntpSeconds);
    view.setUint32(pos + SENDER_OFFSET.ntpFraction - SSRC_SIZE, s.ntpFraction);
    view.setUint32(pos + SENDER_OFFSET.rtpTimestamp - SSRC_SIZE, s.rtpTimestamp);
    view.setUint32(pos + SENDER_OFFSET.packetCount - SSRC_SIZE, s.packetCount);
    view.setUint32(pos + SENDER_OFFSET.octetCount - SSRC_SIZE, s.octetCount);
    pos += SENDER_INFO_SIZE;
  }
  for (const block of p.reports) {
    writeReportBlock(block, view, pos);
    pos += REPORT_BLOCK_SIZE;
  }
  buf.set(p.profileExtension, pos);
  return pos + p.profileExtension.length - at;
}
