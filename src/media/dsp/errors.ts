import { OpenUmError } from '../../util/errors.js';

/** Stable codes of the DSP layer (listed in docs/errors.md). */
export const MEDIA_DSP_ERROR_CODES = ['MEDIA_DSP_BAD_RATE', 'MEDIA_DSP_BAD_ARGUMENT'] as const;
export type MediaDspErrorCode = (typeof MEDIA_DSP_ERROR_CODES)[number];

/**
 * A DSP function got a sample rate it does not support (`MEDIA_DSP_BAD_RATE`: a WAV prompt at
 * an odd rate, a detector created for a rate other than 8000/16000) or an argument outside its
 * range (`MEDIA_DSP_BAD_ARGUMENT`: a tone of negative length, an unknown DTMF digit).
 */
export class MediaDspError extends OpenUmError {
  override readonly name = 'MediaDspError';
  declare readonly code: MediaDspErrorCode;

  constructor(code: MediaDspErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
