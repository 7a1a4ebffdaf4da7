import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanText, PromptError, PROMPT_LIMITS, synthesize, ttsEngineId } from '../../../src/media/prompts/index.js';
import { rms } from '../wav/sox.js';

function isPromptError(code: string): (e: unknown) => boolean {
  return (e) => e instanceof PromptError && e.code === code;
}

describe('synthesize speaks text offline with espeak-ng (WASM)', () => {
  it('says "You have two new messages." in 1-4 s of 22050 Hz audio with speech-level energy', async () => {
    const { samples, sampleRate } = await synthesize('You have two new messages.');
    assert.equal(sampleRate, 22050);
    const seconds = samples.length / sampleRate;
    assert.ok(seconds > 1 && seconds < 4, `${seconds.toFixed(2)} s`);
    assert.ok(rms(samples) > 500, `RMS ${rms(samples).toFixed(0)}`);
  });

  it('runs parallel calls one at a time, each with its own voice and rate', async () => {
    const text = 'Please leave a message after the tone.';
    const [slow, fast, german] = await Promise.all([
      synthesize(text, { rate: 100 }),
      synthesize(text, { rate: 300 }),
      synthesize('Sie haben zwei neue Nachrichten.', { voice: 'de' }),
    ]);
    const slowAlone = await synthesize(text, { rate: 100 });
    // espeak-ng varies a few samples from run to run (noise sources), so lengths are compared.
    assert.ok(Math.abs(slow.samples.length - slowAlone.samples.length) < slowAlone.samples.length * 0.01);
    assert.ok(slow.samples.length > fast.samples.length * 2, `${slow.samples.length} vs ${fast.samples.length}`);
    assert.ok(german.samples.length > 0);
  });

  it('turns control characters into spaces before speaking', async () => {
    assert.equal(cleanText('  one\u0000two\r\nthree\u0085four\u2028five\t '), 'one two three four five');
    const a = await synthesize('one\u0007two\u001b');
    const b = await synthesize('one two');
    assert.ok(Math.abs(a.samples.length - b.samples.length) < b.samples.length * 0.02, `${a.samples.length} vs ${b.samples.length}`);
  });

  it('refuses text that is empty once cleaned', async () => {
    await assert.rejects(synthesize(' \u0000\n\t '), isPromptError('MEDIA_TTS_EMPTY_TEXT'));
  });

  it(`refuses text longer than ${PROMPT_LIMITS.maxTextChars} characters`, async () => {
    await assert.rejects(synthesize('a '.repeat(PROMPT_LIMITS.maxTextChars)), isPromptError('MEDIA_TTS_LIMIT'));
  });

  it('refuses an unknown voice and a voice name that is not a language tag', async () => {
    await assert.rejects(synthesize('hello', { voice: 'xx-nope' }), isPromptError('MEDIA_TTS_UNKNOWN_VOICE'));
    await assert.rejects(synthesize('hello', { voice: '../../etc/passwd' }), isPromptError('MEDIA_TTS_UNKNOWN_VOICE'));
  });

  it('refuses a speaking rate outside 80-450 words per minute', async () => {
    await assert.rejects(synthesize('hello', { rate: 5 }), isPromptError('MEDIA_TTS_LIMIT'));
    await assert.rejects(synthesize('hello', { rate: Number.NaN }), isPromptError('MEDIA_TTS_LIMIT'));
  });

  it('keeps working after a refused call', async () => {
    await assert.rejects(synthesize('hello', { voice: 'xx-nope' }));
    const { samples } = await synthesize('Goodbye.');
    assert.ok(samples.length > 0);
  });

  it('names the engine with its package version (part of every cache key)', () => {
    assert.match(ttsEngineId(), /^espeak-ng-emscripten@\d+\.\d+\.\d+$/);
  });
});
