/**
 * Errors of the SDP layer. An SdpError is thrown for input we cannot read (a malformed or oversized
 * body) and for a bug in how OpenUM calls this layer (bad local options). A well-formed offer that
 * we cannot accept is not an exception: negotiateAnswer returns `{ ok: false, status: 488, code }`.
 * `SDP_REJECT_CODES` are those codes; they are stable too and listed in docs/errors.md.
 */
import { OpenUmError } from '../util/errors.js';

export const SDP_ERROR_CODES = ['SDP_PARSE', 'SDP_LIMIT', 'SDP_BAD_LOCAL_OPTIONS'] as const;
export type SdpErrorCode = (typeof SDP_ERROR_CODES)[number];

/** Why an offer (or an answer to our offer) was refused. */
export const SDP_REJECT_CODES = [
  'SDP_NO_AUDIO',
  'SDP_NO_COMMON_CODEC',
  'SDP_UNSUPPORTED_PROFILE',
  'SDP_DTLS_UNSUPPORTED',
  'SDP_SRTP_POLICY',
  'SDP_NO_CRYPTO_SUITE',
  'SDP_NO_CONNECTION',
  'SDP_BAD_ADDRESS',
  'SDP_MULTICAST',
  'SDP_TOO_MANY_MEDIA',
  'SDP_MEDIA_REMOVED',
  'SDP_ANSWER_MISMATCH',
] as const;
export type SdpRejectCode = (typeof SDP_REJECT_CODES)[number];

export class SdpError extends OpenUmError {
  override readonly name = 'SdpError';
  override readonly code: SdpErrorCode;
  /**
   * The SIP status a UAS answers the carrying request with: 400 for a malformed body, 488 (Not
   * Acceptable Here) when a limit on what we negotiate (m= line count) is exceeded, 500 for a bug
   * in OpenUM (bad local options).
   */
  readonly status: 400 | 488 | 500;

  constructor(code: SdpErrorCode, message: string, status: 400 | 488 | 500, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
    this.status = status;
  }
}

export function parseError(reason: string): SdpError {
  return new SdpError('SDP_PARSE', `malformed SDP: ${reason}`, 400);
}

export function localOptionsError(reason: string): SdpError {
  return new SdpError('SDP_BAD_LOCAL_OPTIONS', `bad local media options (a bug in OpenUM): ${reason}`, 500);
}
