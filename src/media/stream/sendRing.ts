/**
 * Preallocated buffers for outgoing RTP packets, used in turn. A UDP send does not read its bytes
 * at once: node resolves the address and hands the datagram to the kernel after the current
 * code has finished (and libuv may hold it longer while the socket is full). When the media
 * clock catches up after a stall it runs up to MAX_TICKS_PER_WAKE ticks back to back, so a
 * single reused buffer would send the last packet's bytes that many times. A ring of that many
 * buffers keeps the send path free of allocation and gives every packet of a burst its own
 * bytes; a buffer comes round again only after a whole burst (a second of audio) has been sent.
 */
import { MAX_TICKS_PER_WAKE } from '../clock/index.js';

export class SendRing {
  readonly #slots: Buffer[];
  #next = 0;

  /** `slotBytes`: the largest packet; `slots`: packets that may be in flight at once. */
  constructor(slotBytes: number, slots: number = MAX_TICKS_PER_WAKE) {
    // One allocation for the ring; each slot a view of its own bytes.
    const memory = Buffer.alloc(slotBytes * slots);
    this.#slots = Array.from({ length: slots }, (_, i) => memory.subarray(i * slotBytes, (i + 1) * slotBytes));
  }

  get size(): number {
    return this.#slots.length;
  }

  /** The buffer for the next packet: the one used longest ago. */
  take(): Buffer {
    const slot = this.#slots[this.#next] as Buffer;
    this.#next = (this.#next + 1) % this.#slots.length;
    return slot;
  }
}
