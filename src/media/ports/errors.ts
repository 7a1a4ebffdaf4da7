/**
 * Errors of the RTP port pool. Exhaustion means every RTP/RTCP pair of the configured range is in
 * use (by OpenUM or by another process): the call cannot get media and is refused (SIP 503).
 */
import { OpenUmError } from '../../util/errors.js';

export const PORT_ERROR_CODES = ['MEDIA_PORTS_EXHAUSTED', 'MEDIA_PORTS_BAD_RANGE', 'MEDIA_PORTS_BIND_FAILED', 'MEDIA_PORTS_CLOSED'] as const;

export type PortErrorCode = (typeof PORT_ERROR_CODES)[number];

export class PortError extends OpenUmError {
  override readonly name = 'PortError';
  override readonly code: PortErrorCode;

  constructor(code: PortErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
  }
}
