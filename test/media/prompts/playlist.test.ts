import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PromptError, renderPlaylist, type PromptSource } from '../../../src/media/prompts/index.js';

/** A prompt source where each text is as many samples of value 1 as it has characters. */
const source: PromptSource = {
  get: async (prompt) => new Int16Array('text' in prompt ? prompt.text.length : 3).fill(1),
};

describe('renderPlaylist concatenates prompts, silences and samples', () => {
  it('joins the items in order at the call rate', async () => {
    const out = await renderPlaylist(source, [{ text: 'abcd' }, { silenceMs: 1 }, { samples: Int16Array.of(7, 8) }, { file: '/etc/x.wav' }], 8000);
    assert.deepEqual([...out], [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 7, 8, 1, 1, 1]);
  });

  it('counts silence in samples of the rate asked for', async () => {
    assert.equal((await renderPlaylist(source, [{ silenceMs: 300 }], 16000)).length, 4800);
  });

  it('gives an empty buffer for an empty playlist', async () => {
    assert.equal((await renderPlaylist(source, [], 8000)).length, 0);
  });

  it('refuses a negative or overlong silence, and a playlist over 10 minutes', async () => {
    const bad = (e: unknown): boolean => e instanceof PromptError && e.code === 'MEDIA_PROMPT_BAD_PLAYLIST';
    await assert.rejects(renderPlaylist(source, [{ silenceMs: -1 }], 8000), bad);
    await assert.rejects(renderPlaylist(source, [{ silenceMs: 3_600_000 }], 8000), bad);
    await assert.rejects(renderPlaylist(source, Array.from({ length: 11 }, () => ({ silenceMs: 60_000 })), 8000), bad);
  });
});
