/**
 * WavRecorder: streams one call's audio to disk as a mono 16-bit WAV. Nothing holds the message in
 * memory: frames are copied into a small ring of 1 s buffers (FileSpool) written asynchronously.
 *
 *   create()  → "<uuid>.tmp" (O_EXCL) with a placeholder header (sizes 0xFFFFFFFF = "to the end")
 *   write()   → sync, never throws for I/O; an error is kept for finish()
 *   finish()  → drain, real header, fsync, rename to "<uuid>.wav", fsync the folder
 *   abort()   → stop, close, remove the temporary file
 *
 * finish() and abort() each run once; a later call returns the same outcome (STYLE.md §9).
 */
import type { FileHandle } from 'node:fs/promises';
import type { SampleRate } from '../types.js';
import { wavHeader, writeSamplesLE, WAV_HEADER_BYTES } from '../wav/index.js';
import { RecorderError } from './errors.js';
import { commitFile, createTempFile, removeFile, type TempFile } from './files.js';
import { DEFAULT_RECORDER_LIMITS, type RecorderLimits } from './limits.js';
import { FileSpool } from './spool.js';

export interface WavRecorderOptions {
  /** Folder for the recording (must exist; on the same file system as its final place). */
  dir: string;
  sampleRate: SampleRate;
  /** Audio past this length is dropped (limitReached turns true). Default limits.defaultMaxSeconds. */
  maxSeconds?: number;
  limits?: Partial<RecorderLimits>;
}

export interface RecordingResult {
  /** The final file, `<dir>/<uuid>.wav`. */
  path: string;
  durationMs: number;
  /** Size of the file, header included. */
  bytes: number;
  /** True when audio beyond maxSeconds was dropped. */
  truncated: boolean;
}

type State = 'recording' | 'finishing' | 'finished' | 'aborted' | 'failed';

const UNKNOWN_SIZE = 0xffffffff;

export class WavRecorder {
  readonly id: string;
  readonly sampleRate: SampleRate;
  readonly #dir: string;
  readonly #file: TempFile;
  readonly #spool: FileSpool;
  readonly #maxSamples: number;
  #state: State = 'recording';
  #samples = 0;
  #limitReached = false;
  #finishing: Promise<RecordingResult> | null = null;
  #aborting: Promise<void> | null = null;

  private constructor(dir: string, file: TempFile, sampleRate: SampleRate, maxSeconds: number, limits: RecorderLimits) {
    this.#dir = dir;
    this.#file = file;
    this.id = file.id;
    this.sampleRate = sampleRate;
    this.#maxSamples = Math.floor(maxSeconds * sampleRate);
    const slotBytes = Math.max(2, Math.round((sampleRate * limits.flushMs) / 1000) * 2);
    this.#spool = new FileSpool(file.fh, WAV_HEADER_BYTES, slotBytes, Math.max(2, limits.ringSlots));
  }

  static async create(options: WavRecorderOptions): Promise<WavRecorder> {
    const limits: RecorderLimits = { ...DEFAULT_RECORDER_LIMITS, ...options.limits };
    const maxSeconds = options.maxSeconds ?? limits.defaultMaxSeconds;
    if (options.sampleRate !== 8000 && options.sampleRate !== 16000) {
      throw new RecorderError('MEDIA_RECORDER_BAD_OPTIONS', `sample rate ${String(options.sampleRate)} is not 8000 or 16000`);
    }
    if (!(maxSeconds > 0) || maxSeconds > limits.hardMaxSeconds) {
      throw new RecorderError('MEDIA_RECORDER_BAD_OPTIONS', `maxSeconds ${maxSeconds} is outside 0-${limits.hardMaxSeconds} (limit hardMaxSeconds)`);
    }
    let file: TempFile;
    try {
      file = await createTempFile(options.dir);
    } catch (err) {
      throw new RecorderError('MEDIA_RECORDER_OPEN_FAILED', `cannot create a recording in ${options.dir}: ${describe(err)}`, { cause: err });
    }
    try {
      const header = wavHeader(options.sampleRate, 1, 16, 0);
      header.writeUInt32LE(UNKNOWN_SIZE, 4);
      header.writeUInt32LE(UNKNOWN_SIZE, 40);
      await writeAll(file.fh, header, 0);
    } catch (err) {
      await file.fh.close().catch(() => undefined);
      await removeFile(file.tempPath).catch(() => undefined);
      throw new RecorderError('MEDIA_RECORDER_OPEN_FAILED', `cannot write a recording in ${options.dir}: ${describe(err)}`, { cause: err });
    }
    return new WavRecorder(options.dir, file, options.sampleRate, maxSeconds, limits);
  }

  /** Milliseconds of audio accepted so far (samples / rate: frames × 20 ms for whole frames). */
  get durationMs(): number {
    return (this.#samples * 1000) / this.sampleRate;
  }

  /** True once audio was dropped because the recording reached maxSeconds. */
  get limitReached(): boolean {
    return this.#limitReached;
  }

  /** The error that will make finish() reject, as soon as it is known. */
  get error(): RecorderError | null {
    return this.#spool.error;
  }

  /** Appends a frame (copied at once; the caller may reuse it). Never throws for I/O errors. */
  write(frame: Int16Array): void {
    if (this.#state !== 'recording') return;
    const room = this.#maxSamples - this.#samples;
    let n = frame.length;
    if (n > room) {
      n = room;
      this.#limitReached = true;
    }
    if (n <= 0) return;
    const source = n === frame.length ? frame : frame.subarray(0, n);
    const ok = this.#spool.append(n * 2, (target, targetOffset, sourceOffset, count) => {
      writeSamplesLE(source.subarray(sourceOffset / 2, (sourceOffset + count) / 2), target, targetOffset);
    });
    if (ok) this.#samples += n;
  }

  /** Makes the recording durable under its final name. Rejects with the first write error. */
  finish(): Promise<RecordingResult> {
    if (this.#finishing !== null) return this.#finishing;
    if (this.#aborting !== null) {
      return Promise.reject(new RecorderError('MEDIA_RECORDER_ABORTED', 'finish() after abort(): the recording was discarded'));
    }
    this.#finishing = this.#finish();
    return this.#finishing;
  }

  /** Discards the recording and its temporary file. After finish() it only waits for finish. */
  abort(): Promise<void> {
    if (this.#aborting !== null) return this.#aborting;
    if (this.#finishing !== null) return this.#finishing.then(() => undefined, () => undefined);
    this.#aborting = this.#abort();
    return this.#aborting;
  }

  toJSON(): { id: string; sampleRate: number; state: State; durationMs: number; limitReached: boolean; bufferSlots: number } {
    return {
      id: this.id,
      sampleRate: this.sampleRate,
      state: this.#state,
      durationMs: this.durationMs,
      limitReached: this.#limitReached,
      bufferSlots: this.#spool.allocatedSlots,
    };
  }

  async #finish(): Promise<RecordingResult> {
    this.#state = 'finishing';
    const { fh, tempPath, finalPath } = this.#file;
    let closed = false;
    let renamed = false;
    try {
      await this.#spool.drain();
      const dataBytes = this.#samples * 2;
      await writeAll(fh, wavHeader(this.sampleRate, 1, 16, dataBytes), 0);
      await fh.sync();
      closed = true;
      await fh.close();
      renamed = true;
      await commitFile(tempPath, finalPath, this.#dir);
      this.#state = 'finished';
      return { path: finalPath, durationMs: this.durationMs, bytes: WAV_HEADER_BYTES + dataBytes, truncated: this.#limitReached };
    } catch (err) {
      this.#state = 'failed';
      if (!closed) await fh.close().catch(() => undefined);
      await removeFile(tempPath).catch(() => undefined);
      // Renamed but the folder sync failed: the message may not survive a crash, so it is not kept.
      if (renamed) await removeFile(finalPath).catch(() => undefined);
      if (err instanceof RecorderError) throw err;
      throw new RecorderError('MEDIA_RECORDER_WRITE_FAILED', `saving the recording failed: ${describe(err)}`, { cause: err });
    }
  }

  async #abort(): Promise<void> {
    this.#state = 'aborted';
    await this.#spool.stop();
    await this.#file.fh.close().catch(() => undefined);
    await removeFile(this.#file.tempPath);
  }
}

async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < buf.length) {
    const { bytesWritten } = await fh.write(buf, written, buf.length - written, position + written);
    if (bytesWritten <= 0) throw new Error('the file system accepted no bytes');
    written += bytesWritten;
  }
}

function describe(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
