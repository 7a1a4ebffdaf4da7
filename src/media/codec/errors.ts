import { OpenUmError } from '../../util/errors.js';

/** Stable codes of the codec layer (listed in docs/errors.md). */
export const MEDIA_CODEC_ERROR_CODES = ['MEDIA_CODEC_UNKNOWN', 'MEDIA_CODEC_BAD_FRAME'] as const;
export type MediaCodecErrorCode = (typeof MEDIA_CODEC_ERROR_CODES)[number];

/**
 * A codec was asked for something it cannot do: a name it does not know (a bug in SDP
 * negotiation) or a PCM frame it cannot encode (G.722 needs an even number of samples).
 */
export class MediaCodecError extends OpenUmError {
  override readonly name = 'MediaCodecError';
  declare readonly code: MediaCodecErrorCode;

  constructor(code: MediaCodecErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
