/**
 * Text to speech, offline, with espeak-ng compiled to WebAssembly (@echogarden/espeak-ng-emscripten).
 * One engine instance is loaded on first use and reused; calls are queued because the WASM engine
 * is single-threaded and its voice and rate are global state. Output is mono 16-bit at the engine's
 * rate (22050 Hz); PromptCache converts it to the call's rate once and keeps the result.
 *
 * Synthesis runs synchronously inside WASM (~0.2-0.6 s per sentence), so it belongs to the prompt
 * cache's first use, never to the media path.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import espeakInit, { type ESpeakNGWorker } from '@echogarden/espeak-ng-emscripten';
import { PromptError } from './errors.js';
import { resample } from '../dsp/index.js';
import { PROMPT_LIMITS } from './limits.js';

export interface SynthesizeOptions {
  /** espeak-ng voice: a language tag ("en-us", "de", "pt-br"), optionally "+variant". Default en-us. */
  voice?: string;
  /** Speaking rate in words per minute (80-450). Default 150, unhurried for the telephone. */
  rate?: number;
  /**
   * The sample rate the caller wants (8000, 16000): the audio is converted before it is returned,
   * which in the worker keeps the costly conversion (tens of ms for a sentence) off the main thread.
   */
  outputRate?: number;
}

export interface SynthesizedAudio {
  samples: Int16Array;
  sampleRate: number;
}

/** The shape of `synthesize`, so PromptCache can take another engine (or a counting one in tests). */
export type SynthesizeFn = (text: string, options?: SynthesizeOptions) => Promise<SynthesizedAudio>;

export const DEFAULT_VOICE = 'en-us';
export const DEFAULT_RATE_WPM = 150;

const ENGINE_PACKAGE = '@echogarden/espeak-ng-emscripten';
const VOICE_PATTERN = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*(?:\+[a-z0-9]{1,16})?$/i;
// C0 and C1 controls, DEL, and the Unicode line/paragraph separators.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

let engine: Promise<ESpeakNGWorker> | null = null;
let queue: Promise<unknown> = Promise.resolve();
let engineId: string | null = null;

/** Names the engine and its version; part of every TTS cache key, so an upgrade re-synthesizes. */
export function ttsEngineId(): string {
  if (engineId === null) {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(require.resolve(`${ENGINE_PACKAGE}/package.json`), 'utf8')) as { version?: unknown };
    engineId = `espeak-ng-emscripten@${typeof pkg.version === 'string' ? pkg.version : 'unknown'}`;
  }
  return engineId;
}

/** The text as it is spoken: control characters become spaces, runs of white space one space. */
export function cleanText(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}

/** Checks text, voice and rate before anything is queued; returns what the engine gets. */
function prepare(text: string, options: SynthesizeOptions): { text: string; voice: string; rate: number } {
  if (text.length > PROMPT_LIMITS.maxTextChars * 4) {
    throw new PromptError('MEDIA_TTS_LIMIT', `text of ${text.length} characters exceeds ${PROMPT_LIMITS.maxTextChars} (maxTextChars)`);
  }
  const clean = cleanText(text);
  if (clean === '') throw new PromptError('MEDIA_TTS_EMPTY_TEXT', 'nothing to say: the text is empty');
  if (clean.length > PROMPT_LIMITS.maxTextChars) {
    throw new PromptError('MEDIA_TTS_LIMIT', `text of ${clean.length} characters exceeds ${PROMPT_LIMITS.maxTextChars} (maxTextChars)`);
  }
  const voice = options.voice ?? DEFAULT_VOICE;
  if (voice.length > PROMPT_LIMITS.maxVoiceChars || !VOICE_PATTERN.test(voice)) {
    throw new PromptError('MEDIA_TTS_UNKNOWN_VOICE', `"${voice.slice(0, PROMPT_LIMITS.maxVoiceChars)}" is not a voice name (like "en-us")`);
  }
  const rate = options.rate ?? DEFAULT_RATE_WPM;
  if (!Number.isFinite(rate) || rate < PROMPT_LIMITS.minRateWpm || rate > PROMPT_LIMITS.maxRateWpm) {
    throw new PromptError('MEDIA_TTS_LIMIT', `speaking rate ${rate} is outside ${PROMPT_LIMITS.minRateWpm}-${PROMPT_LIMITS.maxRateWpm} words per minute`);
  }
  return { text: clean, voice, rate: Math.round(rate) };
}

function loadEngine(): Promise<ESpeakNGWorker> {
  engine ??= espeakInit().then(
    (m) => new m.eSpeakNGWorker(),
    (err: unknown) => {
      engine = null; // let a later call try again
      throw new PromptError('MEDIA_TTS_ENGINE_FAILED', `loading espeak-ng failed: ${String(err)}`, { cause: err });
    },
  );
  return engine;
}

function run(worker: ESpeakNGWorker, text: string, voice: string, rate: number): SynthesizedAudio {
  if (worker.set_voice(voice) !== 0) throw new PromptError('MEDIA_TTS_UNKNOWN_VOICE', `espeak-ng has no voice "${voice}"`);
  worker.set_rate(rate);
  const sampleRate = worker.get_samplerate();
  const maxSamples = PROMPT_LIMITS.maxSynthSeconds * sampleRate;
  const chunks: Int16Array[] = [];
  let total = 0;
  let overflow = false;
  try {
    worker.synthesize(text, (samples) => {
      if (samples.length === 0) return false;
      if (total + samples.length > maxSamples) {
        overflow = true;
        return true; // stops synthesis
      }
      chunks.push(samples); // already a copy of the WASM heap
      total += samples.length;
      return false;
    });
  } catch (err) {
    throw new PromptError('MEDIA_TTS_ENGINE_FAILED', `espeak-ng failed to synthesize: ${String(err)}`, { cause: err });
  }
  if (overflow) throw new PromptError('MEDIA_TTS_LIMIT', `the speech is longer than ${PROMPT_LIMITS.maxSynthSeconds} s (maxSynthSeconds)`);
  const out = new Int16Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return { samples: out, sampleRate };
}

/** Speaks `text` into mono 16-bit samples at the engine's rate (22050 Hz) or `outputRate`. Calls run one at a time. */
export const synthesize: SynthesizeFn = (text, options = {}) => {
  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = prepare(text, options);
  } catch (err) {
    return Promise.reject(err);
  }
  const outputRate = options.outputRate;
  const job = queue.then(async () => {
    const audio = run(await loadEngine(), prepared.text, prepared.voice, prepared.rate);
    return outputRate === undefined || outputRate === audio.sampleRate
      ? audio
      : { samples: resample(audio.samples, audio.sampleRate, outputRate), sampleRate: outputRate };
  });
  queue = job.catch(() => undefined);
  return job;
};
