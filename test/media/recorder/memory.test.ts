import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { WavRecorder } from '../../../src/media/recorder/index.js';
import { samplesPerFrame } from '../../../src/media/types.js';
import { makeTempDir, soxi } from '../wav/sox.js';

const MB = 1024 * 1024;

describe('WavRecorder memory and concurrency', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => {
    tmp = makeTempDir('recmem');
  });
  after(() => tmp.remove());

  it('records 10 minutes at 16 kHz with flat memory (RSS growth under 20 MB)', async (t) => {
    const rate = 16000;
    // 64 slots of 1 s (2 MB at 16 kHz) absorb scheduling hiccups of a busy test machine at 200×
    // real time; in a real call the default 8 slots are 8 s of slack.
    const recorder = await WavRecorder.create({ dir: tmp.dir, sampleRate: rate, maxSeconds: 600, limits: { ringSlots: 64 } });
    // Warm up the code paths, then measure from a settled baseline.
    for (let n = 0; n < 50; n++) recorder.write(new Int16Array(samplesPerFrame(rate)));
    await tick();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    for (let n = 50; n < 600 * 50; n++) {
      // A fresh frame each time, like a decoder would hand over.
      const f = new Int16Array(samplesPerFrame(rate));
      f.fill(n % 1000);
      recorder.write(f);
      // 5 ms per second of audio: 200× faster than a call, yet time for the disk to keep up.
      if (n % 50 === 49) {
        await sleep(5);
        if (n % 1000 === 999) peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
    }
    const result = await recorder.finish();
    const end = process.memoryUsage();
    peakRss = Math.max(peakRss, end.rss);
    const growth = (peakRss - base.rss) / MB;
    t.diagnostic(`10 min at 16 kHz (${(result.bytes / MB).toFixed(1)} MB file): RSS ${(base.rss / MB).toFixed(1)} → peak ${(peakRss / MB).toFixed(1)} MB (+${growth.toFixed(1)} MB); heapUsed ${(base.heapUsed / MB).toFixed(1)} → ${(end.heapUsed / MB).toFixed(1)} MB; recorder buffers ${recorder.toJSON().bufferSlots}`);
    assert.equal(result.durationMs, 600_000);
    assert.equal(soxi('-D', result.path), '600.000000');
    assert.ok(growth < 20, `RSS grew by ${growth.toFixed(1)} MB while recording a ${(result.bytes / MB).toFixed(1)} MB file`);
  });

  it('records 1,000 calls at once, one frame per call every 20 ms, and saves every one', async (t) => {
    const calls = 1000;
    const seconds = 3;
    const recorders = await Promise.all(Array.from({ length: calls }, () => WavRecorder.create({ dir: tmp.dir, sampleRate: 8000 })));
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const started = performance.now();
    const frameBuf = new Int16Array(160).fill(500);
    // Paced like the media clock: every 20 ms each call hands over one frame.
    for (let n = 0; n < seconds * 50; n++) {
      const due = started + (n + 1) * 20;
      for (const r of recorders) r.write(frameBuf);
      await sleep(Math.max(0, due - performance.now()));
    }
    const writeMs = performance.now() - started;
    const results = await Promise.all(recorders.map((r) => r.finish()));
    delay.disable();
    t.diagnostic(
      `${calls} recorders × ${seconds} s in real time (${writeMs.toFixed(0)} ms); finish of all ${(performance.now() - started - writeMs).toFixed(0)} ms; ` +
        `event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
    );
    assert.ok(results.every((r) => r.durationMs === seconds * 1000));
    const files = new Set(readdirSync(tmp.dir));
    assert.ok(recorders.every((r) => files.has(`${r.id}.wav`) && !files.has(`${r.id}.tmp`)));
  });
});
