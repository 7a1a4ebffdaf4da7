import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { encodeMp3 } from '../../../src/delivery/index.js';
import { tempDir, writeToneWav } from '../helpers.js';

/** MPEG audio frame headers (ISO 11172-3 §2.4.1.3; MPEG-2/2.5 extensions), walked from the start. */
function mp3Frames(buf: Buffer): { version: string; sampleRate: number; samples: number; frames: number } {
  const rates: Record<string, number[]> = { '1': [44100, 48000, 32000], '2': [22050, 24000, 16000], '2.5': [11025, 12000, 8000] };
  const kbps: Record<string, number[]> = {
    '1': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    '2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  };
  let offset = 0;
  let frames = 0;
  let version = '';
  let sampleRate = 0;
  while (offset + 4 <= buf.length) {
    const h = buf.readUInt32BE(offset);
    assert.equal(h >>> 21, 0x7ff, `no frame sync at byte ${offset}`);
    const v = ((h >>> 19) & 3) === 3 ? '1' : ((h >>> 19) & 3) === 2 ? '2' : '2.5';
    assert.equal((h >>> 17) & 3, 1, 'layer III');
    const rate = rates[v]?.[(h >>> 10) & 3] ?? 0;
    const bitrate = (kbps[v === '1' ? '1' : '2']?.[(h >>> 12) & 15] ?? 0) * 1000;
    const padding = (h >>> 9) & 1;
    const size = Math.floor(((v === '1' ? 144 : 72) * bitrate) / rate) + padding;
    assert.ok(size > 4, `bad frame size at ${offset}`);
    version = v;
    sampleRate = rate;
    frames++;
    offset += size;
  }
  assert.equal(offset, buf.length, 'trailing bytes after the last frame');
  return { version, sampleRate, samples: frames * (version === '1' ? 1152 : 576), frames };
}

describe('MP3 copy of a recording', () => {
  const dir = tempDir('mp3');
  after(() => dir.remove());

  for (const rate of [8000, 16000]) {
    it(`encodes a ${rate} Hz WAV as MPEG layer III frames at the same rate and about the same length`, async () => {
      const path = join(dir.path, `tone-${rate}.wav`);
      writeToneWav(path, 2, rate);
      const mp3 = await encodeMp3(path);
      assert.ok(mp3 !== null);
      const info = mp3Frames(mp3);
      assert.equal(info.sampleRate, rate);
      assert.equal(info.version, rate === 8000 ? '2.5' : '2');
      const seconds = info.samples / rate;
      // The encoder adds up to a few frames of delay and padding.
      assert.ok(seconds >= 2 && seconds < 2.5, `MP3 holds ${seconds} s`);
    });
  }

  it('returns null for a sample rate MP3 cannot carry', async () => {
    const path = join(dir.path, 'tone-7000.wav');
    writeToneWav(path, 0.2, 7000);
    assert.equal(await encodeMp3(path), null);
  });

  it('rejects a missing file', async () => {
    await assert.rejects(encodeMp3(join(dir.path, 'nope.wav')), /ENOENT/);
  });
});
