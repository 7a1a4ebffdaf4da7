import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MediaDspError, dbfs, dtmfFrequencies, dtmfTone, goertzelPower, powerToDbfs, toneFrames } from '../../../src/media/dsp/index.js';
import type { DtmfDigit } from '../../../src/media/types.js';

describe('tone generation', () => {
  it('makes the beep: 1000 Hz, 250 ms, -12 dBFS peak → 2000 samples at 8 kHz, RMS ≈ -15 dBFS', () => {
    const beep = toneFrames([1000], 250, 8000, -12);
    assert.equal(beep.length, 2000);
    assert.ok(Math.abs(dbfs(beep.subarray(200, 1800)) - (-12 - 3.01)) < 0.1);
    assert.ok(Math.abs(powerToDbfs(goertzelPower(beep, 200, 1600, 1000, 8000)) - -15.05) < 0.1);
  });

  it('fades in and out so the edges do not click (first and last samples near 0, no jump > 1 step)', () => {
    const t = toneFrames([1000], 100, 16000, 0);
    assert.ok(Math.abs(t[0] as number) < 300 && Math.abs(t[t.length - 1] as number) < 300);
    let maxJump = 0;
    for (let i = 1; i < t.length; i++) maxJump = Math.max(maxJump, Math.abs((t[i] as number) - (t[i - 1] as number)));
    assert.ok(maxJump <= Math.ceil(32768 * 2 * Math.sin(Math.PI * 1000 / 16000)) + 1);
  });

  it('gives the Q.23 frequency pairs of all 16 digits', () => {
    const pairs: Record<DtmfDigit, [number, number]> = {
      '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633], '4': [770, 1209], '5': [770, 1336],
      '6': [770, 1477], B: [770, 1633], '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
      '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
    };
    for (const [d, f] of Object.entries(pairs)) assert.deepEqual(dtmfFrequencies(d as DtmfDigit), f);
  });

  it('makes DTMF with both tones at -10 dBFS peak and no clipping', () => {
    const t = dtmfTone('D', 100, 8000);
    assert.equal(t.length, 800);
    for (const f of [941, 1633]) assert.ok(Math.abs(powerToDbfs(goertzelPower(t, 80, 640, f, 8000)) - -13.01) < 0.3);
    assert.ok(Math.max(...t) < 32767 * 0.7);
  });

  it('rejects a negative duration, a frequency above Nyquist and a non-digit with MEDIA_DSP_BAD_ARGUMENT', () => {
    const bad = (e: unknown): boolean => e instanceof MediaDspError && e.code === 'MEDIA_DSP_BAD_ARGUMENT';
    assert.throws(() => toneFrames([1000], -1, 8000, -12), bad);
    assert.throws(() => toneFrames([5000], 100, 8000, -12), bad);
    assert.throws(() => dtmfTone('E' as DtmfDigit, 100, 8000), bad);
  });
});
