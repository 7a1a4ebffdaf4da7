/**
 * WavFileReader: plays a WAV file back in 20 ms frames without loading it whole. It keeps one
 * read-ahead block (500 ms by default) decoded in memory and reads the next when that runs out,
 * so a voice mail of any length costs a few KiB per listener. Frames are mono at the file's rate;
 * the last frame is padded with silence to full length.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { FRAME_MS } from '../types.js';
import { decodeFrames } from './decode.js';
import { WavError } from './errors.js';
import { locateWavData, type WavFormat, type WavLayout } from './format.js';
import { resolveWavLimits, type WavLimits } from './limits.js';

export interface WavFileReaderOptions {
  /** Frame length in ms (default FRAME_MS, 20). */
  frameMs?: number;
  /** Audio decoded ahead of the reader, in ms (default 500; at least one frame). */
  readAheadMs?: number;
  limits?: Partial<WavLimits>;
}

/** Bytes read at open to find the header; most files need exactly one read. */
const FIRST_READ_BYTES = 64 * 1024;
const DEFAULT_READ_AHEAD_MS = 500;

export class WavFileReader {
  readonly sampleRate: number;
  readonly channels: number;
  /** Samples in each frame returned by readFrame. */
  readonly frameSamples: number;
  /** Length of the audio in the file. */
  readonly durationMs: number;
  #fh: FileHandle | null;
  readonly #format: WavFormat;
  readonly #dataOffset: number;
  readonly #totalFrames: number;
  readonly #blockFrames: number;
  /** Next sample frame (file frame, not 20 ms frame) to hand out. */
  #position = 0;
  #block: Int16Array = new Int16Array(0);
  /** File frame index of #block[0]. */
  #blockStart = 0;
  #busy: Promise<unknown> = Promise.resolve();

  private constructor(fh: FileHandle, layout: WavLayout, frameMs: number, readAheadMs: number) {
    this.#fh = fh;
    this.#format = layout.format;
    this.#dataOffset = layout.dataOffset;
    this.#totalFrames = layout.dataBytes / layout.format.blockAlign;
    this.sampleRate = layout.format.sampleRate;
    this.channels = layout.format.channels;
    this.frameSamples = Math.max(1, Math.round((this.sampleRate * frameMs) / 1000));
    this.#blockFrames = this.frameSamples * Math.max(1, Math.ceil(readAheadMs / frameMs));
    this.durationMs = (this.#totalFrames * 1000) / this.sampleRate;
  }

  static async open(path: string, options: WavFileReaderOptions = {}): Promise<WavFileReader> {
    const limits = resolveWavLimits(options.limits);
    const frameMs = options.frameMs ?? FRAME_MS;
    if (!(frameMs > 0)) throw new WavError('MEDIA_WAV_BAD_USE', `frameMs must be positive, not ${frameMs}`);
    const fh = await open(path, 'r');
    try {
      const layout = await readLayout(fh, limits);
      return new WavFileReader(fh, layout, frameMs, options.readAheadMs ?? DEFAULT_READ_AHEAD_MS);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  /** Where the next frame starts, in ms from the start of the audio. */
  get positionMs(): number {
    return (this.#position * 1000) / this.sampleRate;
  }

  /** Moves the read position (clamped to the audio), e.g. for "skip ahead 5 seconds". */
  seekMs(ms: number): void {
    const frame = Math.round((Math.max(0, ms) * this.sampleRate) / 1000);
    this.#position = Math.min(this.#totalFrames, frame);
  }

  /** The next frame, or null at the end of the audio. Calls are served in order. */
  readFrame(): Promise<Int16Array | null> {
    const next = this.#busy.then(() => this.#readFrame());
    this.#busy = next.catch(() => undefined);
    return next;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Int16Array, void, void> {
    for (let f = await this.readFrame(); f !== null; f = await this.readFrame()) yield f;
  }

  /** Closes the file; idempotent. */
  async close(): Promise<void> {
    const fh = this.#fh;
    if (fh === null) return;
    this.#fh = null;
    this.#block = new Int16Array(0);
    await fh.close();
  }

  async #readFrame(): Promise<Int16Array | null> {
    if (this.#fh === null) throw new WavError('MEDIA_WAV_BAD_USE', 'the WavFileReader is closed');
    if (this.#position >= this.#totalFrames) return null;
    const want = Math.min(this.frameSamples, this.#totalFrames - this.#position);
    let inBlock = this.#position - this.#blockStart;
    if (inBlock < 0 || inBlock + want > this.#block.length) {
      await this.#fill(this.#position);
      inBlock = 0;
    }
    const view = this.#block.subarray(inBlock, inBlock + want);
    this.#position += want;
    if (want === this.frameSamples) return view;
    const padded = new Int16Array(this.frameSamples);
    padded.set(view);
    return padded;
  }

  /** Reads and decodes the read-ahead block starting at file frame `start`. */
  async #fill(start: number): Promise<void> {
    const fh = this.#fh;
    if (fh === null) throw new WavError('MEDIA_WAV_BAD_USE', 'the WavFileReader is closed');
    const frames = Math.min(this.#blockFrames, this.#totalFrames - start);
    const bytes = Buffer.allocUnsafe(frames * this.#format.blockAlign);
    const { bytesRead } = await fh.read(bytes, 0, bytes.length, this.#dataOffset + start * this.#format.blockAlign);
    if (bytesRead < bytes.length) {
      throw new WavError('MEDIA_WAV_TRUNCATED', `the file ended ${bytes.length - bytesRead} bytes early (changed while being read?)`);
    }
    const block = new Int16Array(frames);
    decodeFrames(bytes, this.#format, frames, block, 0);
    this.#block = block;
    this.#blockStart = start;
  }
}

async function readLayout(fh: FileHandle, limits: WavLimits): Promise<WavLayout> {
  const { size } = await fh.stat();
  let want = Math.min(size, FIRST_READ_BYTES);
  for (;;) {
    const head = Buffer.allocUnsafe(want);
    const { bytesRead } = await fh.read(head, 0, want, 0);
    const found = locateWavData(head.subarray(0, bytesRead), bytesRead < want ? bytesRead : size, limits);
    const reach = 'needBytes' in found ? found.needBytes : found.dataOffset;
    if (reach > limits.maxHeaderBytes) {
      throw new WavError('MEDIA_WAV_LIMIT', `no audio in the first ${limits.maxHeaderBytes} bytes (limit maxHeaderBytes)`);
    }
    if (!('needBytes' in found)) return found;
    want = Math.min(size, Math.max(found.needBytes, want * 2, 0));
  }
}
