/**
 * Errors of the streaming recorder. A write error never throws from `write` (the caller is an RTP
 * receive path): it is kept and `finish` rejects with it, so the call flow can tell the caller the
 * message was not saved.
 */
import { OpenUmError } from '../../util/errors.js';

export const RECORDER_ERROR_CODES = [
  /** The temporary file could not be created (folder missing, not writable, disk full). */
  'MEDIA_RECORDER_OPEN_FAILED',
  /** Writing, syncing or renaming the recording failed (disk full, I/O error, file too large). */
  'MEDIA_RECORDER_WRITE_FAILED',
  /** The disk fell behind by more than the ring of buffers holds (limits.ts ringSlots). */
  'MEDIA_RECORDER_OVERRUN',
  /** finish() was called on a recording that was aborted. */
  'MEDIA_RECORDER_ABORTED',
  /** Options out of range (sample rate, maxSeconds). A bug in the caller. */
  'MEDIA_RECORDER_BAD_OPTIONS',
] as const;

export type RecorderErrorCode = (typeof RECORDER_ERROR_CODES)[number];

export class RecorderError extends OpenUmError {
  override readonly name = 'RecorderError';
  override readonly code: RecorderErrorCode;

  constructor(code: RecorderErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
  }
}
