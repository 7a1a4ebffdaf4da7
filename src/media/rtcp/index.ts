/** RTCP (RFC 3550 §6): SR, RR, SDES, BYE, compound packets, NTP time, the report interval. */
export { RTCP_ERROR_CODES, RtcpError, type RtcpErrorCode } from './errors.js';
export {
  RTCP_PACKET_TYPE,
  SDES_ITEM,
  type ReportBlock,
  type SenderInfo,
  type SenderReport,
  type ReceiverReport,
  type SdesItem,
  type SdesChunk,
  type SourceDescription,
  type Goodbye,
  type OtherRtcp,
  type RtcpPacket,
} from './types.js';
export { parseRtcp, serializeRtcp, serializeRtcpInto, rtcpSize, RTCP_HEADER_SIZE, type ParseRtcpOptions } from './compound.js';
export { reportBlockFrom, REPORT_BLOCK_SIZE, MAX_REPORT_BLOCKS, type LastSenderReport } from './reportBlock.js';
export { cnameSdes, MAX_SDES_TEXT_BYTES } from './sdes.js';
export { ntpFromUnixMs, unixMsFromNtp, ntpMiddle32, dlsrFromMs, roundTripMs, NTP_UNIX_OFFSET_SECONDS, type NtpTimestamp } from './ntp.js';
export { rtcpIntervalMs, RTCP_MIN_INTERVAL_MS } from './interval.js';
