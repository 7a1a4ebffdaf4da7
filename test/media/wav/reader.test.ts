import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeWav, parseWav, WavError, WavFileReader } from '../../../src/media/wav/index.js';
import { makeTempDir, sox } from './sox.js';

/** A ramp that makes every sample position recognisable. */
function ramp(n: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => (i % 30000) - 15000);
}

async function readAll(reader: WavFileReader): Promise<Int16Array[]> {
  const frames: Int16Array[] = [];
  for await (const f of reader) frames.push(Int16Array.from(f));
  return frames;
}

describe('WavFileReader plays a file back in 20 ms frames', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => {
    tmp = makeTempDir('wavread');
  });
  after(() => tmp.remove());

  it('returns 500 frames of 160 samples for 10 s at 8 kHz, equal to the samples written', async () => {
    const samples = ramp(80_000);
    const file = join(tmp.dir, 'ten.wav');
    writeFileSync(file, encodeWav(samples, 8000));
    const reader = await WavFileReader.open(file);
    assert.equal(reader.frameSamples, 160);
    assert.equal(reader.durationMs, 10_000);
    const frames = await readAll(reader);
    await reader.close();
    assert.equal(frames.length, 500);
    assert.ok(frames.every((f) => f.length === 160));
    const joined = new Int16Array(80_000);
    frames.forEach((f, i) => joined.set(f, i * 160));
    assert.deepEqual(joined, samples);
  });

  it('pads the last frame with silence to full length', async () => {
    const file = join(tmp.dir, 'short.wav');
    writeFileSync(file, encodeWav(Int16Array.from({ length: 200 }, () => 1000), 8000));
    const reader = await WavFileReader.open(file);
    const frames = await readAll(reader);
    await reader.close();
    assert.equal(frames.length, 2);
    assert.equal(frames[1]?.length, 160);
    assert.deepEqual([...(frames[1] ?? []).subarray(38, 42)], [1000, 1000, 0, 0]);
  });

  it('seeks forward and back by milliseconds', async () => {
    const samples = ramp(16_000 * 3);
    const file = join(tmp.dir, 'seek.wav');
    writeFileSync(file, encodeWav(samples, 16000));
    const reader = await WavFileReader.open(file, { readAheadMs: 100 });
    assert.equal(reader.frameSamples, 320);
    reader.seekMs(2000);
    assert.deepEqual(await reader.readFrame(), samples.subarray(32_000, 32_320));
    assert.equal(reader.positionMs, 2020);
    reader.seekMs(500);
    assert.deepEqual(await reader.readFrame(), samples.subarray(8000, 8320));
    reader.seekMs(99_999);
    assert.equal(await reader.readFrame(), null);
    await reader.close();
  });

  it('decodes a sox 44.1 kHz stereo float file frame by frame like parseWav does whole', async () => {
    const file = join(tmp.dir, 'sox.wav');
    sox(['-n', '-r', '44100', '-c', '2', '-e', 'floating-point', '-b', '32', file, 'synth', '1.3', 'sine', '440']);
    const whole = parseWav(readFileSync(file)).samples;
    const reader = await WavFileReader.open(file);
    assert.equal(reader.frameSamples, 882);
    const frames = await readAll(reader);
    await reader.close();
    assert.equal(frames.length, Math.ceil(whole.length / 882));
    const joined = new Int16Array(frames.length * 882);
    frames.forEach((f, i) => joined.set(f, i * 882));
    assert.deepEqual(joined.subarray(0, whole.length), whole);
  });

  it('finds the data chunk behind a LIST chunk larger than its first read', async () => {
    const wav = encodeWav(ramp(1000), 8000);
    const list = Buffer.alloc(8 + 200_001 + 1);
    list.write('LIST', 0, 'latin1');
    list.writeUInt32LE(200_001, 4);
    const file = join(tmp.dir, 'list.wav');
    // RIFF header and fmt chunk, the LIST chunk (odd size, padded), then the data chunk.
    writeFileSync(file, Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36)]));
    const reader = await WavFileReader.open(file);
    const first = await reader.readFrame();
    await reader.close();
    assert.deepEqual(first, ramp(160));
  });

  it('refuses a header larger than maxHeaderBytes', async () => {
    const wav = encodeWav(ramp(10), 8000);
    const list = Buffer.alloc(8 + 4096);
    list.write('LIST', 0, 'latin1');
    list.writeUInt32LE(4096, 4);
    const file = join(tmp.dir, 'biglist.wav');
    writeFileSync(file, Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36)]));
    await assert.rejects(WavFileReader.open(file, { limits: { maxHeaderBytes: 1024 } }), (e: unknown) => e instanceof WavError && e.code === 'MEDIA_WAV_LIMIT');
  });

  it('rejects a file that is not a WAV', async () => {
    const file = join(tmp.dir, 'text.wav');
    writeFileSync(file, 'this is not audio, just text long enough');
    await assert.rejects(WavFileReader.open(file), (e: unknown) => e instanceof WavError && e.code === 'MEDIA_WAV_NOT_WAVE');
  });

  it('closes once, and refuses to read after close', async () => {
    const file = join(tmp.dir, 'close.wav');
    writeFileSync(file, encodeWav(ramp(800), 8000));
    const reader = await WavFileReader.open(file);
    await reader.close();
    await reader.close();
    await assert.rejects(reader.readFrame(), (e: unknown) => e instanceof WavError && e.code === 'MEDIA_WAV_BAD_USE');
  });
});
