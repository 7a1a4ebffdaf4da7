/** Prompts: offline speech synthesis, the prompt cache and playlists. The only import path. */
export { PromptCache, type PromptCacheOptions, type PromptCacheStats, type PromptSpec } from './cache.js';
export { renderPlaylist, type PlaylistItem, type PromptPlaylist, type PromptSource } from './playlist.js';
export {
  synthesize,
  cleanText,
  ttsEngineId,
  DEFAULT_RATE_WPM,
  DEFAULT_VOICE,
  type SynthesizeFn,
  type SynthesizeOptions,
  type SynthesizedAudio,
} from './tts.js';
export { PromptError, PROMPT_ERROR_CODES, type PromptErrorCode } from './errors.js';
export { PROMPT_LIMITS } from './limits.js';
export { workerSynthesize } from './workerTts.js';
