import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { G722Decoder, G722Encoder, MediaCodecError, createEncoder, silencePayload } from '../../../src/media/codec/index.js';
import { snrDb, vectorBytes, vectorPcm } from './vectors.js';

const FRAME = 320;

function encodeAll(pcm: Int16Array): Buffer {
  const enc = new G722Encoder();
  const out = Buffer.alloc(pcm.length / 2);
  for (let i = 0; i < pcm.length; i += FRAME) enc.encodeInto(pcm.subarray(i, i + FRAME), out, i / 2);
  return out;
}

function decodeAll(bits: Uint8Array): Int16Array {
  const dec = new G722Decoder();
  const out = new Int16Array(bits.length * 2);
  for (let i = 0; i < bits.length; i += FRAME / 2) dec.decodeInto(bits.subarray(i, i + FRAME / 2), out, i * 2);
  return out;
}

function sine(hz: number, n: number, amp: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * i) / 16000)));
}

/** Speech-like noise: white noise through a resonance, with a syllable-rate envelope. */
function speechLike(n: number): Int16Array {
  let seed = 12345;
  let y1 = 0;
  let y2 = 0;
  return Int16Array.from({ length: n }, (_, i) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const w = seed / 0x7fffffff - 0.5;
    const y = w + 1.6 * y1 - 0.8 * y2; // a resonance near 1.6 kHz
    y2 = y1;
    y1 = y;
    const env = 0.55 + 0.45 * Math.sin((2 * Math.PI * 4 * i) / 16000);
    return Math.round(2500 * y * env);
  });
}

/** The delay (samples) maximising the cross-correlation of `out` against `ref`. */
function bestDelay(ref: Int16Array, out: Int16Array, maxLag: number): number {
  let best = 0;
  let bestC = -Infinity;
  for (let lag = 0; lag <= maxLag; lag++) {
    let c = 0;
    for (let i = 2000; i < ref.length - maxLag; i++) c += (ref[i] as number) * (out[i + lag] as number);
    if (c > bestC) [bestC, best] = [c, lag];
  }
  return best;
}

/** Codec delay found on broadband input (a sine's correlation repeats every period). */
function codecDelay(): number {
  const x = speechLike(16000);
  return bestDelay(x, decodeAll(encodeAll(x)), 64);
}

function roundTripSnr(x: Int16Array): { delay: number; snr: number } {
  const y = decodeAll(encodeAll(x));
  const delay = codecDelay();
  const shifted = y.subarray(delay);
  return { delay, snr: snrDb(x.subarray(0, shifted.length), shifted, 2000, shifted.length) };
}

describe('ITU-T G.722 64 kbit/s (mode 1)', () => {
  it('turns 320 samples (20 ms at 16 kHz) into 160 octets (RFC 3551 §4.5.2)', () => {
    assert.equal(createEncoder('G722').encode(new Int16Array(320)).length, 160);
    assert.equal(new G722Decoder().decode(new Uint8Array(160)).length, 320);
  });

  it('encodes ffmpeg\'s input to exactly ffmpeg\'s bitstream (ITU reference algorithm, bit-exact)', () => {
    assert.deepEqual(encodeAll(vectorPcm('codec', 'speech-16k.s16')), vectorBytes('codec', 'speech-16k.ffmpeg.g722'));
  });

  it('decodes ffmpeg\'s bitstream to exactly ffmpeg\'s PCM (Blocks 5-6 and receive QMF, bit-exact)', () => {
    assert.deepEqual(decodeAll(vectorBytes('codec', 'speech-16k.ffmpeg.g722')), vectorPcm('codec', 'speech-16k.ffmpeg-decoded.s16'));
  });

  it('round-trips a 1 kHz sine with SNR > 20 dB after the 22-sample QMF delay (§3.1, §4.4: 2 × 11 pairs)', () => {
    const r = roundTripSnr(sine(1000, 16000, 10000));
    assert.equal(r.delay, 22);
    assert.ok(r.snr > 20, `SNR ${r.snr.toFixed(1)} dB`);
  });

  it('round-trips a 3 kHz sine with SNR > 20 dB', () => {
    const r = roundTripSnr(sine(3000, 16000, 10000));
    assert.equal(r.delay, 22);
    assert.ok(r.snr > 20, `SNR ${r.snr.toFixed(1)} dB`);
  });

  it('round-trips speech-like noise with SNR > 20 dB', () => {
    const r = roundTripSnr(speechLike(16000));
    assert.equal(r.delay, 22);
    assert.ok(r.snr > 20, `SNR ${r.snr.toFixed(1)} dB`);
  });

  it('keeps state across frames: frame-by-frame equals one call over the whole signal', () => {
    const x = speechLike(3200);
    assert.deepEqual(encodeAll(x), new G722Encoder().encode(x));
  });

  it('absorb() keeps the encoder in step with a decoder fed a stock frame: audio after the pause decodes as well as without one', () => {
    const stock = silencePayload('G722', 16000);
    const x = speechLike(3200);
    const delay = codecDelay();
    /** SNR over 20-200 ms of `x` sent after 0.5 s of speech and 10 stock frames. */
    const afterPause = (absorb: boolean): number => {
      const enc = new G722Encoder();
      const dec = new G722Decoder();
      dec.decode(enc.encode(speechLike(8000)));
      for (let i = 0; i < 10; i++) {
        dec.decode(stock);
        if (absorb) enc.absorb(stock);
      }
      const y = dec.decode(enc.encode(x));
      return snrDb(x.subarray(0, x.length - delay), y.subarray(delay), 320, 3200 - delay);
    };
    const inStep = afterPause(true);
    const astray = afterPause(false);
    assert.ok(inStep > 25, `with absorb: SNR ${inStep.toFixed(1)} dB`);
    assert.ok(astray < 15, `without absorb the decoder is astray (SNR ${astray.toFixed(1)} dB): the test can tell`);
  });

  it('absorb() reports when the repeated stock frame stops changing the state (then further calls change nothing)', () => {
    const stock = silencePayload('G722', 16000);
    const enc = new G722Encoder();
    enc.encode(speechLike(8000));
    const settledAt = Array.from({ length: 40 }, () => enc.absorb(stock)).indexOf(true);
    assert.ok(settledAt > 0 && settledAt < 20, `settled after ${settledAt + 1} frames`);
    assert.equal(enc.absorb(stock), true);
  });

  it('rejects an odd number of samples with MEDIA_CODEC_BAD_FRAME (the QMF takes pairs)', () => {
    assert.throws(() => new G722Encoder().encode(new Int16Array(3)), (e: unknown) => e instanceof MediaCodecError && e.code === 'MEDIA_CODEC_BAD_FRAME');
  });
});
