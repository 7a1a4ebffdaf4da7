/**
 * ITU-T G.722 at 64 kbit/s (mode 1): 16 kHz PCM split by a 24-tap QMF into a lower band coded
 * with 6-bit ADPCM and a higher band coded with 2-bit ADPCM, one octet per two input samples:
 *
 *     bit  7   6   5   4   3   2   1   0
 *        | IH (2) |        IL (6)        |      (RFC 3551 §4.5.2: one octet per 8 kHz tick)
 *
 * Encoder: transmit QMF (§3.1) → SUBTRA/QUANTL (Block 1L) and QUANTH (Block 1H) → INVQAL/INVQAH
 * (Block 2) → LOGSCL/SCALEL, LOGSCH/SCALEH (Block 3) → predictor (Block 4, in g722Band.ts).
 * Decoder: INVQBL with the 6-bit table (Block 5L, mode 1), LIMIT (Block 6) → receive QMF (§4.4).
 * One instance per direction: the ADPCM and QMF state carry over between frames.
 */
import type { AudioDecoder, AudioEncoder } from '../types.js';
import { MediaCodecError } from './errors.js';
import { G722Band } from './g722Band.js';
import {
  DETH_RESET, DETL_RESET, IHN, IHP, ILN, ILP, NBH_MAX, NBL_MAX, Q2, Q6, QMF_COEFFS, QQ2, QQ4, QQ6,
  QUANTL_INTERVALS, RIH2, RIL4, SCALEH_OFFSET, SCALEL_OFFSET, WH, WL,
} from './g722Tables.js';

/** Even-indexed QMF coefficients h0, h2, …, h22 and odd ones h1, h3, …, h23, as Int32Arrays. */
const H_EVEN = Int32Array.from(QMF_COEFFS.filter((_, i) => i % 2 === 0));
const H_ODD = Int32Array.from(QMF_COEFFS.filter((_, i) => i % 2 === 1));
/** Pairs of samples the QMF delay lines hold (24 taps = 12 pairs). */
const QMF_PAIRS = 12;

function sat16(x: number): number {
  return x > 32767 ? 32767 : x < -32768 ? -32768 : x;
}

/** Block 6: the decoder's reconstructed band signals are limited to 15 bits. */
function limit15(x: number): number {
  return x > 16383 ? 16383 : x < -16384 ? -16384 : x;
}

function lowerBand(): G722Band {
  return new G722Band(DETL_RESET, WL, NBL_MAX, SCALEL_OFFSET);
}

function higherBand(): G722Band {
  return new G722Band(DETH_RESET, WH, NBH_MAX, SCALEH_OFFSET);
}

/**
 * A delay line of the last 12 sample pairs; `push` applies the even coefficients to one half of
 * each pair and the odd ones to the other, newest pair first (xA and xB of §3.1). Each sample is
 * stored twice, 12 apart, so the 12 newest always sit contiguous from `pos` (no wrap test).
 */
class QmfLine {
  private readonly first = new Int32Array(2 * QMF_PAIRS);
  private readonly second = new Int32Array(2 * QMF_PAIRS);
  private pos = QMF_PAIRS;
  sumEven = 0;
  sumOdd = 0;

  /** Pushes a pair, then sums h(2i)·second(j-i) and h(2i+1)·first(j-i). */
  push(first: number, second: number): void {
    const pos = this.pos === 0 ? QMF_PAIRS - 1 : this.pos - 1;
    this.pos = pos;
    const f = this.first;
    const g = this.second;
    f[pos] = first;
    f[pos + QMF_PAIRS] = first;
    g[pos] = second;
    g[pos + QMF_PAIRS] = second;
    let even = 0;
    let odd = 0;
    for (let i = 0; i < QMF_PAIRS; i++) {
      even += (H_EVEN[i] as number) * (g[pos + i] as number);
      odd += (H_ODD[i] as number) * (f[pos + i] as number);
    }
    this.sumEven = even;
    this.sumOdd = odd;
  }

  /** Forgets the history: the line then holds digital silence. */
  reset(): void {
    this.first.fill(0);
    this.second.fill(0);
    this.pos = QMF_PAIRS;
    this.sumEven = 0;
    this.sumOdd = 0;
  }
}

export class G722Encoder implements AudioEncoder {
  readonly name = 'G722' as const;
  readonly sampleRate = 16000 as const;
  private readonly low = lowerBand();
  private readonly high = higherBand();
  private readonly qmf = new QmfLine();
  /** Both bands' state before the last absorb, to tell when a repeated frame stops changing it. */
  private readonly saved = new Int32Array(2 * G722Band.STATE_SIZE);

  encode(pcm: Int16Array): Buffer {
    const out = Buffer.allocUnsafe(pcm.length >> 1);
    this.encodeInto(pcm, out, 0);
    return out;
  }

  /** Encodes `pcm` (an even number of samples) into `out` at `offset`: pcm.length / 2 octets. */
  encodeInto(pcm: Int16Array, out: Uint8Array, offset: number): void {
    if (pcm.length % 2 !== 0) {
      throw new MediaCodecError('MEDIA_CODEC_BAD_FRAME', `G.722 encodes sample pairs; got ${pcm.length} samples`);
    }
    for (let j = 0; j < pcm.length; j += 2) {
      // §3.1 transmit QMF: xA over the newest sample with h0, xB over the older with h1.
      this.qmf.push(pcm[j] as number, pcm[j + 1] as number);
      const xl = (this.qmf.sumEven + this.qmf.sumOdd) >> 14;
      const xh = (this.qmf.sumEven - this.qmf.sumOdd) >> 14;
      out[offset + (j >> 1)] = (this.encodeHigh(xh) << 6) | this.encodeLow(xl);
    }
  }

  /**
   * Keeps this encoder in step with the peer's decoder after the stream sent `payload` (a stock
   * frame: silencePayload) in place of a frame of its own. ADPCM adapts on the codes sent, so an
   * encoder that did not see them predicts from another state than the decoder and the next
   * 100-200 ms of audio come out distorted. Runs Blocks 2-4 of both bands over the codes, as the
   * decoder does (§4: the same updates on the same codes give the same state), and restarts the
   * transmit QMF from digital silence. Returns true when the state came out as it went in: the
   * same payload then changes nothing more, and calls with it may stop until the next encode.
   */
  absorb(payload: Uint8Array): boolean {
    this.low.save(this.saved, 0);
    this.high.save(this.saved, G722Band.STATE_SIZE);
    for (let j = 0; j < payload.length; j++) {
      const octet = payload[j] as number;
      this.adaptLow(octet & 0x3f);
      this.adaptHigh(octet >> 6);
    }
    this.qmf.reset();
    return this.low.matches(this.saved, 0) && this.high.matches(this.saved, G722Band.STATE_SIZE);
  }

  private encodeLow(xl: number): number {
    const band = this.low;
    // Block 1L SUBTRA, QUANTL: find the interval mil with Q6(mil-1) ≤ |EL| < Q6(mil) (scaled).
    const el = sat16(xl - band.s);
    const wd = el >= 0 ? el : ~el; // -(el + 1), without a -0
    // Q6 rises with mil, so a binary search finds the first level above |EL| in 5 steps.
    let lo = 1;
    let hi = QUANTL_INTERVALS;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (wd >= (((Q6[mid] as number) * band.det) >> 12)) lo = mid + 1;
      else hi = mid;
    }
    const mil = lo;
    const il = (el < 0 ? ILN[mil] : ILP[mil]) as number;
    this.adaptLow(il);
    return il;
  }

  /** Block 2L INVQAL (the 4-bit embedded code of `il`), Block 3L, Block 4L. */
  private adaptLow(il: number): void {
    const band = this.low;
    const il4 = il >> 2;
    const dlt = (band.det * (QQ4[il4] as number)) >> 15;
    band.adaptScale(RIL4[il4] as number);
    band.predict(dlt);
  }

  private encodeHigh(xh: number): number {
    const band = this.high;
    // Block 1H SUBTRA, QUANTH.
    const eh = sat16(xh - band.s);
    const wd = eh >= 0 ? eh : ~eh;
    const mih = wd >= ((Q2 * band.det) >> 12) ? 2 : 1;
    const ih = (eh < 0 ? IHN[mih] : IHP[mih]) as number;
    this.adaptHigh(ih);
    return ih;
  }

  /** Block 2H INVQAH, Block 3H, Block 4H. */
  private adaptHigh(ih: number): void {
    const band = this.high;
    const dh = (band.det * (QQ2[ih] as number)) >> 15;
    band.adaptScale(RIH2[ih] as number);
    band.predict(dh);
  }
}

export class G722Decoder implements AudioDecoder {
  readonly name = 'G722' as const;
  readonly sampleRate = 16000 as const;
  private readonly low = lowerBand();
  private readonly high = higherBand();
  private readonly qmf = new QmfLine();

  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(payload.length * 2);
    this.decodeInto(payload, out, 0);
    return out;
  }

  /** Decodes `payload` into `out` at `offset`: two samples per octet. */
  decodeInto(payload: Uint8Array, out: Int16Array, offset: number): void {
    for (let j = 0; j < payload.length; j++) {
      const octet = payload[j] as number;
      const rl = this.decodeLow(octet & 0x3f);
      const rh = this.decodeHigh(octet >> 6);
      // §4.4 receive QMF: xd = rL - rH feeds the even taps, xs = rL + rH the odd taps.
      this.qmf.push(rl + rh, rl - rh);
      const k = offset + 2 * j;
      out[k] = sat16(this.qmf.sumEven >> 11);
      out[k + 1] = sat16(this.qmf.sumOdd >> 11);
    }
  }

  private decodeLow(il: number): number {
    const band = this.low;
    // Block 5L INVQBL: the 6-bit code gives the output, its 4-bit part drives the predictor.
    const dl = (band.det * (QQ6[il] as number)) >> 15;
    const rl = limit15(band.s + dl);
    const il4 = il >> 2;
    const dlt = (band.det * (QQ4[il4] as number)) >> 15;
    band.adaptScale(RIL4[il4] as number);
    band.predict(dlt);
    return rl;
  }

  private decodeHigh(ih: number): number {
    const band = this.high;
    const dh = (band.det * (QQ2[ih] as number)) >> 15;
    const rh = limit15(band.s + dh);
    band.adaptScale(RIH2[ih] as number);
    band.predict(dh);
    return rh;
  }
}
