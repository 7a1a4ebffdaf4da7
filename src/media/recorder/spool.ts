/**
 * FileSpool: appends small pieces (20 ms frames) to a file through a ring of fixed-size buffers.
 * `append` only copies into the current buffer (never blocks, never throws for I/O); a full buffer
 * goes to a queue that one async loop writes with positional FileHandle writes. The first I/O
 * error stops the spool and is kept for `drain` to report. Memory is bounded by `slots` buffers.
 */
import type { FileHandle } from 'node:fs/promises';
import { RecorderError } from './errors.js';

interface Pending {
  buf: Buffer;
  length: number;
  position: number;
}

export class FileSpool {
  readonly #fh: FileHandle;
  readonly #slotBytes: number;
  readonly #slots: number;
  /** The buffer being filled, and how much of it is used. */
  #current: Buffer | null = null;
  #used = 0;
  /** File offset where the next queued buffer goes. */
  #position: number;
  #queue: Pending[] = [];
  #free: Buffer[] = [];
  /** Buffers allocated so far (in the queue, being written, current or free). */
  #allocated = 0;
  #pump: Promise<void> | null = null;
  #error: RecorderError | null = null;

  constructor(fh: FileHandle, startPosition: number, slotBytes: number, slots: number) {
    this.#fh = fh;
    this.#position = startPosition;
    this.#slotBytes = slotBytes;
    this.#slots = slots;
  }

  /** The error that stopped the spool, if any. */
  get error(): RecorderError | null {
    return this.#error;
  }

  /** Buffers allocated (for tests and toJSON: the memory this spool holds). */
  get allocatedSlots(): number {
    return this.#allocated;
  }

  /**
   * Copies `length` bytes produced by `fill(target, offset, count)` into the ring, `count` bytes at a
   * time as buffers fill. Returns false when the spool has stopped (error or overrun).
   */
  append(length: number, fill: (target: Buffer, targetOffset: number, sourceOffset: number, count: number) => void): boolean {
    let done = 0;
    while (done < length) {
      if (this.#error !== null) return false;
      if (this.#current === null) {
        const next = this.#takeBuffer();
        if (next === null) return false;
        this.#current = next;
        this.#used = 0;
      }
      const count = Math.min(length - done, this.#slotBytes - this.#used);
      fill(this.#current, this.#used, done, count);
      this.#used += count;
      done += count;
      if (this.#used === this.#slotBytes) this.#queueCurrent();
    }
    return this.#error === null;
  }

  /** Queues the partly filled buffer and waits until everything queued is on disk (or failed). */
  async drain(): Promise<void> {
    if (this.#current !== null && this.#used > 0) this.#queueCurrent();
    while (this.#pump !== null) await this.#pump;
    if (this.#error !== null) throw this.#error;
  }

  /** Stops accepting data and waits for the write in flight (before the file is closed). */
  async stop(): Promise<void> {
    this.#error ??= new RecorderError('MEDIA_RECORDER_ABORTED', 'the recording was stopped');
    this.#queue = [];
    while (this.#pump !== null) await this.#pump.catch(() => undefined);
  }

  #takeBuffer(): Buffer | null {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    if (this.#allocated >= this.#slots) {
      this.#fail(new RecorderError('MEDIA_RECORDER_OVERRUN', `the disk fell behind by more than ${this.#slots} buffers (limit ringSlots)`));
      return null;
    }
    this.#allocated++;
    return Buffer.allocUnsafe(this.#slotBytes);
  }

  #queueCurrent(): void {
    const buf = this.#current;
    if (buf === null) return;
    this.#queue.push({ buf, length: this.#used, position: this.#position });
    this.#position += this.#used;
    this.#current = null;
    this.#used = 0;
    this.#kick();
  }

  /** Starts the write loop unless it runs; restarts it if data was queued as it was ending. */
  #kick(): void {
    if (this.#pump !== null || this.#queue.length === 0 || this.#error !== null) return;
    this.#pump = this.#run().finally(() => {
      this.#pump = null;
      this.#kick();
    });
  }

  async #run(): Promise<void> {
    for (let item = this.#queue.shift(); item !== undefined && this.#error === null; item = this.#queue.shift()) {
      try {
        let written = 0;
        while (written < item.length) {
          const { bytesWritten } = await this.#fh.write(item.buf, written, item.length - written, item.position + written);
          if (bytesWritten <= 0) throw new Error('the file system accepted no bytes');
          written += bytesWritten;
        }
        this.#free.push(item.buf);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        this.#fail(new RecorderError('MEDIA_RECORDER_WRITE_FAILED', `writing the recording failed${typeof code === 'string' ? ` (${code})` : ''}`, { cause: err }));
      }
    }
  }

  #fail(error: RecorderError): void {
    this.#error ??= error;
    this.#queue = [];
    this.#current = null;
    this.#free = [];
  }
}
