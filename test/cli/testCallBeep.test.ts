import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BeepDetector, type BeepEvent } from '../../src/cli/testCall/beep.js';
import { createDecoder, createEncoder } from '../../src/media/codec/index.js';
import { dtmfTone, resample, toneFrames } from '../../src/media/dsp/index.js';
import { synthesize } from '../../src/media/prompts/index.js';
import { concat, inFrames, mix, silence, ulawVector, vectorPcm, whiteNoise } from '../media/dsp/signals.js';

/** OpenUM's record beep (src/calls/record.ts): 1000 Hz, 250 ms, -12 dBFS. */
const beep = (rate: number, ms = 250, dbfs = -12, hz = 1000): Int16Array => toneFrames([hz], ms, rate, dbfs);

/** Runs a signal through a detector in 20 ms frames; each beep with the frame index it came on. */
function detect(signal: Int16Array, rate: number, flush = true): { frame: number; beep: BeepEvent }[] {
  const detector = new BeepDetector({ sampleRate: rate });
  const found: { frame: number; beep: BeepEvent }[] = [];
  inFrames(signal, rate / 50, (f) => detector.process(f)).forEach((b, frame) => {
    if (b) found.push({ frame, beep: b });
  });
  const last = flush ? detector.flush() : null;
  if (last) found.push({ frame: Math.ceil(signal.length / (rate / 50)), beep: last });
  return found;
}

function throughCodec(signal: Int16Array, codec: 'PCMU' | 'PCMA' | 'G722'): Int16Array {
  const enc = createEncoder(codec);
  const dec = createDecoder(codec);
  const n = enc.sampleRate / 50;
  const out = new Int16Array(signal.length);
  for (let i = 0; i + n <= signal.length; i += n) out.set(dec.decode(enc.encode(signal.subarray(i, i + n))), i);
  return out;
}

/** 0.5 s and 2 s of espeak-ng speech (test/vectors/media/codec and dsp READMEs). */
const speech16k = vectorPcm('codec', 'speech-16k.s16');
const speech8k = ulawVector('speech-8k.ul');

describe('test-call beep detector (1000 Hz record tone, Goertzel)', () => {
  for (const rate of [8000, 16000]) {
    it(`hears OpenUM's 250 ms beep at ${rate} Hz, on the frame where it ends`, () => {
      const signal = concat(silence(1000, rate), beep(rate), silence(500, rate));
      const found = detect(signal, rate);
      assert.equal(found.length, 1);
      // 12 whole tone frames; the 13th holds the last 10 ms and the start of the silence.
      assert.equal(found[0]!.frame, 50 + 12, 'reported on the frame where the tone ends');
      assert.equal(found[0]!.beep.durationMs, 240);
      assert.ok(Math.abs(found[0]!.beep.levelDbfs - -15) <= 1.5, `level ${found[0]!.beep.levelDbfs} dBFS`);
    });
  }

  for (const codec of ['PCMU', 'PCMA', 'G722'] as const) {
    it(`hears the beep after a ${codec} encode and decode`, () => {
      const rate = codec === 'G722' ? 16000 : 8000;
      const signal = throughCodec(concat(silence(400, rate), beep(rate), silence(400, rate)), codec);
      assert.equal(detect(signal, rate).length, 1);
    });
  }

  it('hears a beep that does not start on a frame boundary', () => {
    const signal = concat(silence(1000, 8000), new Int16Array(70), beep(8000), silence(300, 8000));
    assert.equal(detect(signal, 8000).length, 1);
  });

  it('hears a beep over line noise 30 dB below it', () => {
    const clean = concat(silence(500, 8000), beep(8000), silence(500, 8000));
    const signal = mix(clean, whiteNoise(clean.length, 32768 * 10 ** (-45 / 20)));
    assert.equal(detect(signal, 8000).length, 1);
  });

  it('hears a beep that lasts to the end of the call when the stream is flushed', () => {
    const signal = concat(silence(200, 8000), beep(8000));
    assert.equal(detect(signal, 8000, false).length, 0);
    assert.equal(detect(signal, 8000, true).length, 1);
  });

  it('hears no beep in speech, at 16000 and 8000 Hz', () => {
    assert.deepEqual(detect(speech16k, 16000), []);
    assert.deepEqual(detect(resample(speech16k, 16000, 8000), 8000), []);
    assert.deepEqual(detect(speech8k, 8000), []);
  });

  it('hears exactly one beep after a synthesized greeting, as call answering plays them', async () => {
    const greeting = await synthesize('Alice Example is not available. Please leave a message after the tone. To hear more options, press star.');
    const speech = resample(greeting.samples, greeting.sampleRate, 8000);
    assert.ok(speech.length > 8000 * 4, 'the greeting lasts more than 4 s');
    assert.deepEqual(detect(speech, 8000), [], 'no beep in the greeting itself');
    const found = detect(concat(speech, silence(300, 8000), beep(8000), silence(300, 8000)), 8000);
    assert.equal(found.length, 1);
  });

  it("hears SoX's 600 ms 1000 Hz tone (peak 0.3) as a beep", () => {
    assert.equal(detect(concat(silence(200, 8000), ulawVector('tone1000-8k.ul'), silence(200, 8000)), 8000).length, 1);
  });

  it('hears no beep in silence, in noise, or in a DTMF key tone', () => {
    assert.deepEqual(detect(silence(3000, 8000), 8000), []);
    assert.deepEqual(detect(whiteNoise(24000, 3000), 8000), []);
    assert.deepEqual(detect(concat(dtmfTone('5', 250, 8000), silence(200, 8000)), 8000), []);
  });

  it('hears no beep in a tone of another frequency', () => {
    assert.deepEqual(detect(concat(beep(8000, 250, -12, 440), silence(200, 8000)), 8000), []);
    assert.deepEqual(detect(concat(beep(8000, 250, -12, 1400), silence(200, 8000)), 8000), []);
  });

  it('hears no beep in a 1000 Hz tone too short (60 ms) or too long (3 s) to be one', () => {
    assert.deepEqual(detect(concat(beep(8000, 60), silence(200, 8000)), 8000), []);
    assert.deepEqual(detect(concat(beep(8000, 3000), silence(200, 8000)), 8000), []);
  });

  it('hears no beep in a 1000 Hz tone quieter than -40 dBFS', () => {
    assert.deepEqual(detect(concat(beep(8000, 250, -50), silence(200, 8000)), 8000), []);
  });

  it('refuses a frequency it cannot hear at the rate', () => {
    assert.throws(() => new BeepDetector({ sampleRate: 8000, frequencyHz: 5000 }), RangeError);
  });
});
