/**
 * Errors of DTMF handling. A telephone-event payload that is too short is dropped by the
 * receiver (and counted); a build error means OpenUM asked for an event it cannot encode.
 */
import { OpenUmError } from '../../util/errors.js';

export const DTMF_ERROR_CODES = ['MEDIA_DTMF_TRUNCATED', 'MEDIA_DTMF_BAD_FIELD'] as const;

export type DtmfErrorCode = (typeof DTMF_ERROR_CODES)[number];

export class DtmfError extends OpenUmError {
  override readonly name = 'DtmfError';
  override readonly code: DtmfErrorCode;

  constructor(code: DtmfErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
  }
}
