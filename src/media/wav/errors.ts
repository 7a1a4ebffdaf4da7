/**
 * Errors of the WAV reader and writer. Each names what is wrong with the file so an administrator
 * can fix a prompt (re-export it as 16-bit PCM) or find a damaged recording.
 */
import { OpenUmError } from '../../util/errors.js';

export const WAV_ERROR_CODES = [
  /** The file ends before a header, chunk or sample the header announced. */
  'MEDIA_WAV_TRUNCATED',
  /** The file does not start with "RIFF" … "WAVE" (RIFX, RF64 and other containers included). */
  'MEDIA_WAV_NOT_WAVE',
  /** No "fmt " chunk before "data", or a "fmt " chunk too short for its format. */
  'MEDIA_WAV_NO_FORMAT',
  /** No "data" chunk. */
  'MEDIA_WAV_NO_DATA',
  /** The encoding is not PCM 8/16/24/32, IEEE float 32, µ-law or A-law. */
  'MEDIA_WAV_UNSUPPORTED',
  /** The "fmt " fields contradict each other (block align, zero channels, zero rate). */
  'MEDIA_WAV_BAD_FORMAT',
  /** The file exceeds a limit of src/media/wav/limits.ts (size, duration, channels, rate, chunks). */
  'MEDIA_WAV_LIMIT',
  /** A WavFileReader was used after close, or a writer was given values a WAV cannot hold. */
  'MEDIA_WAV_BAD_USE',
] as const;

export type WavErrorCode = (typeof WAV_ERROR_CODES)[number];

export class WavError extends OpenUmError {
  override readonly name = 'WavError';
  override readonly code: WavErrorCode;

  constructor(code: WavErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
  }
}
