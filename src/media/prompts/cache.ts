/**
 * PromptCache: a prompt (text to speak, or a configured WAV file) as 16-bit mono PCM at the call's
 * rate, produced once and kept:
 *
 *   memory (ByteLru, bounded by bytes) → disk (`<dir>/<sha256>.wav`) → produce (TTS or file,
 *   converted with the dsp resampler) and store atomically (temp file + rename).
 *
 * Concurrent requests for one key share one production (single flight). The returned samples are
 * shared between callers: treat them as read-only.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { resample } from '../dsp/index.js';
import type { SampleRate } from '../types.js';
import { encodeWav, parseWav, WavError } from '../wav/index.js';
import { PromptError } from './errors.js';
import { FileDigests, promptKey, ttsKey } from './key.js';
import { PROMPT_LIMITS } from './limits.js';
import { ByteLru } from './lru.js';
import { cleanText, DEFAULT_RATE_WPM, DEFAULT_VOICE, synthesize, ttsEngineId, type SynthesizeFn } from './tts.js';

/** What to play: text spoken by the TTS engine, or a WAV file named in the configuration (trusted). */
export type PromptSpec = { text: string; voice?: string } | { file: string };

export interface PromptCacheOptions {
  /** Folder of cached prompts (dataDir/prompts); created on first write. */
  dir: string;
  /** Speech engine (default: espeak-ng via tts.ts). */
  synthesize?: SynthesizeFn;
  /** Names the engine in cache keys (default: ttsEngineId() of espeak-ng). Set it with `synthesize`. */
  engineId?: string;
  /** Speaking rate, words per minute (default 150). */
  wordsPerMinute?: number;
  /** Memory budget of decoded prompts (default PROMPT_LIMITS.maxMemoryBytes). */
  maxMemoryBytes?: number;
}

export interface PromptCacheStats {
  memoryHits: number;
  diskHits: number;
  /** Prompts synthesized or converted from a file. */
  produced: number;
  memoryBytes: number;
  memoryEntries: number;
}

interface Resolved {
  key: string;
  produce: () => Promise<{ samples: Int16Array; sampleRate: number }>;
}

export class PromptCache {
  readonly #dir: string;
  readonly #synthesize: SynthesizeFn;
  readonly #engineId: string | undefined;
  readonly #wpm: number;
  readonly #memory: ByteLru;
  readonly #inFlight = new Map<string, Promise<Int16Array>>();
  readonly #digests = new FileDigests();
  #dirReady: Promise<unknown> | null = null;
  readonly #stats = { memoryHits: 0, diskHits: 0, produced: 0 };

  constructor(options: PromptCacheOptions) {
    this.#dir = options.dir;
    this.#synthesize = options.synthesize ?? synthesize;
    this.#engineId = options.engineId;
    this.#wpm = options.wordsPerMinute ?? DEFAULT_RATE_WPM;
    this.#memory = new ByteLru(options.maxMemoryBytes ?? PROMPT_LIMITS.maxMemoryBytes);
  }

  get stats(): PromptCacheStats {
    return { ...this.#stats, memoryBytes: this.#memory.bytes, memoryEntries: this.#memory.size };
  }

  /** The prompt as mono samples at `sampleRate` (shared: do not modify). */
  async get(prompt: PromptSpec, sampleRate: SampleRate): Promise<Int16Array> {
    const { key, produce } = await this.#resolve(prompt, sampleRate);
    const hit = this.#memory.get(key);
    if (hit !== undefined) {
      this.#stats.memoryHits++;
      return hit;
    }
    let pending = this.#inFlight.get(key);
    if (pending === undefined) {
      pending = this.#load(key, sampleRate, produce).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #resolve(prompt: PromptSpec, rate: SampleRate): Promise<Resolved> {
    if ('text' in prompt) {
      const voice = prompt.voice ?? DEFAULT_VOICE;
      const engine = this.#engineId ?? ttsEngineId();
      const key = ttsKey({ text: cleanText(prompt.text), voice, wordsPerMinute: this.#wpm, engine }, rate);
      // The engine converts to the call's rate itself (in the TTS worker: off the main thread).
      return { key, produce: () => this.#synthesize(prompt.text, { voice, rate: this.#wpm, outputRate: rate }) };
    }
    const path = prompt.file;
    const key = promptKey('file', [await this.#digests.sha256(path)], rate);
    return { key, produce: () => decodeFile(path) };
  }

  async #load(key: string, rate: SampleRate, produce: Resolved['produce']): Promise<Int16Array> {
    const path = join(this.#dir, `${key}.wav`);
    const stored = await readStored(path, rate);
    if (stored !== null) {
      this.#stats.diskHits++;
      this.#memory.set(key, stored);
      return stored;
    }
    const source = await produce();
    const samples = source.sampleRate === rate ? source.samples : resample(source.samples, source.sampleRate, rate);
    this.#stats.produced++;
    await this.#store(key, path, samples, rate);
    this.#memory.set(key, samples);
    return samples;
  }

  async #store(key: string, path: string, samples: Int16Array, rate: SampleRate): Promise<void> {
    const temp = join(this.#dir, `${key}.${randomUUID()}.tmp`);
    try {
      this.#dirReady ??= mkdir(this.#dir, { recursive: true }).catch((err: unknown) => {
        this.#dirReady = null;
        throw err;
      });
      await this.#dirReady;
      const fh = await open(temp, 'wx', 0o644);
      try {
        await fh.writeFile(encodeWav(samples, rate));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new PromptError('MEDIA_PROMPT_CACHE_FAILED', `cannot store a prompt in ${this.#dir}: ${String(err)}`, { cause: err });
    }
  }
}

/** A cached prompt from disk, or null when absent or unusable (then it is produced again). */
async function readStored(path: string, rate: SampleRate): Promise<Int16Array | null> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch {
    return null;
  }
  try {
    const wav = parseWav(buf);
    return wav.sampleRate === rate && wav.channels === 1 ? wav.samples : null;
  } catch (err) {
    if (err instanceof WavError) return null;
    throw err;
  }
}

async function decodeFile(path: string): Promise<{ samples: Int16Array; sampleRate: number }> {
  try {
    const wav = parseWav(await readFile(path));
    return { samples: wav.samples, sampleRate: wav.sampleRate };
  } catch (err) {
    const why = err instanceof WavError ? `${err.code}: ${err.message}` : String(err);
    throw new PromptError('MEDIA_PROMPT_FILE_FAILED', `the prompt file ${path} cannot be used (${why})`, { cause: err });
  }
}
