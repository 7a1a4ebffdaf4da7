/**
 * The Call API over a real InviteSession (on a ManualClock) and an in-memory media session that the
 * test ticks by hand: offer/answer through answer(), digits from every source into one queue,
 * barge-in, collectDigits' limits and timeouts, recording to a real file, transfer and hangup.
 * Real RTP and real peers are in test/interop/openum-media*.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { Call, CachedPromptRenderer, type CallDeps, type MediaFactory, type MediaReservation } from '../../src/calls/index.js';
import type { AudioSource, MediaSession, MediaStats } from '../../src/media/stream/types.js';
import type { DtmfEvent, SampleRate } from '../../src/media/types.js';
import { parseWav } from '../../src/media/wav/index.js';
import type { NegotiatedMedia } from '../../src/sdp/index.js';
import { ackFor, flush, inDialog, invite, offer, request, sessionFixture, type SessionFixture } from '../sip/dialog/helpers.js';

/** A media session driven by the test: tick() sends one frame and delivers one received frame. */
class HandMedia implements MediaSession {
  readonly sampleRate: SampleRate = 8000;
  readonly localPort = 40000;
  source: AudioSource | null = null;
  sentFrames = 0;
  closed = false;
  #done: ((finished: boolean) => void) | null = null;
  #frames = new Set<(f: Int16Array) => void>();
  #dtmf = new Set<(e: DtmfEvent) => void>();
  play(source: AudioSource): Promise<boolean> {
    this.stopPlayback();
    this.source = source;
    return new Promise((resolve) => (this.#done = resolve));
  }
  stopPlayback(): void {
    this.source?.close?.();
    this.source = null;
    this.#done?.(false);
    this.#done = null;
  }
  onFrame(l: (f: Int16Array) => void): () => void {
    this.#frames.add(l);
    return () => this.#frames.delete(l);
  }
  onDtmf(l: (e: DtmfEvent) => void): () => void {
    this.#dtmf.add(l);
    return () => this.#dtmf.delete(l);
  }
  injectDtmf(e: DtmfEvent): void {
    for (const l of this.#dtmf) l(e);
  }
  stats(): MediaStats {
    return { packetsSent: this.sentFrames, packetsReceived: 0, framesLost: 0, packetsRejected: 0, srtpFailures: 0, dtmfEvents: 0 };
  }
  close(): void {
    this.closed = true;
    this.stopPlayback();
  }
  /** One 20 ms tick: pull a frame from the source, hand `received` to the listeners. */
  tick(received: Int16Array = new Int16Array(160)): void {
    if (this.source) {
      const frame = new Int16Array(160);
      if (this.source.read(frame)) this.sentFrames++;
      else {
        this.source = null;
        this.#done?.(true);
        this.#done = null;
      }
    }
    for (const l of this.#frames) l(received);
  }
}

class HandFactory implements MediaFactory {
  readonly codecPreference = ['PCMU', 'PCMA'] as const;
  readonly srtp = 'optional' as const;
  media = new HandMedia();
  negotiated: NegotiatedMedia | null = null;
  released = 0;
  async reserve(): Promise<MediaReservation> {
    return {
      address: '192.0.2.1',
      port: 40000,
      makeCrypto: (suite) => ({ suite, keyParams: `inline:${Buffer.alloc(30, 7).toString('base64')}` }),
      start: (media) => {
        this.negotiated = media;
        return this.media;
      },
      release: () => {
        this.released++;
      },
    };
  }
  update(): void {}
}

interface Fixture {
  f: SessionFixture;
  factory: HandFactory;
  call: Call;
  dir: string;
}

function fixture(inv = invite()): Fixture {
  const f = sessionFixture(inv);
  const factory = new HandFactory();
  const tone = new Int16Array(160 * 10).fill(1000);
  const deps: CallDeps = {
    clock: f.clock,
    logger: { debug() {}, info() {}, warn() {} },
    media: factory,
    prompts: new CachedPromptRenderer({ get: async () => tone }),
  };
  return { f, factory, call: new Call(f.session, deps), dir: mkdtempSync(join(tmpdir(), 'openum-call-')) };
}

async function answered(x: Fixture): Promise<void> {
  const p = x.call.answer();
  await flush();
  x.f.session.receiveAck(ackFor(x.f.session, x.f.session.invite.cseq.seq));
  await p;
}

/** Speech-like frames: a 440 Hz tone whose level moves like syllables (a steady tone is not voice). */
let voiceFrame = 0;
const voice = (): Int16Array => {
  const f = new Int16Array(160);
  const level = 2000 + 7000 * Math.abs(Math.sin((2 * Math.PI * voiceFrame++) / 12));
  for (let i = 0; i < f.length; i++) f[i] = Math.round(level * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return f;
};

describe('Call API (calls/)', () => {
  it('answers the INVITE’s offer with 200 + SDP and starts media with the negotiated codec (RFC 3264 §6)', async () => {
    const x = fixture();
    await answered(x);
    const ok = x.f.responses().find((r) => r.status === 200);
    assert.ok(ok);
    assert.match(ok.body.toString(), /m=audio 40000 RTP\/AVP 0/);
    assert.equal(x.factory.negotiated?.codec, 'PCMU');
    assert.equal(x.factory.negotiated?.remote.rtpPort, 4000);
  });

  it('finds the SDP offer inside a multipart INVITE body (SDP + ISUP from an ISDN gateway, RFC 3204)', async () => {
    const body = ['--b1', 'Content-Type: application/sdp', '', offer.trimEnd(), '--b1', 'Content-Type: application/ISUP;version=itu-t92+', 'Content-Disposition: signal;handling=optional', '', '\u0001\u0002', '--b1--', ''].join('\r\n');
    const x = fixture(request([
      'INVITE sip:1001@um.example.com SIP/2.0', 'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKmultipart1', 'Max-Forwards: 70',
      'From: <sip:alice@example.net>;tag=mp1', 'To: <sip:1001@um.example.com>', 'Call-ID: multipart-1@192.0.2.10', 'CSeq: 1 INVITE',
      'Contact: <sip:alice@192.0.2.10:5060>', 'Content-Type: multipart/mixed;boundary=b1',
    ], body));
    await answered(x);
    assert.equal(x.factory.negotiated?.codec, 'PCMU');
    assert.equal(x.factory.negotiated?.remote.rtpPort, 4000);
  });

  it('refuses an offer with no common codec with 488 and releases the ports', async () => {
    const x = fixture(invite({ body: 'v=0\r\no=gw 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n' }));
    await assert.rejects(x.call.answer(), (e: Error & { code?: string }) => e.code === 'CALL_MEDIA_REJECTED');
    assert.equal(x.f.responses().at(-1)?.status, 488);
    assert.equal(x.factory.released, 1);
  });

  it('collects digits up to max, stops on the terminator, and times out on the ManualClock', async () => {
    const x = fixture();
    await answered(x);
    for (const d of ['1', '2', '3', '4'] as const) x.factory.media.injectDtmf({ digit: d, source: 'rfc4733', durationMs: null });
    assert.deepEqual(await x.call.collectDigits({ max: 3 }), { digits: '123', terminator: null, reason: 'max' });
    const p = x.call.collectDigits({ max: 5, interDigitTimeoutMs: 3000 });
    x.factory.media.injectDtmf({ digit: '#', source: 'sip-info', durationMs: 160 });
    assert.deepEqual(await p, { digits: '4', terminator: '#', reason: 'terminator' });
    const waiting = x.call.collectDigits({ max: 4, firstTimeoutMs: 5000 });
    await flush();
    x.f.clock.advance(4999);
    await flush();
    x.f.clock.advance(1);
    assert.deepEqual(await waiting, { digits: '', terminator: null, reason: 'timeout' });
  });

  it('stops a prompt on a key press (barge-in) and leaves the digit for collectDigits', async () => {
    const x = fixture();
    await answered(x);
    const playing = x.call.play([{ text: 'ten frames of prompt' }]);
    await flush();
    x.factory.media.tick();
    x.factory.media.tick();
    x.factory.media.injectDtmf({ digit: '7', source: 'inband', durationMs: null });
    assert.deepEqual(await playing, { interruptedBy: '7' });
    assert.equal(x.factory.media.sentFrames, 2);
    assert.equal((await x.call.collectDigits({ max: 1 })).digits, '7');
  });

  it('plays a prompt to its end when nobody presses a key', async () => {
    const x = fixture();
    await answered(x);
    const playing = x.call.play([{ text: 'ten frames' }, { silenceMs: 40 }]);
    await flush();
    for (let i = 0; i < 13; i++) x.factory.media.tick();
    assert.deepEqual(await playing, { interruptedBy: null });
    assert.equal(x.factory.media.sentFrames, 12);
  });

  it('does not let a finished prompt’s barge-in stop a later prompt played without barge-in', async () => {
    const x = fixture();
    await answered(x);
    const first = x.call.play([{ silenceMs: 40 }]);
    await flush();
    for (let i = 0; i < 3; i++) x.factory.media.tick();
    assert.deepEqual(await first, { interruptedBy: null });
    const second = x.call.play([{ text: 'ten frames' }], { bargeIn: false });
    await flush();
    x.factory.media.tick();
    x.factory.media.injectDtmf({ digit: '9', source: 'rfc4733', durationMs: null });
    await flush();
    for (let i = 0; i < 10; i++) x.factory.media.tick();
    assert.deepEqual(await second, { interruptedBy: null });
    assert.equal(x.factory.media.sentFrames, 2 + 10, 'the second prompt played all its frames');
    assert.equal((await x.call.collectDigits({ max: 1 })).digits, '9');
  });

  it('skips a barge-in prompt when a key was already pressed, reporting that key', async () => {
    const x = fixture();
    await answered(x);
    x.factory.media.injectDtmf({ digit: '3', source: 'rfc4733', durationMs: null });
    assert.deepEqual(await x.call.play([{ text: 'menu' }]), { interruptedBy: '3' });
    assert.equal(x.factory.media.sentFrames, 0);
  });

  it('turns DTMF sent by SIP INFO (application/dtmf-relay) into a digit (RFC 6086 usage)', async () => {
    const x = fixture();
    await answered(x);
    const res = x.f.send(inDialog(x.f.session, 'INFO', { cseq: x.f.session.invite.cseq.seq + 1, body: 'Signal=5\r\nDuration=160\r\n', headers: ['Content-Type: application/dtmf-relay'] }));
    assert.equal(res?.status, 200);
    assert.equal((await x.call.collectDigits({ max: 1 })).digits, '5');
  });

  it('records after the beep until #, as long as the frames received, into a WAV on disk', async () => {
    const x = fixture();
    await answered(x);
    const recording = x.call.record({ dir: x.dir, maxSeconds: 60, silenceSeconds: 0 });
    await flush();
    for (let i = 0; i < 14; i++) x.factory.media.tick(); // 250 ms beep, then the recorder starts
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 100; i++) x.factory.media.tick(voice());
    x.factory.media.injectDtmf({ digit: '#', source: 'rfc4733', durationMs: null });
    const rec = await recording;
    assert.equal(rec.endedBy, 'terminator');
    assert.equal(rec.terminator, '#');
    assert.equal(rec.durationMs, 2000);
    assert.ok(rec.voicedMs >= 1500, `voiced ${rec.voicedMs} ms`);
    const wav = parseWav(readFileSync(rec.path));
    assert.equal(wav.sampleRate, 8000);
    assert.equal(wav.samples.length, 16000);
  });

  it('ends a recording normally when the caller hangs up (BYE), keeping what was said', async () => {
    const x = fixture();
    await answered(x);
    const recording = x.call.record({ dir: x.dir, maxSeconds: 60, beep: false });
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 50; i++) x.factory.media.tick(voice());
    assert.equal(x.f.send(inDialog(x.f.session, 'BYE', { cseq: x.f.session.invite.cseq.seq + 1 }))?.status, 200);
    const rec = await recording;
    assert.equal(rec.endedBy, 'hangup');
    assert.equal(rec.durationMs, 1000);
    assert.ok(existsSync(rec.path));
    assert.equal(x.factory.media.closed, true, 'media released when the call ended');
    await assert.rejects(x.call.collectDigits({ max: 1 }), (e: Error & { code?: string }) => e.code === 'CALL_ENDED');
  });

  it('ends a recording after the policy’s silence once the caller spoke', async () => {
    const x = fixture();
    await answered(x);
    const recording = x.call.record({ dir: x.dir, maxSeconds: 60, beep: false, silenceSeconds: 1 });
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 25; i++) x.factory.media.tick(voice());
    for (let i = 0; i < 60; i++) x.factory.media.tick();
    const rec = await recording;
    assert.equal(rec.endedBy, 'silence');
    assert.ok(rec.durationMs >= 1500 && rec.durationMs <= 1800, `${rec.durationMs} ms`);
  });

  it('transfers before answer with 302 and the target in Contact (RFC 3261 §21.3.3)', async () => {
    const x = fixture();
    assert.equal(await x.call.transfer('sip:1002@192.0.2.10'), true);
    const moved = x.f.responses().at(-1);
    assert.equal(moved?.status, 302);
    assert.equal(moved?.headers.get('Contact'), '<sip:1002@192.0.2.10>');
  });
});
