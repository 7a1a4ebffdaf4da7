import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { RecorderError, WavRecorder } from '../../../src/media/recorder/index.js';
import { samplesPerFrame, type SampleRate } from '../../../src/media/types.js';
import { parseWav } from '../../../src/media/wav/index.js';
import { makeTempDir, soxi } from '../wav/sox.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Frame number `n` of a recognisable signal: each frame holds its own index, then a ramp. */
function frame(rate: SampleRate, n: number): Int16Array {
  const f = new Int16Array(samplesPerFrame(rate));
  for (let i = 0; i < f.length; i++) f[i] = ((n * 37 + i) % 20000) - 10000;
  return f;
}

/**
 * Writes `seconds` of frames, pausing 20 ms per second of audio: 50× faster than a call, leaving
 * the disk (and a loaded test machine) 160 ms of slack before the 8-slot ring would overrun.
 */
async function record(recorder: WavRecorder, rate: SampleRate, seconds: number): Promise<void> {
  for (let n = 0; n < seconds * 50; n++) {
    recorder.write(frame(rate, n));
    if (n % 50 === 49) await sleep(20);
  }
}

function isRecorderError(code: string): (e: unknown) => boolean {
  return (e) => e instanceof RecorderError && e.code === code;
}

describe('WavRecorder streams a call to a WAV file', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('rec');
  });
  afterEach(() => tmp.remove());

  for (const rate of [8000, 16000] as const) {
    it(`records 10 s of frames at ${rate} Hz into a file sox reads as 10.00 s at ${rate} Hz`, async () => {
      const recorder = await WavRecorder.create({ dir: tmp.dir, sampleRate: rate });
      await record(recorder, rate, 10);
      const result = await recorder.finish();
      assert.match(result.path, new RegExp(`${UUID}\\.wav$`));
      assert.equal(result.durationMs, 10_000);
      assert.equal(result.truncated, false);
      assert.equal(result.bytes, statSync(result.path).size);
      assert.equal(soxi('-r', result.path), String(rate));
      assert.equal(soxi('-D', result.path), '10.000000');
      const wav = parseWav(readFileSync(result.path));
      assert.deepEqual(wav.samples.subarray(0, samplesPerFrame(rate)), frame(rate, 0));
      const last = 499 * samplesPerFrame(rate);
      assert.deepEqual(wav.samples.subarray(last), frame(rate, 499));
    });
  }

  it('keeps the file under a temporary name until finish renames it to <uuid>.wav', async () => {
    const recorder = await WavRecorder.create({ dir: tmp.dir, sampleRate: 8000 });
    await record(recorder, 8000, 3);
    const during = readdirSync(tmp.dir);
    assert.equal(during.length, 1);
    assert.match(during[0] ?? '', new RegExp(`^${UUID}\\.tmp$`));
    assert.equal(during[0], `${recorder.id}.tmp`);
    const result = await recorder.finish();
    assert.deepEqual(readdirSync(tmp.dir), [`${recorder.id}.wav`]);
    assert.equal(result.path, join(tmp.dir, `${recorder.id}.wav`));
  });

  it('gives each recording its own generated name', async () => {
    const a = await WavRecorder.create({ dir: tmp.dir, sampleRate: 8000 });
    const b = await WavRecorder.create({ dir: tmp.dir, sampleRate: 8000 });
    assert.notEqual(a.id, b.id);
    await Promise.all([a.abort(), b.abort()]);
  });

  it('abort removes the temporary file, and a second abort does nothing', async () => {
    const recorder = await WavRecorder.create({ dir: tmp.dir, sampleRate: 8000 });
    await record(recorder, 8000, 2);
    await recorder.abort();
    assert.deepEqual(readdirSync(tmp.dir), []);
    await recorder.abort();
    await assert.rejects(recorder.finish(), isRecorderError('MEDIA_RECORDER_ABORTED'));
  });

  it('finish runs once: a second call gives the same result, and abort afterwards keeps the file', async () => {
    const recorder = await WavRecorder.create({ dir: tmp.dir, sampleRate: 16000 });
    await record(recorder, 16000, 1);
    const first = recorder.finish();
    const second = recorder.finish();
    assert.equal(first, second);
    const result = await first;
    await recorder.abort();
    assert.deepEqual(readdirSync(tmp.dir), [`${recorder.id}.wav`]);
    assert.equal(result.durationMs, 1000);
  });

  it('ignores frames written after finish', async () => {
    const recorder = await WavRecorder.create({ dir: tmp.dir, sampleRate: 8000 });
    await record(recorder, 8000, 1);
    const done = recorder.finish();
    recorder.write(frame(8000, 1));
    assert.equal((await done).durationMs, 1000);
  });

  it('drops audio past maxSeconds and reports the recording as truncated', async () => {
    const recorder = await WavRecorder.create({ dir: tmp.dir, sampleRate: 8000, maxSeconds: 1.5 });
    await record(recorder, 8000, 3);
    assert.equal(recorder.limitReached, true);
    const result = await recorder.finish();
    assert.equal(result.durationMs, 1500);
    assert.equal(result.truncated, true);
    assert.equal(soxi('-D', result.path), '1.500000');
  });

  it('records a frame length other than 20 ms, counting duration by samples', async () => {
    const recorder = await WavRecorder.create({ dir: tmp.dir, sampleRate: 8000 });
    for (let i = 0; i < 100; i++) recorder.write(new Int16Array(80).fill(i));
    const result = await recorder.finish();
    assert.equal(result.durationMs, 1000);
    assert.equal(parseWav(readFileSync(result.path)).samples[80 * 99], 99);
  });

  it('fails with MEDIA_RECORDER_OVERRUN when the disk falls behind by more than ringSlots buffers, and removes the file', async () => {
    const recorder = await WavRecorder.create({ dir: tmp.dir, sampleRate: 8000, limits: { ringSlots: 2 } });
    // Written in one go, without yielding: no disk write can complete, so the ring fills up.
    for (let n = 0; n < 250; n++) recorder.write(frame(8000, n));
    assert.equal(recorder.error?.code, 'MEDIA_RECORDER_OVERRUN');
    await assert.rejects(recorder.finish(), isRecorderError('MEDIA_RECORDER_OVERRUN'));
    assert.deepEqual(readdirSync(tmp.dir), []);
  });

  it('fails to create with MEDIA_RECORDER_OPEN_FAILED when the folder does not exist', async () => {
    await assert.rejects(WavRecorder.create({ dir: join(tmp.dir, 'missing'), sampleRate: 8000 }), isRecorderError('MEDIA_RECORDER_OPEN_FAILED'));
  });

  it('refuses a maxSeconds outside the hard limit', async () => {
    await assert.rejects(WavRecorder.create({ dir: tmp.dir, sampleRate: 8000, maxSeconds: 0 }), isRecorderError('MEDIA_RECORDER_BAD_OPTIONS'));
    await assert.rejects(WavRecorder.create({ dir: tmp.dir, sampleRate: 8000, maxSeconds: 1e9 }), isRecorderError('MEDIA_RECORDER_BAD_OPTIONS'));
    assert.deepEqual(readdirSync(tmp.dir), []);
  });
});
