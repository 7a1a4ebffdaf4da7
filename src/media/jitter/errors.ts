/** Errors of the jitter buffer: only a construction with impossible options (a bug in OpenUM). */
import { OpenUmError } from '../../util/errors.js';

export const JITTER_ERROR_CODES = ['MEDIA_JITTER_BAD_OPTIONS'] as const;

export type JitterErrorCode = (typeof JITTER_ERROR_CODES)[number];

export class JitterError extends OpenUmError {
  override readonly name = 'JitterError';
  override readonly code: JitterErrorCode;

  constructor(code: JitterErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
  }
}
