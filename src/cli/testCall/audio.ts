/**
 * What the test caller says after the beep: a WAV file (--play, any rate, channels mixed down,
 * converted to the call's rate as it streams), or a built-in sentence synthesized with the prompt
 * engine, or a tone when synthesis is not available. The file is read ahead of the media clock so
 * that a slow disk never stalls the 20 ms pacing.
 */
import { basename } from 'node:path';
import { resample, Resampler, toneFrames } from '../../media/dsp/index.js';
import { workerSynthesize } from '../../media/prompts/index.js';
import type { AudioSource } from '../../media/stream/types.js';
import type { SampleRate } from '../../media/types.js';
import { WavFileReader } from '../../media/wav/index.js';
import { TestCallError } from './errors.js';
import { MAX_PLAY_SECONDS, PLAY_READ_AHEAD_MS } from './limits.js';

/** What we speak: opened once per call at the negotiated rate. */
export interface PlayAudio {
  /** "file.wav" or "a built-in sentence" ("a built-in tone" once opened, if speech failed). */
  readonly label: string;
  /** Starts any slow preparation (speech synthesis) ahead of open(): called once the call is answered. */
  warmUp(): void;
  open(rate: SampleRate): Promise<OpenedAudio>;
  close(): Promise<void>;
}

export interface OpenedAudio {
  source: AudioSource;
  durationMs: number;
  /** What it turned out to be (the built-in sentence falls back to a tone). */
  label: string;
}

/** The sentence spoken when no --play file is given (2.8 s with the default voice and rate). */
export const BUILT_IN_SENTENCE = 'Hello, this is an Open U M test call.';

/** Opens and checks a --play file; a file that is missing or not a WAV is TESTCALL_BAD_OPTION. */
export async function openPlayFile(path: string): Promise<PlayAudio> {
  let probe: WavFileReader;
  try {
    probe = await WavFileReader.open(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : err instanceof Error ? err.message : String(err);
    throw new TestCallError('TESTCALL_BAD_OPTION', `--play ${path}: ${why}`, { cause: err });
  }
  const durationMs = probe.durationMs;
  await probe.close();
  if (durationMs > MAX_PLAY_SECONDS * 1000) {
    throw new TestCallError('TESTCALL_BAD_OPTION', `--play ${path}: ${(durationMs / 1000).toFixed(1)} s is longer than ${MAX_PLAY_SECONDS} s`);
  }
  if (durationMs === 0) throw new TestCallError('TESTCALL_BAD_OPTION', `--play ${path}: the file holds no audio`);
  const readers: WavFileReader[] = [];
  const label = basename(path);
  return {
    label,
    warmUp: () => undefined,
    async open(rate) {
      const reader = await WavFileReader.open(path);
      readers.push(reader);
      const source = new StreamingWavSource(reader, rate);
      await source.prefill();
      return { source, durationMs, label };
    },
    async close() {
      await Promise.all(readers.splice(0).map((r) => r.close()));
    },
  };
}

/**
 * The built-in sentence, synthesized in the speech worker while the greeting plays (the event loop
 * that paces RTP never waits for it, and a call that is never answered never waits for the
 * engine); a tone when the speech engine fails.
 */
export function builtInAudio(): PlayAudio {
  let speech: Promise<{ label: string; samples: Int16Array; sampleRate: number }> | null = null;
  const warmUp = (): typeof speech & object => (speech ??= workerSynthesize(BUILT_IN_SENTENCE).then(
    (a) => ({ label: 'a built-in sentence', samples: a.samples, sampleRate: a.sampleRate }),
    () => ({ label: 'a built-in tone', samples: warble(), sampleRate: 8000 }),
  ));
  return {
    label: 'a built-in sentence',
    warmUp: () => void warmUp(),
    async open(rate) {
      const { label, samples, sampleRate } = await warmUp();
      return { source: new BufferSource(sampleRate === rate ? samples : resample(samples, sampleRate, rate)), durationMs: (samples.length * 1000) / sampleRate, label };
    },
    close: () => Promise.resolve(),
  };
}

/** 3 s of a two-tone warble: voice-like enough for a silence detector, obviously not a beep. */
function warble(): Int16Array {
  const parts: Int16Array[] = [];
  for (let i = 0; i < 12; i++) parts.push(toneFrames([i % 2 === 0 ? 440 : 660], 250, 8000, -18));
  const tone = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    tone.set(p, at);
    at += p.length;
  }
  return tone;
}

/** Plays an Int16Array frame by frame; the last frame is padded with silence. */
export class BufferSource implements AudioSource {
  readonly #samples: Int16Array;
  #at = 0;

  constructor(samples: Int16Array) {
    this.#samples = samples;
  }

  read(frame: Int16Array): boolean {
    if (this.#at >= this.#samples.length) return false;
    const part = this.#samples.subarray(this.#at, this.#at + frame.length);
    frame.set(part);
    frame.fill(0, part.length);
    this.#at += frame.length;
    return true;
  }
}

/**
 * Streams a WAV file at the call's rate: frames are read and converted asynchronously, up to
 * PLAY_READ_AHEAD_MS ahead of `read`, which the media clock calls synchronously. If the disk falls
 * behind, silence goes out rather than a late frame (`underruns` counts them).
 */
export class StreamingWavSource implements AudioSource {
  readonly #reader: WavFileReader;
  readonly #resampler: Resampler | null;
  readonly #aheadSamples: number;
  #queue: Int16Array[] = [];
  #queued = 0;
  #eof = false;
  #filling: Promise<void> | null = null;
  #closed = false;
  /** Frames sent as silence because the file had not been read yet. */
  underruns = 0;
  /** Why the file stopped early (it changed or vanished while playing), else null. */
  error: unknown = null;

  constructor(reader: WavFileReader, rate: SampleRate) {
    this.#reader = reader;
    this.#resampler = reader.sampleRate === rate ? null : new Resampler(reader.sampleRate, rate);
    this.#aheadSamples = (rate * PLAY_READ_AHEAD_MS) / 1000;
  }

  /**
   * Reads ahead up to PLAY_READ_AHEAD_MS (playback then starts without a gap); resolves when done.
   * Only one read-ahead ever runs: a second call joins it.
   */
  prefill(): Promise<void> {
    this.#filling ??= this.#fill()
      .catch((err: unknown) => {
        this.error = err;
        this.#eof = true;
      })
      .finally(() => {
        this.#filling = null;
      });
    return this.#filling;
  }

  /** Samples converted and waiting. */
  get bufferedSamples(): number {
    return this.#queued;
  }

  /** True once the whole file has been read (what is buffered is the rest). */
  get ended(): boolean {
    return this.#eof;
  }

  read(frame: Int16Array): boolean {
    if (this.#closed) return false;
    if (this.#queued < frame.length && !this.#eof) {
      this.#kick();
      this.underruns++;
      frame.fill(0);
      return true;
    }
    if (this.#queued === 0) return false;
    let at = 0;
    while (at < frame.length && this.#queue.length > 0) {
      const head = this.#queue[0]!;
      const n = Math.min(head.length, frame.length - at);
      frame.set(head.subarray(0, n), at);
      at += n;
      this.#queued -= n;
      if (n === head.length) this.#queue.shift();
      else this.#queue[0] = head.subarray(n);
    }
    frame.fill(0, at);
    this.#kick();
    return true;
  }

  close(): void {
    this.#closed = true;
    void this.#reader.close().catch(() => undefined);
  }

  #kick(): void {
    if (this.#eof || this.#closed || this.#queued >= this.#aheadSamples) return;
    void this.prefill();
  }

  async #fill(): Promise<void> {
    while (!this.#eof && !this.#closed && this.#queued < this.#aheadSamples) {
      const frame = await this.#reader.readFrame();
      if (frame === null) {
        this.#eof = true;
        if (this.#resampler) this.#push(this.#resampler.flush());
        break;
      }
      this.#push(this.#resampler ? this.#resampler.process(frame) : frame.slice());
    }
  }

  #push(samples: Int16Array): void {
    if (samples.length === 0) return;
    this.#queue.push(samples);
    this.#queued += samples.length;
  }
}
