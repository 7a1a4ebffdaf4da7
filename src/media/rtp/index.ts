/** RTP wire format and reception statistics (RFC 3550, RFC 5761 §4). The folder's only import path. */
export { RTP_ERROR_CODES, RtpError, type RtpErrorCode } from './errors.js';
export {
  parseRtp,
  serializeRtp,
  serializeRtpInto,
  rtpSize,
  rtpHeaderSize,
  RTP_OFFSET,
  RTP_FIXED_HEADER_SIZE,
  RTP_VERSION,
  RTP_MAX_CSRCS,
  type RtpHeader,
  type RtpPacket,
  type RtpExtension,
} from './packet.js';
export { isRtcp, RTCP_MUX_PACKET_TYPE_MIN, RTCP_MUX_PACKET_TYPE_MAX } from './demux.js';
export { SequenceTracker, type SequenceTrackerOptions, type SequenceVerdict, type ReceptionStats } from './sequence.js';
export { DEFAULT_SEQUENCE_LIMITS, resolveSequenceLimits, type SequenceLimits } from './limits.js';
