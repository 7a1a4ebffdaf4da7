/**
 * AES in Counter Mode as SRTP uses it (RFC 3711 §4.1.1). The keystream is the concatenation of
 * E(k, IV), E(k, IV + 1), E(k, IV + 2), ...; the low 16 bits of the IV are zero, so a block counter
 * of up to 2^16 blocks (1 MiB, far above any datagram) never carries into the rest of the IV.
 *
 * One AES-128-ECB cipher object per session key is kept for the life of the context and fed the
 * counter blocks of each packet: ECB without padding is stateless per block, so `update()` can be
 * called forever. This halves the cost of creating an AES-CTR cipher per packet.
 */
import { createCipheriv, type Cipher } from 'node:crypto';

const BLOCK = 16;

export class AesCm {
  readonly #ecb: Cipher;
  #counters: Buffer = Buffer.alloc(BLOCK * 12);

  constructor(key: Buffer) {
    this.#ecb = createCipheriv('aes-128-ecb', key, null);
    this.#ecb.setAutoPadding(false);
  }

  /** The first `length` bytes of keystream for `iv` (16 bytes, low 16 bits zero). */
  keystream(iv: Buffer, length: number): Buffer {
    const blocks = Math.ceil(length / BLOCK);
    const size = blocks * BLOCK;
    if (this.#counters.length < size) this.#counters = Buffer.alloc(size);
    const counters = this.#counters;
    // Byte loops, not Buffer.copy: for 14 bytes the call overhead of copy() dominates.
    for (let b = 0; b < blocks; b++) {
      const at = b * BLOCK;
      for (let i = 0; i < BLOCK - 2; i++) counters[at + i] = iv[i] as number;
      counters[at + BLOCK - 2] = b >>> 8;
      counters[at + BLOCK - 1] = b & 0xff;
    }
    return this.#ecb.update(counters.subarray(0, size));
  }

  /** Writes src XOR keystream(iv) into dst at dstOffset (dst may be src: in place). */
  xor(iv: Buffer, src: Uint8Array, dst: Uint8Array, dstOffset: number): void {
    const length = src.length;
    if (length === 0) return;
    const ks = this.keystream(iv, length);
    for (let i = 0; i < length; i++) dst[dstOffset + i] = (src[i] as number) ^ (ks[i] as number);
  }
}
