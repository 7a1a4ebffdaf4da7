/**
 * ITU-T G.711 µ-law (PCMU) and A-law (PCMA) companding.
 *
 * G.711 defines µ-law on 14-bit and A-law on 13-bit uniform PCM (§2, Tables 1a/2a). Our PCM is
 * 16-bit, so a sample is first rounded to the nearest 14-bit (µ-law) or 13-bit (A-law) value,
 * clamped to that range, as SoX does. Encoding is one look-up in a table indexed by the rounded
 * value, (x + 2) >> 2 (16385 entries, µ-law) or (x + 4) >> 3 (8193 entries, A-law): the extra
 * entry is the top value that rounding carries past the range, where the table does the
 * clamping. Decoding is one look-up in 256 entries.
 *
 *   µ-law code: [P | S S S | Q Q Q Q] with all bits inverted on the line (§2.3, Table 2a note)
 *   A-law code: [P | S S S | Q Q Q Q] with the even bits inverted (XOR 0x55, §2.2)
 *   P polarity (1 = positive), S segment 0-7, Q quantization step inside the segment.
 */

/** µ-law bias in 14-bit units (G.711 Table 2a: the segment end points are 2^(s+5) - 33). */
const ULAW_BIAS = 33;
/** Largest 14-bit magnitude µ-law represents (the decision value of the last step). */
const ULAW_CLIP = 8159;

function ulawFrom14(v: number): number {
  let mag = v < 0 ? -v : v;
  const mask = v < 0 ? 0x7f : 0xff;
  if (mag > ULAW_CLIP) mag = ULAW_CLIP;
  mag += ULAW_BIAS;
  // Segment s holds biased magnitudes [2^(s+5), 2^(s+6)); step size 2^(s+1).
  let seg = 0;
  while (seg < 8 && mag >= 1 << (seg + 6)) seg++;
  if (seg >= 8) return 0x7f ^ mask;
  const code = (seg << 4) | ((mag >> (seg + 1)) & 0x0f);
  return code ^ mask;
}

function alawFrom13(v: number): number {
  // Negative values use the one's complement magnitude, so -1 and 0 share the smallest step.
  const mask = v >= 0 ? 0xd5 : 0x55;
  const mag = v >= 0 ? v : -v - 1;
  let seg = 0;
  while (seg < 8 && mag >= 0x20 << seg) seg++;
  if (seg >= 8) return 0x7f ^ mask;
  const q = seg < 2 ? (mag >> 1) & 0x0f : (mag >> seg) & 0x0f;
  return ((seg << 4) | q) ^ mask;
}

function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const seg = (u >> 4) & 0x07;
  // Reconstruction at the middle of the step, in 16-bit units (14-bit value << 2).
  const mag = ((((u & 0x0f) << 3) + 0x84) << seg) - 0x84;
  return u & 0x80 ? -mag : mag;
}

function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  const seg = (a >> 4) & 0x07;
  let mag = (a & 0x0f) << 4;
  if (seg === 0) mag += 8;
  else if (seg === 1) mag += 0x108;
  else mag = (mag + 0x108) << (seg - 1);
  return a & 0x80 ? mag : -mag;
}

function buildTable<T extends Uint8Array | Int16Array>(out: T, f: (i: number) => number): T {
  for (let i = 0; i < out.length; i++) out[i] = f(i);
  return out;
}

/** x rounded to `bits` bits (half up) and clamped to that range. */
function reduce(x: number, bits: number): number {
  const shift = 16 - bits;
  const v = (x + (1 << (shift - 1))) >> shift;
  const max = (1 << (bits - 1)) - 1;
  return v > max ? max : v;
}

/** µ-law code by ((x + 2) >> 2) + 8192, i.e. of the input x = 4·(i - 8192). */
const ULAW_ENCODE = buildTable(new Uint8Array((1 << 14) + 1), (i) => ulawFrom14(reduce(4 * (i - 8192), 14)));
/** A-law code by ((x + 4) >> 3) + 4096, i.e. of the input x = 8·(i - 4096). */
const ALAW_ENCODE = buildTable(new Uint8Array((1 << 13) + 1), (i) => alawFrom13(reduce(8 * (i - 4096), 13)));
/** 16-bit linear value of each µ-law code. */
export const ULAW_DECODE: Readonly<Int16Array> = buildTable(new Int16Array(256), ulawToLinear);
/** 16-bit linear value of each A-law code. */
export const ALAW_DECODE: Readonly<Int16Array> = buildTable(new Int16Array(256), alawToLinear);

/** µ-law code of silence (linear 0). */
export const ULAW_SILENCE = 0xff;
/** A-law code of silence (linear +8, the smallest positive step). */
export const ALAW_SILENCE = 0xd5;

function clamp16(x: number): number {
  return x > 32767 ? 32767 : x < -32768 ? -32768 : x | 0;
}

/** µ-law code of one sample (clamped to 16 bits first). */
export function linearToUlaw(sample: number): number {
  return ULAW_ENCODE[((clamp16(sample) + 2) >> 2) + 8192] ?? ULAW_SILENCE;
}

/** A-law code of one sample (clamped to 16 bits first). */
export function linearToAlaw(sample: number): number {
  return ALAW_ENCODE[((clamp16(sample) + 4) >> 3) + 4096] ?? ALAW_SILENCE;
}

export function ulawToLinear16(code: number): number {
  return ULAW_DECODE[code & 0xff] ?? 0;
}

export function alawToLinear16(code: number): number {
  return ALAW_DECODE[code & 0xff] ?? 0;
}

/** Encodes `pcm` into `out` (allocation-free path for the media clock's loop). */
export function encodeUlawInto(pcm: Int16Array, out: Uint8Array, offset = 0): void {
  for (let i = 0; i < pcm.length; i++) out[offset + i] = ULAW_ENCODE[(((pcm[i] as number) + 2) >> 2) + 8192] as number;
}

export function encodeAlawInto(pcm: Int16Array, out: Uint8Array, offset = 0): void {
  for (let i = 0; i < pcm.length; i++) out[offset + i] = ALAW_ENCODE[(((pcm[i] as number) + 4) >> 3) + 4096] as number;
}

export function decodeUlawInto(payload: Uint8Array, out: Int16Array, offset = 0): void {
  for (let i = 0; i < payload.length; i++) out[offset + i] = ULAW_DECODE[payload[i] as number] as number;
}

export function decodeAlawInto(payload: Uint8Array, out: Int16Array, offset = 0): void {
  for (let i = 0; i < payload.length; i++) out[offset + i] = ALAW_DECODE[payload[i] as number] as number;
}
