/**
 * G.711 expansion (ITU-T G.711 §A and §B tables, written as the segment formulas) for WAV files
 * stored as µ-law (format 7) or A-law (format 6). Two 256-entry tables built once.
 */

function expandMulaw(code: number): number {
  // µ-law bytes are stored inverted; the 4 low bits are the step, bits 4-6 the segment.
  const u = ~code & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4)) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

function expandAlaw(code: number): number {
  // A-law bytes have even bits inverted (XOR 0x55); segment 0 is linear, others double each step.
  const a = code ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let magnitude = ((a & 0x0f) << 4) + 8;
  if (segment > 0) magnitude = (magnitude + 0x100) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

function table(expand: (code: number) => number): Int16Array {
  const t = new Int16Array(256);
  for (let i = 0; i < 256; i++) t[i] = expand(i);
  return t;
}

export const MULAW_TO_LINEAR: Int16Array = table(expandMulaw);
export const ALAW_TO_LINEAR: Int16Array = table(expandAlaw);
