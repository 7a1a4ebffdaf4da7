import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DtmfDetector, MediaDspError, dtmfFrequencies, dtmfTone, resample, toneFrames } from '../../../src/media/dsp/index.js';
import type { DtmfDigit, SampleRate } from '../../../src/media/types.js';
import { concat, inFrames, mix, silence, ulawVector, vectorPcm, whiteNoise } from './signals.js';

function detect(signal: Int16Array, rate: SampleRate, frame = (rate * 20) / 1000): string {
  const det = new DtmfDetector(rate);
  return inFrames(signal, frame, (f) => det.process(f)).flat().join('');
}

const ALL: DtmfDigit[] = ['1', '2', '3', 'A', '4', '5', '6', 'B', '7', '8', '9', 'C', '*', '0', '#', 'D'];

describe('ITU-T Q.24 in-band DTMF detector', () => {
  it('detects all 16 digits of SoX tones, 50 ms on / 50 ms off, at 8 kHz', () => {
    assert.equal(detect(vectorPcm('dsp', 'dtmf-all-8k.s16'), 8000), '123A456B789C*0#D');
  });

  it('detects SoX tones at 16 kHz (window and hop scaled)', () => {
    assert.equal(detect(vectorPcm('dsp', 'dtmf-159hD-16k.s16'), 16000), '159#D');
  });

  it('detects the same digits whatever the frame size (10 ms, 20 ms, 30 ms, odd sizes)', () => {
    const x = vectorPcm('dsp', 'dtmf-all-8k.s16');
    for (const frame of [80, 160, 240, 97]) assert.equal(detect(x, 8000, frame), '123A456B789C*0#D', `frame ${frame}`);
  });

  it('detects digits with white noise 20 dB below the tones (SoX whitenoise)', () => {
    assert.equal(detect(vectorPcm('dsp', 'dtmf-2580-noise20db-8k.s16'), 8000), '2580');
  });

  it('accepts 6 dB normal twist and 3 dB reverse twist (Q.24 §3: limits 8 dB and 4 dB)', () => {
    assert.equal(detect(vectorPcm('dsp', 'twist-normal-6db-8k.s16'), 8000), '5');
    assert.equal(detect(vectorPcm('dsp', 'twist-reverse-3db-8k.s16'), 8000), '5');
  });

  it('rejects 10 dB normal twist and 6 dB reverse twist (beyond the limits)', () => {
    assert.equal(detect(vectorPcm('dsp', 'twist-normal-10db-8k.s16'), 8000), '');
    assert.equal(detect(vectorPcm('dsp', 'twist-reverse-6db-8k.s16'), 8000), '');
  });

  it('accepts a 40 ms tone and rejects a 20 ms tone (Q.24 minimum duration)', () => {
    assert.equal(detect(vectorPcm('dsp', 'dtmf-9-40ms-8k.s16'), 8000), '9');
    assert.equal(detect(vectorPcm('dsp', 'dtmf-9-20ms-8k.s16'), 8000), '');
  });

  it('accepts 40 ms tones and rejects 20 ms tones at every alignment to the analysis window', () => {
    for (let offset = 0; offset < 102; offset += 7) {
      const lead = offset;
      const ok = concat(new Int16Array(lead), dtmfTone('7', 40, 8000), silence(60, 8000));
      const short = concat(new Int16Array(lead), dtmfTone('7', 20, 8000), silence(60, 8000));
      assert.equal(detect(ok, 8000), '7', `40 ms at offset ${offset}`);
      assert.equal(detect(short, 8000), '', `20 ms at offset ${offset}`);
    }
  });

  it('accepts all digits with both tones 1.5 % off and rejects them 3.5 % off (Q.24 frequency tolerance)', () => {
    for (const digit of ALL) {
      const [row, col] = dtmfFrequencies(digit);
      for (const dev of [-0.015, 0.015]) {
        const x = concat(toneFrames([row * (1 + dev), col * (1 + dev)], 60, 8000, -10), silence(60, 8000));
        assert.equal(detect(x, 8000), digit, `${digit} at ${dev * 100} %`);
      }
      for (const dev of [-0.035, 0.035]) {
        const x = concat(toneFrames([row * (1 + dev), col * (1 + dev)], 60, 8000, -10), silence(60, 8000));
        assert.equal(detect(x, 8000), '', `${digit} at ${dev * 100} %`);
      }
    }
  });

  it('reports one long press (2 s) once, even with a 10 ms drop-out in it', () => {
    const press = concat(dtmfTone('0', 1000, 8000), silence(10, 8000), dtmfTone('0', 1000, 8000));
    assert.equal(detect(press, 8000), '0');
  });

  it('reports a repeated digit twice when the gap is 40 ms (Q.24 minimum pause)', () => {
    const x = concat(dtmfTone('3', 60, 8000), silence(40, 8000), dtmfTone('3', 60, 8000), silence(40, 8000));
    assert.equal(detect(x, 8000), '33');
  });

  it('reports nothing in 2 s of espeak-ng speech', () => {
    assert.equal(detect(ulawVector('speech-8k.ul'), 8000), '');
    assert.equal(detect(resample(ulawVector('speech-8k.ul'), 8000, 16000), 16000), '');
  });

  it('reports nothing in white noise, a 1 kHz tone, or a single DTMF frequency', () => {
    assert.equal(detect(whiteNoise(16000, 3000), 8000), '');
    assert.equal(detect(ulawVector('tone1000-8k.ul'), 8000), '');
    assert.equal(detect(toneFrames([697], 500, 8000, -10), 8000), '');
    assert.equal(detect(mix(toneFrames([697], 500, 8000, -10), whiteNoise(4000, 1000)), 8000), '');
  });

  it('accepts tones at -30 dBFS peak each and rejects them at -40 dBFS (level floor -38 dBFS RMS)', () => {
    assert.equal(detect(toneFrames(dtmfFrequencies('5'), 200, 8000, -30), 8000), '5');
    assert.equal(detect(toneFrames(dtmfFrequencies('5'), 200, 8000, -40), 8000), '');
  });

  it('exposes the digit held down and forgets it on reset()', () => {
    const det = new DtmfDetector(8000);
    det.process(dtmfTone('8', 100, 8000));
    assert.equal(det.active, '8');
    det.reset();
    assert.equal(det.active, null);
  });

  it('refuses rates other than 8000 and 16000 with MEDIA_DSP_BAD_RATE', () => {
    assert.throws(() => new DtmfDetector(11025 as SampleRate), (e: unknown) => e instanceof MediaDspError && e.code === 'MEDIA_DSP_BAD_RATE');
  });

  for (const digit of ALL) {
    it(`detects generated '${digit}' at 16 kHz`, () => {
      assert.equal(detect(concat(dtmfTone(digit, 60, 16000), silence(60, 16000)), 16000), digit);
    });
  }
});
