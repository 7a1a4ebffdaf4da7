import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { synthesize, workerSynthesize } from '../../../src/media/prompts/index.js';

describe('speech synthesis in a worker thread', () => {
  it('returns the same audio as the in-thread engine, so the media clock never waits for it', async () => {
    const text = 'You have two new messages.';
    const [inWorker, direct] = [await workerSynthesize(text), await synthesize(text)];
    assert.equal(inWorker.sampleRate, direct.sampleRate);
    // espeak-ng varies by a few samples between runs; the lengths must agree closely.
    assert.ok(Math.abs(inWorker.samples.length - direct.samples.length) < 0.02 * direct.samples.length,
      `${inWorker.samples.length} vs ${direct.samples.length} samples`);
    assert.ok(inWorker.samples.some((s) => Math.abs(s) > 1000), 'speech, not silence');
  });

  it('reports the engine’s own error code across the thread (empty text)', async () => {
    await assert.rejects(workerSynthesize('   '), (e: Error & { code?: string }) => e.code === 'MEDIA_TTS_EMPTY_TEXT');
  });

  it('answers parallel requests, each with its own audio', async () => {
    const texts = ['One.', 'Two two two two.', 'Three three three three three three three three.'];
    const out = await Promise.all(texts.map((t) => workerSynthesize(t)));
    assert.ok(out[0]!.samples.length < out[1]!.samples.length && out[1]!.samples.length < out[2]!.samples.length);
  });
});
