/**
 * Errors of the RTP wire layer. A parse error means a datagram on the media port is not RTP as
 * RFC 3550 §5.1 defines it: the receiving session drops it and counts it, never crashes.
 * A build error means OpenUM tried to write a header field outside its range (a bug).
 */
import { OpenUmError } from '../../util/errors.js';

export const RTP_ERROR_CODES = [
  'MEDIA_RTP_TRUNCATED',
  'MEDIA_RTP_BAD_VERSION',
  'MEDIA_RTP_BAD_PADDING',
  'MEDIA_RTP_BAD_EXTENSION',
  'MEDIA_RTP_BAD_FIELD',
  'MEDIA_RTP_BUFFER_TOO_SMALL',
] as const;

export type RtpErrorCode = (typeof RTP_ERROR_CODES)[number];

export class RtpError extends OpenUmError {
  override readonly name = 'RtpError';
  override readonly code: RtpErrorCode;

  constructor(code: RtpErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
  }
}
