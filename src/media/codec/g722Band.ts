/**
 * One G.722 sub-band's adaptive state: the quantizer scale factor (LOGSCL/SCALEL, LOGSCH/SCALEH)
 * and the pole-zero predictor of Block 4 (RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP,
 * FILTEZ, PREDIC). Encoder and decoder run the same updates on the same codes, so their states
 * stay equal. Block 4 is written once here for both bands, as the Recommendation does.
 */
import { ILB } from './g722Tables.js';

function sat16(x: number): number {
  return x > 32767 ? 32767 : x < -32768 ? -32768 : x;
}

/** Sign as G.722 takes it: the sign bit of a 16-bit value (0 counts as positive). */
function sgn(x: number): number {
  return x >> 15;
}

export class G722Band {
  /** Signal estimate S (SL or SH), valid for the next sample. */
  s = 0;
  /** Quantizer scale factor DET (DETL or DETH). */
  det: number;
  /** Log scale factor NB (NBL or NBH). */
  nb = 0;
  /** Zero-section output SZ (SZL or SZH) of the last prediction. */
  private sz = 0;
  /** Pole coefficients A1, A2 (index 1, 2). */
  private readonly a = new Int32Array(3);
  /** Zero coefficients B1..B6. */
  private readonly b = new Int32Array(7);
  /** Quantized differences D(k)..D(k-6). */
  private readonly d = new Int32Array(7);
  /** Partially reconstructed signals P(k)..P(k-2). */
  private readonly p = new Int32Array(3);
  /** Reconstructed signals R(k)..R(k-2). */
  private readonly r = new Int32Array(3);

  constructor(
    detReset: number,
    private readonly wTable: readonly number[],
    private readonly nbMax: number,
    private readonly scaleOffset: number,
  ) {
    this.det = detReset;
  }

  /** Integers `save` writes: S, DET, NB, SZ and the predictor's arrays. */
  static readonly STATE_SIZE = 4 + 3 + 7 + 7 + 3 + 3;

  /** Writes the adaptive state into `out` from `offset` (STATE_SIZE integers). */
  save(out: Int32Array, offset: number): void {
    out[offset] = this.s;
    out[offset + 1] = this.det;
    out[offset + 2] = this.nb;
    out[offset + 3] = this.sz;
    let at = offset + 4;
    for (const arr of [this.a, this.b, this.d, this.p, this.r]) {
      out.set(arr, at);
      at += arr.length;
    }
  }

  /** Whether the adaptive state is still what `save` wrote at `offset`. */
  matches(saved: Int32Array, offset: number): boolean {
    if (saved[offset] !== this.s || saved[offset + 1] !== this.det || saved[offset + 2] !== this.nb || saved[offset + 3] !== this.sz) return false;
    let at = offset + 4;
    for (const arr of [this.a, this.b, this.d, this.p, this.r]) {
      for (let i = 0; i < arr.length; i++) if (saved[at + i] !== arr[i]) return false;
      at += arr.length;
    }
    return true;
  }

  /** LOGSCL / LOGSCH then SCALEL / SCALEH: adapts DET from the magnitude index of the code. */
  adaptScale(magnitudeIndex: number): void {
    let nb = ((this.nb * 127) >> 7) + (this.wTable[magnitudeIndex] as number);
    if (nb < 0) nb = 0;
    else if (nb > this.nbMax) nb = this.nbMax;
    this.nb = nb;
    const mantissa = ILB[(nb >> 6) & 31] as number;
    const shift = this.scaleOffset - (nb >> 11);
    this.det = (shift < 0 ? mantissa << -shift : mantissa >> shift) << 2;
  }

  /** Block 4 with the quantized difference `dq` (DLT or DH); updates S for the next sample. */
  predict(dq: number): void {
    const { a, b, d, p, r } = this;
    // RECONS, PARREC
    d[0] = dq;
    r[0] = sat16(this.s + dq);
    p[0] = sat16(this.sz + dq);

    // UPPOL2: APL2 = 127/128·A2 + sign corrections, limited to ±12288.
    const sg0 = sgn(p[0]);
    const sg1 = sgn(p[1] as number);
    const sg2 = sgn(p[2] as number);
    const wd1 = sat16((a[1] as number) * 4);
    let wd2 = sg0 === sg1 ? -wd1 : wd1;
    if (wd2 > 32767) wd2 = 32767;
    let ap2 = (wd2 >> 7) + (sg0 === sg2 ? 128 : -128) + (((a[2] as number) * 32512) >> 15);
    if (ap2 > 12288) ap2 = 12288;
    else if (ap2 < -12288) ap2 = -12288;

    // UPPOL1: APL1 = 255/256·A1 ± 192, limited to ±(15360 - APL2).
    let ap1 = sat16((sg0 === sg1 ? 192 : -192) + (((a[1] as number) * 32640) >> 15));
    const lim = sat16(15360 - ap2);
    if (ap1 > lim) ap1 = lim;
    else if (ap1 < -lim) ap1 = -lim;

    // UPZERO: BPi = 255/256·Bi ± 128 (0 when the difference is 0), then DELAYA.
    const step = dq === 0 ? 0 : 128;
    const sgd = sgn(dq);
    for (let i = 6; i > 0; i--) {
      const same = sgn(d[i] as number) === sgd;
      b[i] = sat16((same ? step : -step) + (((b[i] as number) * 32640) >> 15));
    }
    for (let i = 6; i > 0; i--) d[i] = d[i - 1] as number;
    r[2] = r[1] as number;
    r[1] = r[0];
    p[2] = p[1] as number;
    p[1] = p[0];
    a[1] = ap1;
    a[2] = ap2;

    // FILTEP: SP = A1·2R1 + A2·2R2
    const sp = sat16(
      ((ap1 * sat16((r[1] as number) * 2)) >> 15) + ((ap2 * sat16((r[2] as number) * 2)) >> 15),
    );
    // FILTEZ: SZ = Σ Bi·2Di
    let sz = 0;
    for (let i = 6; i > 0; i--) sz += ((b[i] as number) * sat16((d[i] as number) * 2)) >> 15;
    this.sz = sat16(sz);
    // PREDIC
    this.s = sat16(sp + this.sz);
  }
}
