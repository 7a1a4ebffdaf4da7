import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALAW_DECODE, ULAW_DECODE, createDecoder, createEncoder, decodeAlawInto, decodeUlawInto, encodeAlawInto,
  encodeUlawInto, linearToAlaw, linearToUlaw,
} from '../../../src/media/codec/index.js';
import { vectorBytes, vectorPcm } from './vectors.js';

/** The ramp the vectors were made from: -32768, -32763, …, 32767 (step 5: every residue mod 8). */
const RAMP_LENGTH = 13108;
function ramp(): Int16Array {
  const x = new Int16Array(RAMP_LENGTH);
  for (let i = 0; i < x.length; i++) x[i] = -32768 + 5 * i;
  return x;
}

describe('ITU-T G.711 µ-law (PCMU)', () => {
  it('decodes the code points of Table 2a: 0xFF ↔ 0, 0x7F ↔ 0, 0x00 ↔ -32124, 0x80 ↔ 32124', () => {
    assert.equal(ULAW_DECODE[0xff], 0);
    assert.equal(ULAW_DECODE[0x7f], 0);
    assert.equal(ULAW_DECODE[0x00], -32124);
    assert.equal(ULAW_DECODE[0x80], 32124);
    assert.equal(linearToUlaw(0), 0xff);
    assert.equal(linearToUlaw(-32124), 0x00);
    assert.equal(linearToUlaw(32767), 0x80);
    assert.equal(linearToUlaw(-32768), 0x00);
  });

  it('decodes each code to a value that encodes back to the same code, except 0x7F (negative zero → 0xFF)', () => {
    for (let c = 0; c < 256; c++) assert.equal(linearToUlaw(ULAW_DECODE[c] as number), c === 0x7f ? 0xff : c, `code 0x${c.toString(16)}`);
  });

  it('encodes a full-range ramp byte-for-byte as SoX does, rounding 16 → 14 bits (ramp.ul)', () => {
    const out = new Uint8Array(RAMP_LENGTH);
    encodeUlawInto(ramp(), out);
    assert.deepEqual(Buffer.from(out), vectorBytes('codec', 'ramp.ul'));
  });

  it('decodes all 256 codes to the same 16-bit values as SoX (ulaw-codes.s16)', () => {
    const out = new Int16Array(256);
    decodeUlawInto(Uint8Array.from({ length: 256 }, (_, i) => i), out);
    assert.deepEqual(out, vectorPcm('codec', 'ulaw-codes.s16'));
  });

  it('encodes a SoX sine as SoX does and re-encodes its own decode unchanged (§2: decode ∘ encode is idempotent)', () => {
    const enc = createEncoder('PCMU');
    const payload = enc.encode(vectorPcm('codec', 'sine440.s16'));
    assert.deepEqual(payload, vectorBytes('codec', 'sine440.ul'));
    const pcm = createDecoder('PCMU').decode(payload);
    assert.deepEqual(enc.encode(pcm), payload);
  });
});

describe('ITU-T G.711 A-law (PCMA)', () => {
  it('decodes the code points of Table 1a: 0xD5 ↔ 8, 0x55 ↔ -8, 0xAA ↔ 32256, 0x2A ↔ -32256', () => {
    assert.equal(ALAW_DECODE[0xd5], 8);
    assert.equal(ALAW_DECODE[0x55], -8);
    assert.equal(ALAW_DECODE[0xaa], 32256);
    assert.equal(ALAW_DECODE[0x2a], -32256);
    assert.equal(linearToAlaw(0), 0xd5);
    assert.equal(linearToAlaw(-8), 0x55);
    assert.equal(linearToAlaw(32767), 0xaa);
  });

  it('encodes a full-range ramp byte-for-byte as SoX does, rounding 16 → 13 bits (ramp.al)', () => {
    const out = new Uint8Array(RAMP_LENGTH);
    encodeAlawInto(ramp(), out);
    assert.deepEqual(Buffer.from(out), vectorBytes('codec', 'ramp.al'));
  });

  it('decodes all 256 codes to the same 16-bit values as SoX (alaw-codes.s16)', () => {
    const out = new Int16Array(256);
    decodeAlawInto(Uint8Array.from({ length: 256 }, (_, i) => i), out);
    assert.deepEqual(out, vectorPcm('codec', 'alaw-codes.s16'));
  });

  it('encodes a SoX sine as SoX does and re-encodes its own decode unchanged', () => {
    const enc = createEncoder('PCMA');
    const payload = enc.encode(vectorPcm('codec', 'sine440.s16'));
    assert.deepEqual(payload, vectorBytes('codec', 'sine440.al'));
    assert.deepEqual(enc.encode(createDecoder('PCMA').decode(payload)), payload);
  });

  it('decodes each code to a value that encodes back to the same code (§2: reconstruction levels lie inside their steps)', () => {
    for (let c = 0; c < 256; c++) assert.equal(linearToAlaw(ALAW_DECODE[c] as number), c, `code 0x${c.toString(16)}`);
  });
});
