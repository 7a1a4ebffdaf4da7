import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeWav, parseWav, WavError, type WavErrorCode } from '../../../src/media/wav/index.js';

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  // RIFF: an odd-sized chunk is followed by a pad byte.
  return Buffer.concat([head, body, body.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function fmtBody(tag: number, channels: number, rate: number, blockAlign: number, bits: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(tag, 0);
  b.writeUInt16LE(channels, 2);
  b.writeUInt32LE(rate, 4);
  b.writeUInt32LE(rate * blockAlign, 8);
  b.writeUInt16LE(blockAlign, 12);
  b.writeUInt16LE(bits, 14);
  return b;
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

function s16(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeInt16LE(v, i * 2));
  return b;
}

const pcm16mono = fmtBody(1, 1, 8000, 2, 16);

describe('parseWav walks RIFF chunks', () => {
  it('skips LIST and fact chunks, honouring the pad byte after an odd-sized chunk', () => {
    const list = chunk('LIST', Buffer.from('INFOICMT\x05\x00\x00\x00hello', 'latin1')); // 17 bytes: padded
    const fact = chunk('fact', Buffer.from([3, 0, 0, 0]));
    const wav = parseWav(riff(list, chunk('fmt ', pcm16mono), fact, chunk('data', s16(1, -2, 3))));
    assert.deepEqual([...wav.samples], [1, -2, 3]);
  });

  it('mixes channels down to their average', () => {
    const wav = parseWav(riff(chunk('fmt ', fmtBody(1, 2, 8000, 4, 16)), chunk('data', s16(1000, 3000, -500, 500, 32767, 32767))));
    assert.equal(wav.channels, 2);
    assert.deepEqual([...wav.samples], [2000, 0, 32767]);
  });

  it('reads a data size of 0xFFFFFFFF (streamed WAV) as "up to the end of the file"', () => {
    const data = chunk('data', s16(7, 8, 9));
    data.writeUInt32LE(0xffffffff, 4);
    assert.deepEqual([...parseWav(riff(chunk('fmt ', pcm16mono), data)).samples], [7, 8, 9]);
  });

  it('drops a trailing partial frame', () => {
    const wav = parseWav(riff(chunk('fmt ', fmtBody(1, 2, 8000, 4, 16)), chunk('data', Buffer.concat([s16(10, 20), Buffer.from([1, 2])]))));
    assert.deepEqual([...wav.samples], [15]);
  });

  it('reads its own encodeWav output back unchanged', () => {
    const samples = Int16Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 65536) - 32768);
    const wav = parseWav(encodeWav(samples, 16000));
    assert.equal(wav.sampleRate, 16000);
    assert.deepEqual(wav.samples, samples);
  });
});

describe('parseWav rejects broken and unsupported files with a stable code', () => {
  const good = encodeWav(new Int16Array([1, 2, 3, 4]), 8000);
  const adpcmFmt = fmtBody(2, 1, 8000, 256, 4);
  const table: { name: string; buf: Buffer; code: WavErrorCode; limits?: Parameters<typeof parseWav>[1] }[] = [
    { name: 'an empty buffer', buf: Buffer.alloc(0), code: 'MEDIA_WAV_TRUNCATED' },
    { name: 'a file cut inside the RIFF header', buf: good.subarray(0, 10), code: 'MEDIA_WAV_TRUNCATED' },
    { name: 'a file cut inside the samples', buf: good.subarray(0, good.length - 3), code: 'MEDIA_WAV_TRUNCATED' },
    { name: 'a file cut inside the fmt chunk', buf: good.subarray(0, 30), code: 'MEDIA_WAV_TRUNCATED' },
    { name: 'an RF64 file', buf: Buffer.concat([Buffer.from('RF64'), good.subarray(4)]), code: 'MEDIA_WAV_NOT_WAVE' },
    { name: 'a RIFF file that is not WAVE', buf: Buffer.concat([good.subarray(0, 8), Buffer.from('AVI '), good.subarray(12)]), code: 'MEDIA_WAV_NOT_WAVE' },
    { name: 'a file with no data chunk', buf: riff(chunk('fmt ', pcm16mono)), code: 'MEDIA_WAV_NO_DATA' },
    { name: 'data before fmt', buf: riff(chunk('data', s16(1)), chunk('fmt ', pcm16mono)), code: 'MEDIA_WAV_NO_FORMAT' },
    { name: 'a 14-byte fmt chunk', buf: riff(chunk('fmt ', pcm16mono.subarray(0, 14)), chunk('data', s16(1))), code: 'MEDIA_WAV_NO_FORMAT' },
    { name: 'MS ADPCM (format 2)', buf: riff(chunk('fmt ', adpcmFmt), chunk('data', Buffer.alloc(256))), code: 'MEDIA_WAV_UNSUPPORTED' },
    { name: '12-bit float', buf: riff(chunk('fmt ', fmtBody(3, 1, 8000, 2, 16)), chunk('data', s16(1))), code: 'MEDIA_WAV_UNSUPPORTED' },
    { name: 'zero channels', buf: riff(chunk('fmt ', fmtBody(1, 0, 8000, 2, 16)), chunk('data', s16(1))), code: 'MEDIA_WAV_BAD_FORMAT' },
    { name: 'a block align that is not a multiple of the channels', buf: riff(chunk('fmt ', fmtBody(1, 2, 8000, 3, 8)), chunk('data', s16(1))), code: 'MEDIA_WAV_BAD_FORMAT' },
    { name: 'more bits than the block holds', buf: riff(chunk('fmt ', fmtBody(1, 1, 8000, 2, 24)), chunk('data', s16(1))), code: 'MEDIA_WAV_BAD_FORMAT' },
    { name: 'a sample rate of 0', buf: riff(chunk('fmt ', fmtBody(1, 1, 0, 2, 16)), chunk('data', s16(1))), code: 'MEDIA_WAV_LIMIT' },
    { name: '33 channels', buf: riff(chunk('fmt ', fmtBody(1, 33, 8000, 66, 16)), chunk('data', Buffer.alloc(66))), code: 'MEDIA_WAV_LIMIT' },
    { name: '100 junk chunks before data', buf: riff(...Array.from({ length: 100 }, () => chunk('JUNK', Buffer.alloc(2))), chunk('fmt ', pcm16mono), chunk('data', s16(1))), code: 'MEDIA_WAV_LIMIT' },
    { name: 'a file over maxFileBytes', buf: good, code: 'MEDIA_WAV_LIMIT', limits: { maxFileBytes: 40 } },
    { name: 'audio over maxDurationSeconds', buf: encodeWav(new Int16Array(8001), 8000), code: 'MEDIA_WAV_LIMIT', limits: { maxDurationSeconds: 1 } },
  ];
  for (const t of table) {
    it(`rejects ${t.name} with ${t.code}`, () => {
      assert.throws(
        () => parseWav(t.buf, t.limits),
        (err: unknown) => err instanceof WavError && err.code === t.code,
      );
    });
  }
});
