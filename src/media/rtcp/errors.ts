/**
 * Errors of the RTCP wire layer. A parse error means a datagram on the RTCP port (or an rtcp-mux
 * datagram) is not a valid compound RTCP packet (RFC 3550 §6.1, Appendix A.2): the session drops
 * it and counts it. A build error means OpenUM tried to write a field outside its range (a bug).
 */
import { OpenUmError } from '../../util/errors.js';

export const RTCP_ERROR_CODES = [
  'MEDIA_RTCP_TRUNCATED',
  'MEDIA_RTCP_BAD_VERSION',
  'MEDIA_RTCP_BAD_LENGTH',
  'MEDIA_RTCP_BAD_PADDING',
  'MEDIA_RTCP_BAD_COMPOUND',
  'MEDIA_RTCP_BAD_SDES',
  'MEDIA_RTCP_BAD_FIELD',
  'MEDIA_RTCP_BUFFER_TOO_SMALL',
] as const;

export type RtcpErrorCode = (typeof RTCP_ERROR_CODES)[number];

export class RtcpError extends OpenUmError {
  override readonly name = 'RtcpError';
  override readonly code: RtcpErrorCode;

  constructor(code: RtcpErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
  }
}
