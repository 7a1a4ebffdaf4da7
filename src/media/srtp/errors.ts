/**
 * Errors of SRTP and SRTCP (RFC 3711). An authentication or replay failure means the packet is
 * dropped and counted (§3.3: "the packet MUST be discarded"), never that the call fails.
 */
import { OpenUmError } from '../../util/errors.js';

export const SRTP_ERROR_CODES = [
  'MEDIA_SRTP_AUTH',
  'MEDIA_SRTP_REPLAY',
  'MEDIA_SRTP_MALFORMED',
  'MEDIA_SRTP_BAD_KEY',
  'MEDIA_SRTP_KEY_EXHAUSTED',
] as const;

export type SrtpErrorCode = (typeof SRTP_ERROR_CODES)[number];

export class SrtpError extends OpenUmError {
  override readonly name = 'SrtpError';
  override readonly code: SrtpErrorCode;

  constructor(code: SrtpErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
  }
}
