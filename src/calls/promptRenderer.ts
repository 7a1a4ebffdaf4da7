/**
 * Turns a list of PlayItems into one AudioSource at the call's rate. Prompts (TTS text, prompt
 * files), tones and pauses are short and come rendered from the prompt cache; recordings
 * (messages, greetings) are streamed from disk with a read-ahead so a 5-minute message never sits
 * in memory, and converted on the fly when their rate differs from the call's.
 */
import { Resampler, toneFrames } from '../media/dsp/index.js';
import type { PromptCache } from '../media/prompts/index.js';
import type { AudioSource } from '../media/stream/types.js';
import type { SampleRate } from '../media/types.js';
import { WavFileReader } from '../media/wav/index.js';
import type { PlayItem, PromptRenderer } from './prompts.js';

/** Plays an in-memory buffer. */
class BufferSource implements AudioSource {
  #at = 0;
  constructor(readonly samples: Int16Array) {}
  read(frame: Int16Array): boolean {
    if (this.#at >= this.samples.length) return false;
    const n = Math.min(frame.length, this.samples.length - this.#at);
    frame.set(this.samples.subarray(this.#at, this.#at + n));
    if (n < frame.length) frame.fill(0, n);
    this.#at += n;
    return true;
  }
}

/** Frames kept decoded ahead of the media clock. */
const READ_AHEAD_FRAMES = 25;

/**
 * Streams a WAV file. The clock's read() is synchronous; frames are decoded asynchronously into a
 * small queue ahead of it. An underrun (slow disk) plays one frame of silence rather than
 * stalling every call on the clock.
 */
class RecordingSource implements AudioSource {
  readonly #reader: WavFileReader;
  readonly #resampler: Resampler | null;
  readonly #queue: Int16Array[] = [];
  #pending: Int16Array = new Int16Array(0);
  #eof = false;
  #filling = false;
  #closed = false;

  constructor(reader: WavFileReader, rate: SampleRate) {
    this.#reader = reader;
    this.#resampler = reader.sampleRate === rate ? null : new Resampler(reader.sampleRate, rate);
    this.#fill();
  }

  read(frame: Int16Array): boolean {
    while (this.#pending.length < frame.length && this.#queue.length > 0) {
      const next = this.#queue.shift()!;
      const merged = new Int16Array(this.#pending.length + next.length);
      merged.set(this.#pending);
      merged.set(next, this.#pending.length);
      this.#pending = merged;
    }
    this.#fill();
    if (this.#pending.length === 0) {
      if (this.#eof) return false;
      frame.fill(0);
      return true;
    }
    const n = Math.min(frame.length, this.#pending.length);
    frame.set(this.#pending.subarray(0, n));
    if (n < frame.length) frame.fill(0, n);
    this.#pending = this.#pending.subarray(n);
    return true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#reader.close().catch(() => undefined);
  }

  #fill(): void {
    if (this.#filling || this.#eof || this.#closed || this.#queue.length >= READ_AHEAD_FRAMES) return;
    this.#filling = true;
    void (async () => {
      try {
        while (!this.#closed && this.#queue.length < READ_AHEAD_FRAMES) {
          const frame = await this.#reader.readFrame();
          if (frame === null) {
            this.#eof = true;
            break;
          }
          this.#queue.push(this.#resampler ? this.#resampler.process(frame) : frame);
        }
      } catch {
        // A recording that cannot be read (corrupt, removed) ends here: the caller hears the rest.
        this.#eof = true;
      } finally {
        this.#filling = false;
      }
    })();
  }
}

/** Plays sources one after the other. */
class SequenceSource implements AudioSource {
  #index = 0;
  constructor(readonly parts: AudioSource[]) {}
  read(frame: Int16Array): boolean {
    while (this.#index < this.parts.length) {
      if (this.parts[this.#index]!.read(frame)) return true;
      this.parts[this.#index]!.close?.();
      this.#index++;
    }
    return false;
  }
  close(): void {
    for (let i = this.#index; i < this.parts.length; i++) this.parts[i]!.close?.();
    this.#index = this.parts.length;
  }
}

export class CachedPromptRenderer implements PromptRenderer {
  readonly #cache: Pick<PromptCache, 'get'>;

  constructor(cache: Pick<PromptCache, 'get'>) {
    this.#cache = cache;
  }

  async render(items: readonly PlayItem[], rate: SampleRate): Promise<AudioSource> {
    const parts: AudioSource[] = [];
    try {
      for (const item of items) parts.push(await this.#one(item, rate));
    } catch (err) {
      for (const p of parts) p.close?.();
      throw err;
    }
    return new SequenceSource(parts);
  }

  async #one(item: PlayItem, rate: SampleRate): Promise<AudioSource> {
    if ('text' in item) return new BufferSource(await this.#cache.get(item.voice ? { text: item.text, voice: item.voice } : { text: item.text }, rate));
    if ('file' in item) return new BufferSource(await this.#cache.get({ file: item.file }, rate));
    if ('silenceMs' in item) return new BufferSource(new Int16Array(Math.round((item.silenceMs * rate) / 1000)));
    if ('toneHz' in item) return new BufferSource(toneFrames(item.toneHz, item.durationMs, rate, item.levelDbfs ?? -12));
    return new RecordingSource(await WavFileReader.open(item.recording), rate);
  }
}
