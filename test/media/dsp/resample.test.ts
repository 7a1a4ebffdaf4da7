import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MediaDspError, Resampler, TELEPHONY_FILTER, goertzelPower, powerToDbfs, resample, toneFrames } from '../../../src/media/dsp/index.js';
import { ulawVector } from './signals.js';

/** A sine without fades (fades would add spectrum near the edges). */
function sine(hz: number, rate: number, seconds: number, amp = 10000): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * i) / rate)));
}

function levelAt(x: Int16Array, hz: number, rate: number): number {
  const skip = Math.floor(x.length / 5);
  return powerToDbfs(goertzelPower(x, skip, x.length - 2 * skip, hz, rate));
}

function totalDbfs(x: Int16Array): number {
  const skip = Math.floor(x.length / 5);
  let s = 0;
  for (let i = skip; i < x.length - skip; i++) s += (x[i] as number) ** 2;
  return powerToDbfs(s / (x.length - 2 * skip));
}

describe('whole-buffer resampling (windowed-sinc, Kaiser)', () => {
  it('keeps a 3.5 kHz tone within 1 dB from 22050 to 8000 Hz', () => {
    const x = sine(3500, 22050, 0.5);
    const y = resample(x, 22050, 8000);
    assert.ok(Math.abs(levelAt(y, 3500, 8000) - levelAt(x, 3500, 22050)) < 1);
  });

  it('attenuates a 6 kHz tone (above the 4 kHz Nyquist) by ≥ 40 dB instead of aliasing it to 2 kHz', () => {
    const x = sine(6000, 22050, 0.5);
    const y = resample(x, 22050, 8000);
    assert.ok(totalDbfs(x) - totalDbfs(y) >= 40, `attenuation ${(totalDbfs(x) - totalDbfs(y)).toFixed(1)} dB`);
  });

  it('gives round(n·to/from) samples for the rates of WAV files and TTS', () => {
    for (const from of [8000, 11025, 16000, 22050, 44100, 48000]) {
      for (const to of [8000, 16000]) {
        for (const n of [0, 1, 999, 22050]) assert.equal(resample(new Int16Array(n), from, to).length, Math.round((n * to) / from), `${from}→${to} n=${n}`);
      }
    }
  });

  it('keeps a 1 kHz tone within 0.1 dB from 44100, 48000 and 11025 Hz to 8000 and 16000 Hz', () => {
    for (const from of [11025, 44100, 48000]) {
      for (const to of [8000, 16000]) {
        const x = sine(1000, from, 0.3);
        assert.ok(Math.abs(levelAt(resample(x, from, to), 1000, to) - levelAt(x, 1000, from)) < 0.1, `${from}→${to}`);
      }
    }
  });

  it('returns a copy when the rates are equal, and refuses rates outside 4000-192000 Hz', () => {
    const x = Int16Array.from([1, 2, 3]);
    const y = resample(x, 8000, 8000);
    assert.deepEqual(y, x);
    assert.notEqual(y, x);
    assert.throws(() => resample(x, 1000, 8000), (e: unknown) => e instanceof MediaDspError && e.code === 'MEDIA_DSP_BAD_RATE');
    assert.throws(() => resample(x, 8000, 8000.5), (e: unknown) => e instanceof MediaDspError && e.code === 'MEDIA_DSP_BAD_RATE');
  });
});

describe('streaming Resampler (8 kHz ↔ 16 kHz)', () => {
  for (const [from, to] of [[8000, 16000], [16000, 8000]] as const) {
    it(`${from} → ${to}: frame-by-frame output equals whole-buffer output, delayed (no clicks at frame edges)`, () => {
      const x = ulawVector('speech-8k.ul');
      const input = from === 8000 ? x : resample(x, 8000, 16000);
      const whole = resample(input, from, to, TELEPHONY_FILTER);
      const r = new Resampler(from, to);
      const frameIn = from / 50;
      const frameOut = to / 50;
      const streamed = new Int16Array(whole.length);
      for (let i = 0; i < input.length; i += frameIn) {
        const out = r.process(input.subarray(i, i + frameIn));
        assert.equal(out.length, frameOut, 'one frame in, one frame out');
        streamed.set(out, (i / frameIn) * frameOut);
      }
      const d = r.delaySamples;
      let maxDiff = 0;
      for (let n = 0; n < whole.length - d; n++) maxDiff = Math.max(maxDiff, Math.abs((streamed[n + d] as number) - (whole[n] as number)));
      assert.equal(maxDiff, 0, `max difference ${maxDiff}`);
    });
  }

  it('flush() returns the delayed tail: the stream then equals the whole-buffer conversion after the delay', () => {
    const input = ulawVector('speech-8k.ul').subarray(0, 4000);
    const whole = resample(input, 8000, 16000, TELEPHONY_FILTER);
    const r = new Resampler(8000, 16000);
    const parts: Int16Array[] = [];
    for (let i = 0; i < input.length; i += 160) parts.push(r.process(input.subarray(i, i + 160)));
    parts.push(r.flush());
    const streamed = Int16Array.from(parts.flatMap((p) => Array.from(p)));
    assert.equal(streamed.length, r.delaySamples + whole.length);
    assert.deepEqual(streamed.subarray(r.delaySamples), whole);
  });

  it('8 → 16 kHz keeps a 3.4 kHz tone (within 1 dB) and puts its 4.6 kHz image ≥ 50 dB down', () => {
    const r = new Resampler(8000, 16000);
    const y = r.process(sine(3400, 8000, 0.5));
    assert.ok(Math.abs(levelAt(y, 3400, 16000) - levelAt(sine(3400, 8000, 0.5), 3400, 8000)) < 1);
    assert.ok(levelAt(y, 3400, 16000) - levelAt(y, 4600, 16000) >= 50);
  });

  it('16 → 8 kHz removes a 5 kHz tone (≥ 50 dB) that would alias to 3 kHz', () => {
    const y = new Resampler(16000, 8000).process(toneFrames([5000], 500, 16000, -6));
    assert.ok(totalDbfs(y) < -6 - 3 - 50);
  });
});
