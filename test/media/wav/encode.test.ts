import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeWav, wavHeader, WavError, WAV_HEADER_BYTES } from '../../../src/media/wav/index.js';
import { makeTempDir, soxi } from './sox.js';

describe('WAV writing', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => {
    tmp = makeTempDir('wavenc');
  });
  after(() => tmp.remove());

  for (const rate of [8000, 16000] as const) {
    it(`writes a ${rate} Hz mono file that soxi reads with the right rate and duration`, () => {
      const file = join(tmp.dir, `out${rate}.wav`);
      writeFileSync(file, encodeWav(new Int16Array(rate * 3), rate));
      assert.equal(soxi('-r', file), String(rate));
      assert.equal(soxi('-c', file), '1');
      assert.equal(soxi('-b', file), '16');
      assert.equal(soxi('-e', file), 'Signed Integer PCM');
      assert.equal(Number(soxi('-D', file)), 3);
    });
  }

  it('puts the RIFF and data sizes in the canonical header', () => {
    const h = wavHeader(16000, 2, 24, 600);
    assert.equal(h.length, WAV_HEADER_BYTES);
    assert.equal(h.toString('latin1', 0, 4), 'RIFF');
    assert.equal(h.readUInt32LE(4), 36 + 600);
    assert.equal(h.readUInt16LE(22), 2);
    assert.equal(h.readUInt32LE(28), 16000 * 6);
    assert.equal(h.readUInt16LE(32), 6);
    assert.equal(h.readUInt16LE(34), 24);
    assert.equal(h.readUInt32LE(40), 600);
  });

  it('refuses values a WAV header cannot hold', () => {
    const bad = (f: () => unknown): void => assert.throws(f, (e: unknown) => e instanceof WavError && e.code === 'MEDIA_WAV_BAD_USE');
    bad(() => wavHeader(0, 1, 16, 0));
    bad(() => wavHeader(8000, 0, 16, 0));
    bad(() => wavHeader(8000, 1, 12, 0));
    bad(() => wavHeader(8000, 1, 16, 2 ** 32));
  });
});
