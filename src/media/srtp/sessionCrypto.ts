/**
 * The transforms of one session (SRTP or SRTCP, one direction) once its keys are derived:
 * the AES-CM IV of RFC 3711 §4.1.1 and the HMAC-SHA1 tag of §4.2.1.
 *
 *     IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)
 *
 *      byte:  0 1 2 3 | 4 5 6 7 | 8 9 10 11 12 13 | 14 15
 *             k_s ......................................  | 0 0
 *                     |  SSRC   |
 *                               |  i (48 bits)    |
 *
 * For SRTP i = 2^16 * ROC + SEQ; for SRTCP it is the 31-bit SRTCP index (§3.4). The tag is
 * HMAC-SHA1(k_a, M) truncated to the suite's length, where M is the authenticated portion followed,
 * for SRTP only, by the 32-bit ROC (§4.2).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AesCm } from './aesCm.js';
import type { SessionKeys } from './kdf.js';

export class SessionCrypto {
  readonly #aes: AesCm;
  readonly #authKey: Buffer;
  readonly #salt: Buffer;
  readonly #iv = Buffer.alloc(16);
  readonly #roc = Buffer.alloc(4);
  readonly tagLength: number;

  constructor(keys: SessionKeys, tagLength: number) {
    this.#aes = new AesCm(keys.encryptionKey);
    this.#authKey = keys.authenticationKey;
    this.#salt = keys.salt;
    this.tagLength = tagLength;
  }

  /** Fills the reusable IV for an SSRC and a 48-bit index given as (high 32 bits, low 16 bits). */
  #setIv(ssrc: number, high32: number, low16: number): Buffer {
    const iv = this.#iv;
    const salt = this.#salt;
    for (let i = 0; i < 4; i++) iv[i] = salt[i] as number;
    iv[4] = (salt[4] as number) ^ (ssrc >>> 24);
    iv[5] = (salt[5] as number) ^ ((ssrc >>> 16) & 0xff);
    iv[6] = (salt[6] as number) ^ ((ssrc >>> 8) & 0xff);
    iv[7] = (salt[7] as number) ^ (ssrc & 0xff);
    // i * 2^16 covers bytes 8-13: the high 32 bits of i in 8-11, its low 16 bits in 12-13.
    iv[8] = (salt[8] as number) ^ (high32 >>> 24);
    iv[9] = (salt[9] as number) ^ ((high32 >>> 16) & 0xff);
    iv[10] = (salt[10] as number) ^ ((high32 >>> 8) & 0xff);
    iv[11] = (salt[11] as number) ^ (high32 & 0xff);
    iv[12] = (salt[12] as number) ^ (low16 >>> 8);
    iv[13] = (salt[13] as number) ^ (low16 & 0xff);
    iv[14] = 0;
    iv[15] = 0;
    return iv;
  }

  /** XORs the keystream for (ssrc, roc, seq) over src into dst at dstOffset (RFC 3711 §4.1.1). */
  cryptRtp(ssrc: number, roc: number, seq: number, src: Uint8Array, dst: Uint8Array, dstOffset: number): void {
    this.#aes.xor(this.#setIv(ssrc, roc, seq), src, dst, dstOffset);
  }

  /** XORs the keystream for (ssrc, SRTCP index) over src into dst at dstOffset (§3.4, §4.1.1). */
  cryptRtcp(ssrc: number, index: number, src: Uint8Array, dst: Uint8Array, dstOffset: number): void {
    this.#aes.xor(this.#setIv(ssrc, index >>> 16, index & 0xffff), src, dst, dstOffset);
  }

  /** The full HMAC-SHA1 of `portion` (|| ROC when roc is not null), 20 bytes. */
  #mac(portion: Uint8Array, roc: number | null): Buffer {
    const hmac = createHmac('sha1', this.#authKey).update(portion);
    if (roc !== null) {
      this.#roc.writeUInt32BE(roc, 0);
      hmac.update(this.#roc);
    }
    return hmac.digest();
  }

  /** Writes the truncated tag of `portion` (|| ROC) into dst at offset (§4.2). */
  writeTag(portion: Uint8Array, roc: number | null, dst: Buffer, offset: number): void {
    this.#mac(portion, roc).copy(dst, offset, 0, this.tagLength);
  }

  /** Whether `tag` is the truncated tag of `portion` (|| ROC), compared in constant time. */
  verifyTag(portion: Uint8Array, roc: number | null, tag: Uint8Array): boolean {
    const expected = this.#mac(portion, roc).subarray(0, this.tagLength);
    return tag.length === expected.length && timingSafeEqual(tag, expected);
  }
}
