import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MediaDspError, SilenceDetector, dbfs, toneFrames, type SilenceDecision } from '../../../src/media/dsp/index.js';
import type { SampleRate } from '../../../src/media/types.js';
import { concat, inFrames, silence, ulawVector, whiteNoise } from './signals.js';

function run(signal: Int16Array, rate: SampleRate = 8000, opts: { hangoverMs?: number; adaptive?: boolean } = {}): SilenceDecision[] {
  const vad = new SilenceDetector({ sampleRate: rate, ...opts });
  return inFrames(signal, (rate * 20) / 1000, (f) => vad.process(f));
}

const last = (d: SilenceDecision[]): SilenceDecision => d[d.length - 1] as SilenceDecision;

describe('energy silence detector', () => {
  it('finds no voice in 2 s of digital silence and counts the silence', () => {
    const d = run(silence(2000, 8000));
    assert.ok(d.every((x) => !x.voice));
    assert.equal(last(d).voicedMsTotal, 0);
    assert.equal(last(d).silentForMs, 2000);
  });

  it('finds no voice in white noise at -60 dBFS (below the -45 dBFS threshold)', () => {
    const d = run(whiteNoise(16000, 32768 * 10 ** (-60 / 20)));
    assert.equal(last(d).voicedMsTotal, 0);
  });

  it('finds no voice in SoX hum (50 + 150 Hz, about -50 dBFS)', () => {
    const hum = ulawVector('hum-8k.ul');
    assert.ok(dbfs(hum) < -45 && dbfs(hum) > -55, `hum at ${dbfs(hum).toFixed(1)} dBFS`);
    assert.equal(last(run(hum)).voicedMsTotal, 0);
  });

  it('learns steady line noise at -35 dBFS (above the threshold) as the floor within 400 ms', () => {
    const noise = whiteNoise(8000 * 3, 32768 * 10 ** (-35 / 20));
    const d = run(concat(silence(1000, 8000), noise));
    assert.ok(last(d).voicedMsTotal <= 400, `voiced ${last(d).voicedMsTotal} ms`);
    assert.ok(d.slice(-100).every((x) => !x.voice), 'steady noise is not voice once learnt');
  });

  it('finds voice in espeak-ng speech and ends it after silence, counting voiced time', () => {
    const speech = ulawVector('speech-8k.ul');
    const d = run(concat(speech, silence(3000, 8000)));
    const voicedMs = last(d).voicedMsTotal;
    assert.ok(voicedMs > 600 && voicedMs <= 2000, `voiced ${voicedMs} ms`);
    assert.ok(last(d).silentForMs >= 3000);
    assert.equal(last(d).voice, false);
  });

  it('finds voice in speech over steady -45 dBFS line noise', () => {
    const speech = ulawVector('speech-8k.ul');
    const noise = whiteNoise(speech.length + 16000, 32768 * 10 ** (-45 / 20), 7);
    const mixed = Int16Array.from(noise, (v, i) => Math.max(-32768, Math.min(32767, v + (i >= 16000 ? (speech[i - 16000] ?? 0) : 0))));
    assert.ok(last(run(mixed)).voicedMsTotal > 600);
  });

  it('takes a short tone burst as voice, with the hangover after it', () => {
    const d = run(concat(toneFrames([440], 200, 8000, -12), silence(400, 8000)), 8000, { hangoverMs: 100 });
    assert.ok((d[5] as SilenceDecision).voice);
    assert.ok((d[14] as SilenceDecision).voice, 'within 100 ms hangover');
    assert.ok(!(d[20] as SilenceDecision).voice, 'after the hangover');
    assert.ok(Math.abs(last(d).voicedMsTotal - 200) <= 20);
    assert.equal(last(d).silentForMs, 400);
  });

  it('learns a steady tone (a dial tone left on the line) as noise after 300 ms, so the recording can end', () => {
    const d = run(concat(toneFrames([425], 5000, 8000, -12)));
    assert.ok(last(d).voicedMsTotal <= 320, `voiced ${last(d).voicedMsTotal} ms`);
    assert.ok(last(d).silentForMs >= 4600);
  });

  it('works at 16 kHz the same way', () => {
    const d = run(concat(toneFrames([440], 200, 16000, -12), silence(500, 16000)), 16000);
    assert.ok(Math.abs(last(d).voicedMsTotal - 200) <= 20);
    assert.equal(last(d).silentForMs, 500);
  });

  it('refuses unsupported rates and a negative hangover', () => {
    assert.throws(() => new SilenceDetector({ sampleRate: 44100 as SampleRate }), (e: unknown) => e instanceof MediaDspError && e.code === 'MEDIA_DSP_BAD_RATE');
    assert.throws(() => new SilenceDetector({ sampleRate: 8000, hangoverMs: -1 }), (e: unknown) => e instanceof MediaDspError && e.code === 'MEDIA_DSP_BAD_ARGUMENT');
  });
});
