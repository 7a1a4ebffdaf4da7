/**
 * What a call can play: synthesized text, a configured audio file, a recorded message streamed
 * from disk, a tone, or silence. The renderer turns a list of them into one AudioSource at the
 * call's rate (prompts are cached converted; messages are read frame by frame, never whole).
 */
import type { AudioSource } from '../media/stream/types.js';
import type { SampleRate } from '../media/types.js';

export type PlayItem =
  /** Text to speech (cached per text, voice and rate). */
  | { text: string; voice?: string }
  /** A configured prompt file (WAV, any rate; converted once and cached). */
  | { file: string }
  /** A recorded message or greeting (WAV), streamed from disk. */
  | { recording: string }
  | { silenceMs: number }
  /** The record beep or another tone. */
  | { toneHz: number[]; durationMs: number; levelDbfs?: number };

export interface PromptRenderer {
  render(items: readonly PlayItem[], sampleRate: SampleRate): Promise<AudioSource>;
}
