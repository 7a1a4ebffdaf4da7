/**
 * Named limits of prompts and speech synthesis (STYLE.md §6), each with its reason.
 */
export const PROMPT_LIMITS = Object.freeze({
  /**
   * Characters of text synthesized at once. 2000 is a long paragraph (~2 min of speech); prompts
   * are a sentence or two, and a message read aloud is split by the caller.
   */
  maxTextChars: 2000,
  /** Seconds of audio one synthesis may produce; synthesis stops there (runaway input). */
  maxSynthSeconds: 180,
  /** Speaking rate in words per minute that espeak-ng accepts. */
  minRateWpm: 80,
  maxRateWpm: 450,
  /** Characters of a voice name ("en-us", "de", "pt-br", "en-us+f3"). */
  maxVoiceChars: 40,
  /**
   * Bytes of decoded prompts kept in memory by one PromptCache. 32 MiB ≈ 35 min of 8 kHz audio:
   * every prompt of a large deployment, with the least recently used evicted first.
   */
  maxMemoryBytes: 32 * 1024 * 1024,
  /** Total length of one rendered playlist, and of one silence item. 10 min / 60 s. */
  maxPlaylistSeconds: 600,
  maxSilenceMs: 60_000,
});
