import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaxToneDetector, MediaDspError, dtmfTone, resample, toneFrames } from '../../../src/media/dsp/index.js';
import type { SampleRate } from '../../../src/media/types.js';
import { concat, inFrames, silence, ulawVector } from './signals.js';

function run(signal: Int16Array, rate: SampleRate = 8000): { det: FaxToneDetector; perFrame: boolean[] } {
  const det = new FaxToneDetector(rate);
  return { det, perFrame: inFrames(signal, (rate * 20) / 1000, (f) => det.process(f)) };
}

describe('ITU-T T.30 fax tone detector', () => {
  it('detects the SoX CNG cadence (1100 Hz, 0.5 s on, 1 s off) after 400 ms of tone, and latches', () => {
    const { det, perFrame } = run(ulawVector('cng-8k.ul'));
    const first = perFrame.indexOf(true);
    assert.ok(first >= 19 && first <= 22, `first true at frame ${first}`);
    assert.ok(perFrame.slice(first).every(Boolean));
    assert.equal(det.ced, false);
  });

  it('accepts CNG anywhere in 1100 ± 38 Hz (§5.2.3)', () => {
    for (const hz of [1062, 1081, 1119, 1138]) assert.equal(run(toneFrames([hz], 500, 8000, -20)).det.cng, true, `${hz} Hz`);
  });

  it('does not report a 300 ms CNG-like burst (shorter than 400 ms)', () => {
    assert.equal(run(concat(toneFrames([1100], 300, 8000, -10), silence(500, 8000))).det.cng, false);
  });

  it('reports CED (2100 Hz answer tone) separately from CNG', () => {
    const { det } = run(ulawVector('ced-8k.ul'));
    assert.equal(det.ced, true);
    assert.equal(det.cng, false);
  });

  it('rejects SoX 1000 Hz and 1200 Hz tones', () => {
    assert.equal(run(ulawVector('tone1000-8k.ul')).det.cng, false);
    assert.equal(run(ulawVector('tone1200-8k.ul')).det.cng, false);
  });

  it('rejects long DTMF tones and espeak-ng speech', () => {
    for (const d of ['1', '5', '9', '#'] as const) assert.equal(run(dtmfTone(d, 800, 8000)).det.cng, false, d);
    const { det } = run(ulawVector('speech-8k.ul'));
    assert.equal(det.cng || det.ced, false);
  });

  it('detects CNG at 16 kHz', () => {
    assert.equal(run(resample(ulawVector('cng-8k.ul'), 8000, 16000), 16000).det.cng, true);
  });

  it('refuses rates other than 8000 and 16000', () => {
    assert.throws(() => new FaxToneDetector(48000 as SampleRate), (e: unknown) => e instanceof MediaDspError && e.code === 'MEDIA_DSP_BAD_RATE');
  });
});
