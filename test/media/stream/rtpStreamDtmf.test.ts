/**
 * RtpStream.sendDtmf: key presses sent as RFC 4733 telephone events (§2.5.1) on the stream's own
 * clock ticks, driven here by hand (the media clock runs on fake time) and received by a plain UDP
 * socket on loopback.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { MediaClock } from '../../../src/media/clock/index.js';
import { parseTelephoneEvent } from '../../../src/media/dtmf/index.js';
import { PortPool } from '../../../src/media/ports/index.js';
import { parseRtp } from '../../../src/media/rtp/index.js';
import { RtpStream } from '../../../src/media/stream/rtpStream.js';
import { FakeTime } from '../clock/fakeTime.js';

const quiet = { debug: () => undefined, warn: () => undefined };

interface Received {
  payloadType: number;
  marker: boolean;
  seq: number;
  timestamp: number;
  payload: Buffer;
}

describe('RtpStream.sendDtmf (RFC 4733 §2.5.1)', () => {
  let pool: PortPool;
  let peer: Socket;
  let peerPort = 0;
  const packets: Received[] = [];
  let waiters: { n: number; done: () => void }[] = [];

  before(async () => {
    pool = new PortPool({ host: '127.0.0.1', portMin: 41000, portMax: 41999 });
    peer = createSocket('udp4');
    peer.on('message', (msg) => {
      const p = parseRtp(msg);
      packets.push({ payloadType: p.payloadType, marker: p.marker, seq: p.seq, timestamp: p.timestamp, payload: Buffer.from(p.payload) });
      waiters = waiters.filter((w) => (packets.length >= w.n ? (w.done(), false) : true));
    });
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
    peerPort = peer.address().port;
  });
  after(() => {
    peer.close();
    pool.close();
  });

  /** Resolves once `n` packets in all have arrived. */
  const received = (n: number): Promise<void> => (packets.length >= n ? Promise.resolve() : new Promise((done) => waiters.push({ n, done })));

  /** Runs `n` ticks, each once the previous tick's packet has arrived (packets counted in order). */
  async function ticks(s: RtpStream, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const before = packets.length;
      s.onTick();
      await received(before + 1);
    }
  }

  async function stream(telephoneEvent: boolean): Promise<RtpStream> {
    const pair = await pool.allocate();
    const time = new FakeTime();
    const clock = new MediaClock({ now: time.now, timers: time.timers });
    return new RtpStream(
      { port: pair.rtpPort, rtp: pair.rtp, rtcp: pair.rtcp, release: () => pair.release() },
      {
        codec: 'PCMU', sendPayloadType: 0, receivePayloadType: 0,
        telephoneEvent: telephoneEvent ? { sendPayloadType: 101, receivePayloadType: 101 } : null,
        remote: { address: '127.0.0.1', rtpPort: peerPort, rtcpPort: peerPort + 1 },
        send: true, receive: true, srtp: null, latching: 'strict', inbandDtmf: false,
      },
      clock,
      quiet,
    );
  }

  it('sends a 100 ms key as 4 updates and 3 end packets with the start timestamp, then audio resumes', async () => {
    packets.length = 0;
    const s = await stream(true);
    let reads = 0;
    void s.play({ read: (f) => (reads++, f.fill(1000), true) });
    await ticks(s, 1);
    const sent = s.sendDtmf('5', 100);
    await ticks(s, 8);
    assert.equal(await sent, true);
    s.close();

    const [audio, ...rest] = packets;
    const events = rest.slice(0, 7);
    const after = rest[7]!;
    assert.equal(audio!.payloadType, 0);
    assert.deepEqual(events.map((p) => p.payloadType), Array(7).fill(101));
    const decoded = events.map((p) => parseTelephoneEvent(p.payload));
    assert.deepEqual(decoded.map((e) => e.event), Array(7).fill(5));
    assert.deepEqual(decoded.map((e) => e.duration), [160, 320, 480, 640, 800, 800, 800]);
    assert.deepEqual(decoded.map((e) => e.end), [false, false, false, false, true, true, true]);
    assert.deepEqual(events.map((p) => p.marker), [true, false, false, false, false, false, false], 'marker on the first packet only (§2.5.1.1)');
    const start = (audio!.timestamp + 160) >>> 0;
    assert.deepEqual(events.map((p) => p.timestamp), Array(7).fill(start), 'every packet carries the event start timestamp');
    assert.deepEqual(rest.slice(0, 8).map((p) => p.seq), rest.slice(0, 8).map((_, i) => (audio!.seq + 1 + i) & 0xffff));
    assert.equal(after.payloadType, 0);
    assert.equal(after.timestamp, (start + 7 * 160) >>> 0, 'the audio clock kept running during the event');
    assert.equal(reads, 2, 'the audio source paused while the key was sent');
  });

  it('sends queued keys one after the other, each with its own start timestamp', async () => {
    packets.length = 0;
    const s = await stream(true);
    const first = s.sendDtmf('1', 40);
    const second = s.sendDtmf('#', 40);
    await ticks(s, 8);
    assert.deepEqual(await Promise.all([first, second]), [true, true]);
    s.close();
    const events = packets.map((p) => ({ ts: p.timestamp, marker: p.marker, ...parseTelephoneEvent(p.payload) }));
    assert.deepEqual(events.map((e) => e.event), [1, 1, 1, 1, 11, 11, 11, 11]);
    assert.deepEqual(events.map((e) => e.marker), [true, false, false, false, true, false, false, false]);
    assert.equal(events[4]!.ts, (events[0]!.ts + 4 * 160) >>> 0);
  });

  it('resolves false when telephone-event was not negotiated, and for presses still queued at close', async () => {
    const without = await stream(false);
    assert.equal(await without.sendDtmf('1'), false);
    without.close();
    const s = await stream(true);
    const pending = s.sendDtmf('2');
    s.close();
    assert.equal(await pending, false);
    assert.equal(await s.sendDtmf('3'), false, 'after close');
  });

  it('refuses a press longer than RFC 4733 can say with MEDIA_DTMF_BAD_FIELD', async () => {
    const s = await stream(true);
    assert.throws(() => s.sendDtmf('1', 9000), { code: 'MEDIA_DTMF_BAD_FIELD' });
    s.close();
  });
});
