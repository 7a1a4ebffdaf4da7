import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPlayFile, StreamingWavSource } from '../../src/cli/testCall/audio.js';
import { TestCallError } from '../../src/cli/testCall/errors.js';
import { acLevelDbfs, HeardAudio } from '../../src/cli/testCall/listener.js';
import { Transcript } from '../../src/cli/testCall/transcript.js';
import { goertzelPower, meanSquare, toneFrames } from '../../src/media/dsp/index.js';
import { encodeWav, wavHeader } from '../../src/media/wav/index.js';
import { concat, silence, ulawVector } from '../media/dsp/signals.js';

/** A 16-bit stereo WAV: left and right the same tone. */
function stereoWav(mono: Int16Array, rate: number): Buffer {
  const data = Buffer.alloc(mono.length * 4);
  mono.forEach((v, i) => {
    data.writeInt16LE(v, 4 * i);
    data.writeInt16LE(v, 4 * i + 2);
  });
  return Buffer.concat([wavHeader(rate, 2, 16, data.length), data]);
}

/** Every frame of a source, refilling between reads as the media clock's pauses would let it. */
async function drain(source: StreamingWavSource, samples: number): Promise<Int16Array[]> {
  const frames: Int16Array[] = [];
  for (;;) {
    if (source.bufferedSamples < samples && !source.ended) await source.prefill();
    const frame = new Int16Array(samples);
    if (!source.read(frame)) return frames;
    frames.push(frame);
  }
}

describe('test-call --play files', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openum-testcall-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [rate, callRate] of [[44100, 8000], [44100, 16000], [8000, 8000], [22050, 16000]] as const) {
    it(`streams a ${rate} Hz stereo WAV at ${callRate} Hz for as long as it lasts, in tune`, async () => {
      const path = join(dir, `tone-${rate}-${callRate}.wav`);
      writeFileSync(path, stereoWav(toneFrames([1000], 2000, rate, -6), rate));
      const audio = await openPlayFile(path);
      assert.equal(audio.label, `tone-${rate}-${callRate}.wav`);
      const opened = await audio.open(callRate);
      assert.equal(opened.durationMs, 2000);
      const source = opened.source as StreamingWavSource;
      const frames = await drain(source, callRate / 50);
      await audio.close();
      assert.equal(source.underruns, 0);
      // 100 frames of audio, plus at most one for the resampler's delay.
      assert.ok(frames.length >= 100 && frames.length <= 101, `${frames.length} frames`);
      const middle = frames[50]!;
      assert.ok(goertzelPower(middle, 0, middle.length, 1000, callRate) > 0.95 * meanSquare(middle), 'still a 1000 Hz tone');
      assert.ok(Math.abs(acLevelDbfs(middle) - -9) < 0.5, `level ${acLevelDbfs(middle)} dBFS`);
    });
  }

  it('sends silence rather than a late frame when the file has not been read yet', async () => {
    const path = join(dir, 'long.wav');
    writeFileSync(path, encodeWav(toneFrames([440], 3000, 8000, -6), 8000));
    const opened = await (await openPlayFile(path)).open(8000);
    const source = opened.source as StreamingWavSource;
    const frame = new Int16Array(160);
    // The first second was read ahead; reading 2 s without a pause outruns the disk.
    for (let i = 0; i < 100; i++) assert.equal(source.read(frame), true);
    assert.ok(source.underruns > 0, 'no underrun counted');
    source.close();
  });

  const refused: [string, string | Buffer | null, string][] = [
    ['a missing file', null, 'no such file'],
    ['a text file', 'hello, I am not a WAV file\n', 'RIFF'],
    ['a WAV without samples', encodeWav(new Int16Array(0), 8000), 'holds no audio'],
  ];
  for (const [what, content, fragment] of refused) {
    it(`refuses ${what} with TESTCALL_BAD_OPTION naming the file`, async () => {
      const path = join(dir, `${what.replace(/\W+/g, '-')}.wav`);
      if (content !== null) writeFileSync(path, content);
      await assert.rejects(openPlayFile(path), (err: unknown) => {
        assert.ok(err instanceof TestCallError);
        assert.equal(err.code, 'TESTCALL_BAD_OPTION');
        assert.ok(err.message.startsWith(`--play ${path}: `), err.message);
        assert.ok(err.message.includes(fragment), err.message);
        return true;
      });
    });
  }
});

describe('test-call listener (what the caller heard)', () => {
  const frames = (signal: Int16Array): Int16Array[] => Array.from({ length: Math.floor(signal.length / 160) }, (_, i) => signal.subarray(160 * i, 160 * (i + 1)));

  it('counts speech and the beep as heard, silence and a constant offset as not', () => {
    const events: string[] = [];
    const written: number[] = [];
    const heard = new HeardAudio(8000, { firstAudio: () => events.push('audio'), beep: (b) => events.push(`beep ${b.durationMs}`) }, { write: (f) => written.push(f.length) });
    const offset = new Int16Array(8000).fill(170); // a repeated G.722 silence frame decodes so
    const speech = ulawVector('speech-8k.ul');
    for (const f of frames(concat(silence(1000, 8000), offset, speech, silence(200, 8000), toneFrames([1000], 240, 8000, -12), silence(200, 8000)))) heard.process(f);
    heard.finish();
    assert.deepEqual(events, ['audio', 'beep 240']);
    assert.ok(heard.heardMs > 1000 && heard.heardMs <= 2000 + 240, `heard ${heard.heardMs} ms`);
    assert.equal(heard.receivedMs, 1000 + 1000 + 2000 + 200 + 240 + 200);
    assert.equal(written.length, heard.receivedMs / 20, 'every frame went to the recording');
  });

  it('measures the level without the DC offset', () => {
    assert.ok(acLevelDbfs(new Int16Array(160).fill(1000)) <= -90, 'a constant offset is silence');
    const tone = toneFrames([1000], 200, 8000, -6).subarray(800, 960);
    assert.ok(Math.abs(acLevelDbfs(tone) - -9) < 0.1, 'a sine at -6 dBFS peak is -9 dBFS RMS');
    assert.ok(Math.abs(acLevelDbfs(Int16Array.from(tone, (v) => v + 1000)) - acLevelDbfs(tone)) < 0.01, 'an offset changes nothing');
  });
});

describe('test-call transcript', () => {
  it('stamps each line with the seconds since the INVITE and sums up once it was sent', () => {
    let now = 1000;
    let out = '';
    const t = new Transcript({ write: (s: string) => (out += s) }, () => now);
    t.line('note', 'calling sip:8500@127.0.0.1 from 2000 over UDP');
    t.start();
    now += 3;
    t.line('invite', 'INVITE sent');
    now += 4510;
    t.line('beep', 'beep detected');
    const summary = t.summary({
      target: 'sip:8500@127.0.0.1', ok: true, callId: 'c', answered: true, status: 200, reason: 'OK', codec: 'PCMU',
      answeredAfterSeconds: 0.1, beep: true, beepAtSeconds: 4.513, heardSeconds: 4.26, played: 'a.wav', playedSeconds: 3.04,
      dtmf: { keys: '1#', mode: 'rfc4733', sent: '1#' }, endedBy: 'server', durationSeconds: 9.1234, recordedHeard: null, error: null,
    });
    assert.equal(out, [
      '          calling sip:8500@127.0.0.1 from 2000 over UDP',
      '   0.003  INVITE sent',
      '   4.513  beep detected',
      'summary: answered yes (PCMU), beep yes, heard 4.3 s of audio, played 3.0 s, DTMF "1#" of "1#" (rfc4733), ended by the server',
      '',
    ].join('\n'));
    assert.deepEqual(summary.events.map((e) => [e.t, e.event]), [[null, 'note'], [0.003, 'invite'], [4.513, 'beep']]);
    assert.equal(summary.heardSeconds, 4.3);
    assert.equal(summary.durationSeconds, 9.123);
  });

  it('prints no summary line when the call was never placed (a bad option)', () => {
    let out = '';
    const t = new Transcript({ write: (s: string) => (out += s) });
    const summary = t.summary({
      target: 'sip:1@h', ok: false, callId: null, answered: false, status: null, reason: null, codec: null, answeredAfterSeconds: null,
      beep: false, beepAtSeconds: null, heardSeconds: 0, played: null, playedSeconds: 0, dtmf: { keys: '', mode: 'rfc4733', sent: '' },
      endedBy: null, durationSeconds: 0, recordedHeard: null, error: { code: 'TESTCALL_BAD_OPTION', message: 'x' },
    });
    assert.equal(out, '');
    assert.equal(summary.ok, false);
  });
});
