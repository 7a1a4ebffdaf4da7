import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODECS, MediaCodecError, createDecoder, createEncoder, payloadBytes, silencePayload } from '../../../src/media/codec/index.js';
import { dbfs } from '../../../src/media/dsp/index.js';
import type { CodecName } from '../../../src/media/types.js';
import { vectorBytes } from './vectors.js';

describe('codec registry', () => {
  it('lists the static payload types and clock rates of RFC 3551 §6 (PCMU 0, PCMA 8, G722 9, all 8000)', () => {
    assert.deepEqual(
      Object.values(CODECS).map((c) => [c.name, c.payloadType, c.sampleRate, c.rtpClockRate]),
      [['PCMU', 0, 8000, 8000], ['PCMA', 8, 8000, 8000], ['G722', 9, 16000, 8000]],
    );
  });

  it('creates encoders and decoders whose name and rate match the registry, 160 octets per 20 ms', () => {
    for (const info of Object.values(CODECS)) {
      const enc = createEncoder(info.name);
      const dec = createDecoder(info.name);
      assert.equal(enc.name, info.name);
      assert.equal(dec.sampleRate, info.sampleRate);
      const payload = enc.encode(new Int16Array(info.sampleRate / 50));
      assert.equal(payload.length, 160);
      assert.equal(payloadBytes(info.name), 160);
      assert.equal(dec.decode(payload).length, info.sampleRate / 50);
    }
  });

  it('gives the silence payloads: 160 × 0xFF (µ-law 0), 160 × 0xD5 (A-law +8), and 160 octets of G.722', () => {
    assert.deepEqual(silencePayload('PCMU', 8000), Buffer.alloc(160, 0xff));
    assert.deepEqual(silencePayload('PCMA', 8000), Buffer.alloc(160, 0xd5));
    assert.equal(silencePayload('G722', 16000).length, 160);
  });

  it('G.722 silence, repeated, decodes below -70 dBFS from a fresh decoder, first frame included', () => {
    const silence = silencePayload('G722', 16000);
    const decoder = createDecoder('G722');
    const levels = Array.from({ length: 50 }, () => dbfs(decoder.decode(silence)));
    levels.forEach((db, i) => assert.ok(db < -70, `frame ${i}: ${db.toFixed(1)} dBFS`));
  });

  it('G.722 silence, repeated after speech, decodes below -70 dBFS from the second frame on, with no offset left', () => {
    const silence = silencePayload('G722', 16000);
    const decoder = createDecoder('G722');
    // Real speech (ffmpeg's bitstream of espeak-ng), cut mid-word: the decoder is in full swing.
    decoder.decode(vectorBytes('codec', 'speech-16k.ffmpeg.g722'));
    const frames = Array.from({ length: 50 }, () => decoder.decode(silence));
    frames.slice(1).forEach((pcm, i) => assert.ok(dbfs(pcm) < -70, `frame ${i + 1}: ${dbfs(pcm).toFixed(1)} dBFS`));
    const last = frames.at(-1)!;
    const mean = last.reduce((a, v) => a + v, 0) / last.length;
    assert.ok(Math.abs(mean) < 2, `mean ${mean.toFixed(2)}: no DC offset`);
  });

  it('refuses an unknown codec (MEDIA_CODEC_UNKNOWN) and a rate that is not the codec\'s (MEDIA_CODEC_BAD_FRAME)', () => {
    assert.throws(() => createEncoder('G729' as CodecName), (e: unknown) => e instanceof MediaCodecError && e.code === 'MEDIA_CODEC_UNKNOWN');
    assert.throws(() => createDecoder('opus' as CodecName), (e: unknown) => e instanceof MediaCodecError && e.code === 'MEDIA_CODEC_UNKNOWN');
    assert.throws(() => silencePayload('G722', 8000), (e: unknown) => e instanceof MediaCodecError && e.code === 'MEDIA_CODEC_BAD_FRAME');
  });
});
