/**
 * The reception report block (RFC 3550 §6.4.1), 24 bytes, carried by SR and RR, and its
 * computation from a SequenceTracker's statistics and the last SR heard from the source.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *    |                 SSRC_1 (SSRC of first source)                 |  0
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    | fraction lost |       cumulative number of packets lost       |  4
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |           extended highest sequence number received           |  8
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                      interarrival jitter                      | 12
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                         last SR (LSR)                         | 16
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                   delay since last SR (DLSR)                  | 20
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 */
import type { ReceptionStats } from '../rtp/index.js';
import { RtcpError } from './errors.js';
import { dlsrFromMs } from './ntp.js';
import type { ReportBlock } from './types.js';

export const REPORT_BLOCK_SIZE = 24;
/** At most 31 report blocks in one SR or RR: the count is a 5-bit field (§6.4.1). */
export const MAX_REPORT_BLOCKS = 31;

const OFFSET = { ssrc: 0, fractionLost: 4, cumulativeLost: 5, extendedHighestSeq: 8, jitter: 12, lastSr: 16, delaySinceLastSr: 20 } as const;

export function parseReportBlock(view: DataView, at: number): ReportBlock {
  const raw = view.getUint32(at + OFFSET.fractionLost) & 0xffffff;
  return {
    ssrc: view.getUint32(at + OFFSET.ssrc),
    fractionLost: view.getUint8(at + OFFSET.fractionLost),
    // A signed 24-bit field: sign-extend.
    cumulativeLost: raw & 0x800000 ? raw - 0x1000000 : raw,
    extendedHighestSeq: view.getUint32(at + OFFSET.extendedHighestSeq),
    jitter: view.getUint32(at + OFFSET.jitter),
    lastSr: view.getUint32(at + OFFSET.lastSr),
    delaySinceLastSr: view.getUint32(at + OFFSET.delaySinceLastSr),
  };
}

const isU32 = (v: number): boolean => Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

function check(ok: boolean, what: string): void {
  if (!ok) throw new RtcpError('MEDIA_RTCP_BAD_FIELD', `cannot write RTCP report block: ${what} (RFC 3550 §6.4.1)`);
}

export function writeReportBlock(block: ReportBlock, view: DataView, at: number): void {
  check(isU32(block.ssrc), `SSRC ${block.ssrc} is not 32 bits`);
  check(Number.isInteger(block.fractionLost) && block.fractionLost >= 0 && block.fractionLost <= 255, `fraction lost ${block.fractionLost} is not 0-255`);
  check(Number.isInteger(block.cumulativeLost) && block.cumulativeLost >= -0x800000 && block.cumulativeLost <= 0x7fffff, `cumulative lost ${block.cumulativeLost} is not a signed 24-bit number`);
  check(isU32(block.extendedHighestSeq) && isU32(block.jitter) && isU32(block.lastSr) && isU32(block.delaySinceLastSr), 'a 32-bit field is out of range');
  view.setUint32(at + OFFSET.ssrc, block.ssrc);
  view.setUint32(at + OFFSET.fractionLost, ((block.fractionLost << 24) | (block.cumulativeLost & 0xffffff)) >>> 0);
  view.setUint32(at + OFFSET.extendedHighestSeq, block.extendedHighestSeq);
  view.setUint32(at + OFFSET.jitter, block.jitter);
  view.setUint32(at + OFFSET.lastSr, block.lastSr);
  view.setUint32(at + OFFSET.delaySinceLastSr, block.delaySinceLastSr);
}

/** The last SR heard from a source: its NTP middle 32 bits and when it arrived (local ms). */
export interface LastSenderReport {
  middle32: number;
  receivedAtMs: number;
}

/**
 * The report block about `ssrc` from its reception statistics (take them with
 * `SequenceTracker.closeInterval()` so that the next fraction lost covers the next interval)
 * and the last SR received from it, at local time `nowMs` (§6.4.1: LSR and DLSR are 0 when no
 * SR has been received).
 */
export function reportBlockFrom(ssrc: number, stats: ReceptionStats, lastSr: LastSenderReport | null, nowMs: number): ReportBlock {
  return {
    ssrc,
    fractionLost: stats.fractionLost,
    cumulativeLost: stats.cumulativeLost,
    extendedHighestSeq: stats.extendedHighestSeq,
    jitter: stats.jitter >>> 0,
    lastSr: lastSr === null ? 0 : lastSr.middle32 >>> 0,
    delaySinceLastSr: lastSr === null ? 0 : dlsrFromMs(nowMs - lastSr.receivedAtMs),
  };
}
