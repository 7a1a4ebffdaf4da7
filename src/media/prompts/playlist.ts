/**
 * Playlists: what a call flow says in one go ("You have" · "two" · "new messages" · 300 ms pause),
 * rendered to one buffer at the call's rate. Prompts are short, so rendering whole is fine; a voice
 * message is played with WavFileReader instead, frame by frame.
 */
import type { SampleRate } from '../types.js';
import type { PromptCache, PromptSpec } from './cache.js';
import { PromptError } from './errors.js';
import { PROMPT_LIMITS } from './limits.js';

export type PlaylistItem =
  | PromptSpec
  /** A pause. */
  | { silenceMs: number }
  /** Audio already at the call's rate (a recorded name, a tone). */
  | { samples: Int16Array };

export type PromptPlaylist = readonly PlaylistItem[];

/** Only what renderPlaylist needs of a PromptCache (so a flow test can pass a small stand-in). */
export type PromptSource = Pick<PromptCache, 'get'>;

/** Concatenates the items into one buffer of mono samples at `rate`. */
export async function renderPlaylist(cache: PromptSource, items: PromptPlaylist, rate: SampleRate): Promise<Int16Array> {
  const maxSamples = PROMPT_LIMITS.maxPlaylistSeconds * rate;
  const parts = await Promise.all(items.map((item, i) => renderItem(cache, item, i, rate)));
  const total = parts.reduce<number>((n, p) => n + (typeof p === 'number' ? p : p.length), 0);
  if (total > maxSamples) {
    throw new PromptError('MEDIA_PROMPT_BAD_PLAYLIST', `the playlist lasts ${(total / rate).toFixed(1)} s, over ${PROMPT_LIMITS.maxPlaylistSeconds} s (maxPlaylistSeconds)`);
  }
  const out = new Int16Array(total);
  let offset = 0;
  for (const p of parts) {
    if (typeof p === 'number') {
      offset += p; // silence: already zero
    } else {
      out.set(p, offset);
      offset += p.length;
    }
  }
  return out;
}

/** The item's samples, or for silence its length in samples. */
async function renderItem(cache: PromptSource, item: PlaylistItem, index: number, rate: SampleRate): Promise<Int16Array | number> {
  if ('silenceMs' in item) {
    const ms = item.silenceMs;
    if (!Number.isFinite(ms) || ms < 0 || ms > PROMPT_LIMITS.maxSilenceMs) {
      throw new PromptError('MEDIA_PROMPT_BAD_PLAYLIST', `item ${index}: silence of ${ms} ms is outside 0-${PROMPT_LIMITS.maxSilenceMs} ms`);
    }
    return Math.round((ms * rate) / 1000);
  }
  if ('samples' in item) return item.samples;
  if ('text' in item || 'file' in item) return cache.get(item, rate);
  throw new PromptError('MEDIA_PROMPT_BAD_PLAYLIST', `item ${index} is neither a prompt, a silence nor samples`);
}
