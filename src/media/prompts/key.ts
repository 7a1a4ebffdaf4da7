/**
 * Cache keys of prompts: sha256 over everything that changes the audio, so a new text, voice,
 * speaking rate, engine version, file content, call rate or resampling filter gets a new entry and
 * an old one is never served by mistake. The key (64 hex digits) is also the file name on disk.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { OFFLINE_FILTER } from '../dsp/index.js';
import type { SampleRate } from '../types.js';
import { DEFAULT_WAV_LIMITS } from '../wav/index.js';
import { PromptError } from './errors.js';

/** Bump when the stored format or the conversion changes in a way the other parts do not show. */
export const CACHE_FORMAT = 1;
const RESAMPLER_ID = `windowed-sinc ${JSON.stringify(OFFLINE_FILTER)}`;

export interface TtsKeyParts {
  text: string;
  voice: string;
  wordsPerMinute: number;
  engine: string;
}

export function promptKey(kind: 'tts' | 'file', parts: readonly (string | number)[], rate: SampleRate): string {
  const material = JSON.stringify([CACHE_FORMAT, kind, ...parts, rate, RESAMPLER_ID]);
  return createHash('sha256').update(material).digest('hex');
}

export function ttsKey(p: TtsKeyParts, rate: SampleRate): string {
  return promptKey('tts', [p.text, p.voice, p.wordsPerMinute, p.engine], rate);
}

interface FileDigest {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * Content hashes of configured prompt files, remembered by path, size and modification time so a
 * call's prompt costs one stat, and a replaced file is noticed. Bounded by the number of files.
 */
export class FileDigests {
  readonly #maxEntries: number;
  readonly #byPath = new Map<string, Promise<FileDigest>>();

  constructor(maxEntries = 4096) {
    this.#maxEntries = maxEntries;
  }

  async sha256(path: string): Promise<string> {
    const st = await stat(path).catch((err: unknown) => {
      throw new PromptError('MEDIA_PROMPT_FILE_FAILED', `cannot read the prompt file ${path}: ${String(err)}`, { cause: err });
    });
    if (!st.isFile()) throw new PromptError('MEDIA_PROMPT_FILE_FAILED', `the prompt file ${path} is not a regular file`);
    if (st.size > DEFAULT_WAV_LIMITS.maxFileBytes) {
      throw new PromptError('MEDIA_PROMPT_FILE_FAILED', `the prompt file ${path} has ${st.size} bytes, over ${DEFAULT_WAV_LIMITS.maxFileBytes} (WAV maxFileBytes)`);
    }
    const known = this.#byPath.get(path);
    if (known !== undefined) {
      const d = await known.catch(() => null);
      if (d !== null && d.size === st.size && d.mtimeMs === st.mtimeMs) return d.sha256;
    }
    const digest = readFile(path).then((buf) => ({
      size: st.size,
      mtimeMs: st.mtimeMs,
      sha256: createHash('sha256').update(buf).digest('hex'),
    }));
    if (this.#byPath.size >= this.#maxEntries) this.#byPath.clear();
    this.#byPath.set(path, digest);
    digest.catch(() => {
      if (this.#byPath.get(path) === digest) this.#byPath.delete(path);
    });
    return (await digest.catch((err: unknown) => {
      throw new PromptError('MEDIA_PROMPT_FILE_FAILED', `cannot read the prompt file ${path}: ${String(err)}`, { cause: err });
    })).sha256;
  }
}
