/**
 * Errors of prompts: speech synthesis, the prompt cache and playlists. A prompt that cannot be
 * produced names the prompt (its text or configured file), never audio content.
 */
import { OpenUmError } from '../../util/errors.js';

export const PROMPT_ERROR_CODES = [
  /** The text is empty once control characters are removed. */
  'MEDIA_TTS_EMPTY_TEXT',
  /** The text, the speaking rate or the audio produced exceeds a limit of src/media/prompts/limits.ts. */
  'MEDIA_TTS_LIMIT',
  /** espeak-ng has no voice of that name. */
  'MEDIA_TTS_UNKNOWN_VOICE',
  /** The speech engine failed to load or to synthesize. */
  'MEDIA_TTS_ENGINE_FAILED',
  /** A configured prompt file cannot be read or is not a usable WAV file (see the cause). */
  'MEDIA_PROMPT_FILE_FAILED',
  /** The prompt cache folder cannot be written. */
  'MEDIA_PROMPT_CACHE_FAILED',
  /** A playlist item is malformed or the playlist is longer than limits.ts allows. */
  'MEDIA_PROMPT_BAD_PLAYLIST',
] as const;

export type PromptErrorCode = (typeof PROMPT_ERROR_CODES)[number];

export class PromptError extends OpenUmError {
  override readonly name = 'PromptError';
  override readonly code: PromptErrorCode;

  constructor(code: PromptErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
  }
}
