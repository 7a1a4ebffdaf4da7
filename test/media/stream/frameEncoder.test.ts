/**
 * FrameEncoder (src/media/stream/frameEncoder.ts): what a stream sends for audio and for the
 * ticks with nothing to play. Everything it emits is decoded by one decoder, as the peer would.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDecoder, silencePayload } from '../../../src/media/codec/index.js';
import { dbfs } from '../../../src/media/dsp/index.js';
import { FrameEncoder } from '../../../src/media/stream/frameEncoder.js';
import { snrDb, vectorPcm } from '../codec/vectors.js';

const FRAME = 320;
/** G.722's codec delay (the two QMFs, 2 × 11 sample pairs). */
const DELAY = 22;

/** Frame k of a signal, zero-padded. */
const frameOf = (x: Int16Array, k: number): Int16Array => {
  const f = new Int16Array(FRAME);
  f.set(x.subarray(k * FRAME, (k + 1) * FRAME));
  return f;
};

/** A steady 1 kHz tone at -6 dBFS: the hardest case for the decoder's way down into a pause. */
const tone = Int16Array.from({ length: 16000 }, (_, i) => Math.round(16384 * Math.sin((2 * Math.PI * 1000 * i) / 16000)));
/** Real speech (espeak-ng, 0.5 s). */
const speech = vectorPcm('codec', 'speech-16k.s16');

/** Sends `before` (whole frames), `pause` silent frames, then `after`; returns the peer's decoded frames. */
function call(before: Int16Array, pause: number, after: Int16Array): { pauseFrames: Int16Array[]; resumed: Int16Array } {
  const enc = new FrameEncoder('G722');
  const dec = createDecoder('G722');
  for (let k = 0; k < before.length / FRAME; k++) dec.decode(enc.audio(frameOf(before, k)));
  const pauseFrames = Array.from({ length: pause }, () => dec.decode(enc.silence()));
  const resumed = new Int16Array(after.length);
  for (let k = 0; k < after.length / FRAME; k++) resumed.set(dec.decode(enc.audio(frameOf(after, k))), k * FRAME);
  return { pauseFrames, resumed };
}

describe('FrameEncoder: G.722 silence between prompts', () => {
  it('goes quiet (below -70 dBFS) from the third frame of a pause, after speech or a loud steady tone', () => {
    for (const before of [tone, speech]) {
      // The first frame or two carry the decoder's tail of the last audio frame.
      const { pauseFrames } = call(before.subarray(0, 8000), 60, new Int16Array(0));
      pauseFrames.slice(2).forEach((pcm, i) => assert.ok(dbfs(pcm) < -70, `pause frame ${i + 2}: ${dbfs(pcm).toFixed(1)} dBFS`));
    }
  });

  for (const pause of [2, 10, 100]) {
    it(`keeps the peer's decoder in step: speech after a ${pause}-frame pause decodes as cleanly as at the start of a call`, () => {
      const x = speech;
      const fresh = call(new Int16Array(0), 0, x).resumed;
      const { resumed } = call(tone.subarray(0, 8000), pause, x);
      // 20-300 ms of the speech: the ADPCM predictors need the first frame to adapt to it.
      const from = FRAME;
      const to = 15 * FRAME;
      const reference = snrDb(x, fresh.subarray(DELAY), from, to);
      const got = snrDb(x, resumed.subarray(DELAY), from, to);
      assert.ok(got > reference - 3, `SNR ${got.toFixed(1)} dB after the pause, ${reference.toFixed(1)} dB fresh`);
    });
  }

  it('sends the shared stock silence frame, nothing encoded', () => {
    const enc = new FrameEncoder('G722');
    enc.audio(frameOf(speech, 3));
    const stock = silencePayload('G722', 16000);
    assert.ok(Array.from({ length: 40 }, () => enc.silence()).every((p) => p === stock));
  });
});

describe('FrameEncoder: G.711', () => {
  it('sends the stock silence payload (µ-law FF, A-law D5) from the first silent frame', () => {
    for (const codec of ['PCMU', 'PCMA'] as const) {
      const enc = new FrameEncoder(codec);
      enc.audio(new Int16Array(160).fill(1000));
      assert.equal(enc.silence(), silencePayload(codec, 8000));
    }
  });
});
