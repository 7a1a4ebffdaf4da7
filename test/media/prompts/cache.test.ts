import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  PromptCache,
  PromptError,
  synthesize,
  type SynthesizeFn,
} from '../../../src/media/prompts/index.js';
import { makeTempDir, rms, sox } from '../wav/sox.js';

/** The real engine, counted: how many times the cache really synthesized. */
function countingEspeak(): { fn: SynthesizeFn; calls: () => number } {
  let n = 0;
  return {
    fn: (text, options) => {
      n++;
      return synthesize(text, options);
    },
    calls: () => n,
  };
}

/** A quick stand-in engine for cache mechanics: 22050 Hz, 10 ms of tone per character. */
function toneEngine(): { fn: SynthesizeFn; calls: () => number } {
  let n = 0;
  return {
    fn: async (text) => {
      n++;
      const samples = Int16Array.from({ length: text.length * 220 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
      return { samples, sampleRate: 22050 };
    },
    calls: () => n,
  };
}

function isPromptError(code: string): (e: unknown) => boolean {
  return (e) => e instanceof PromptError && e.code === code;
}

const SENTENCE = { text: 'You have two new messages.' };

describe('PromptCache converts prompts once and keeps them', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => {
    tmp = makeTempDir('prompts');
  });
  after(() => tmp.remove());

  for (const rate of [8000, 16000] as const) {
    it(`speaks "You have two new messages." as 1-4 s at ${rate} Hz with speech-level energy`, async () => {
      const cache = new PromptCache({ dir: join(tmp.dir, `speech${rate}`) });
      const samples = await cache.get(SENTENCE, rate);
      const seconds = samples.length / rate;
      assert.ok(seconds > 1 && seconds < 4, `${seconds.toFixed(2)} s`);
      assert.ok(rms(samples) > 500, `RMS ${rms(samples).toFixed(0)}`);
    });
  }

  it('serves the second get from memory, and a new instance from disk, then from memory, without synthesizing again', async () => {
    const dir = join(tmp.dir, 'reuse');
    const engine = countingEspeak();
    const first = new PromptCache({ dir, synthesize: engine.fn });
    const a = await first.get(SENTENCE, 8000);
    assert.equal(engine.calls(), 1);
    assert.equal(await first.get(SENTENCE, 8000), a);
    assert.deepEqual(first.stats, { memoryHits: 1, diskHits: 0, produced: 1, memoryBytes: a.byteLength, memoryEntries: 1 });

    const second = new PromptCache({ dir, synthesize: engine.fn });
    const b = await second.get(SENTENCE, 8000);
    assert.deepEqual(b, a);
    assert.equal(second.stats.diskHits, 1);
    assert.equal(await second.get(SENTENCE, 8000), b);
    assert.equal(second.stats.memoryHits, 1);
    assert.equal(engine.calls(), 1, 'no synthesis after the first');
    assert.deepEqual(readdirSync(dir).filter((f) => !/^[0-9a-f]{64}\.wav$/.test(f)), [], 'only <sha256>.wav files, no temp files');
  });

  it('shares one synthesis among 10 parallel gets of the same prompt', async () => {
    const engine = countingEspeak();
    const cache = new PromptCache({ dir: join(tmp.dir, 'flight'), synthesize: engine.fn });
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.get({ text: 'Welcome to voice mail.' }, 16000)));
    assert.equal(engine.calls(), 1);
    assert.ok(results.every((r) => r === results[0]));
  });

  it('keys on text, voice and rate: each combination is produced once', async () => {
    const engine = toneEngine();
    const cache = new PromptCache({ dir: join(tmp.dir, 'keys'), synthesize: engine.fn, engineId: 'tone@1' });
    await cache.get({ text: 'one' }, 8000);
    await cache.get({ text: 'one' }, 16000);
    await cache.get({ text: 'one', voice: 'de' }, 8000);
    await cache.get({ text: 'two' }, 8000);
    await cache.get({ text: ' one\n' }, 8000); // same spoken text as 'one'
    assert.equal(engine.calls(), 4);
  });

  it('converts a 44.1 kHz stereo WAV prompt to 8 kHz mono with the same duration', async () => {
    const file = join(tmp.dir, 'greeting44k.wav');
    sox(['-n', '-r', '44100', '-c', '2', '-b', '16', file, 'synth', '1.5', 'sine', '440']);
    const cache = new PromptCache({ dir: join(tmp.dir, 'files') });
    const samples = await cache.get({ file }, 8000);
    assert.equal(samples.length, 12_000);
    // sox's sine is -3 dB: RMS 0.5 of full scale, kept through the conversion (440 Hz is in band).
    assert.ok(Math.abs(rms(samples) / 32768 - 0.5) < 0.02, `RMS ${rms(samples).toFixed(0)}`);
  });

  it('notices a replaced prompt file and converts the new content', async () => {
    const file = join(tmp.dir, 'changing.wav');
    sox(['-n', '-r', '16000', '-c', '1', file, 'synth', '1', 'sine', '300']);
    const cache = new PromptCache({ dir: join(tmp.dir, 'changing') });
    assert.equal((await cache.get({ file }, 8000)).length, 8000);
    sox(['-n', '-r', '16000', '-c', '1', file, 'synth', '2', 'sine', '300']);
    assert.equal((await cache.get({ file }, 8000)).length, 16_000);
  });

  it('produces a prompt again when its cached file is damaged', async () => {
    const dir = join(tmp.dir, 'damaged');
    const engine = toneEngine();
    const a = await new PromptCache({ dir, synthesize: engine.fn, engineId: 'tone@1' }).get({ text: 'hello' }, 8000);
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), 'not a wav');
    const b = await new PromptCache({ dir, synthesize: engine.fn, engineId: 'tone@1' }).get({ text: 'hello' }, 8000);
    assert.deepEqual(b, a);
    assert.equal(engine.calls(), 2);
  });

  it('keeps decoded prompts in memory within maxMemoryBytes, evicting the least recently used', async () => {
    const engine = toneEngine();
    // 'aaaa…' (20 chars) at 8 kHz is 0.2 s = 1600 samples = 3200 bytes; room for two.
    const cache = new PromptCache({ dir: join(tmp.dir, 'lru'), synthesize: engine.fn, engineId: 'tone@1', maxMemoryBytes: 7000 });
    const texts = ['a', 'b', 'c'].map((c) => ({ text: c.repeat(20) }));
    const [x, y, z] = texts as [{ text: string }, { text: string }, { text: string }];
    await cache.get(x, 8000);
    await cache.get(y, 8000);
    await cache.get(x, 8000); // x is now the most recently used
    await cache.get(z, 8000); // evicts y
    assert.equal(cache.stats.memoryEntries, 2);
    assert.ok(cache.stats.memoryBytes <= 7000);
    const hits = cache.stats.memoryHits;
    await cache.get(x, 8000);
    assert.equal(cache.stats.memoryHits, hits + 1);
    await cache.get(y, 8000);
    assert.equal(cache.stats.diskHits, 1, 'y came back from disk');
  });

  it('fails with MEDIA_PROMPT_FILE_FAILED for a missing or non-WAV prompt file', async () => {
    const cache = new PromptCache({ dir: join(tmp.dir, 'bad') });
    await assert.rejects(cache.get({ file: join(tmp.dir, 'nope.wav') }, 8000), isPromptError('MEDIA_PROMPT_FILE_FAILED'));
    const text = join(tmp.dir, 'text.wav');
    writeFileSync(text, 'this is a text file, not audio');
    await assert.rejects(cache.get({ file: text }, 8000), isPromptError('MEDIA_PROMPT_FILE_FAILED'));
  });

  it('fails with MEDIA_PROMPT_CACHE_FAILED when the cache folder cannot be created', async () => {
    const blocker = join(tmp.dir, 'blocker');
    mkdirSync(tmp.dir, { recursive: true });
    writeFileSync(blocker, 'a file where the folder should be');
    const cache = new PromptCache({ dir: join(blocker, 'prompts'), synthesize: toneEngine().fn, engineId: 'tone@1' });
    await assert.rejects(cache.get({ text: 'hello' }, 8000), isPromptError('MEDIA_PROMPT_CACHE_FAILED'));
  });
});
