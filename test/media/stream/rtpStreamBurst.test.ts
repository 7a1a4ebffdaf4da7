/**
 * RtpStream when the media clock catches up after an event-loop stall: several ticks run back to
 * back in one turn, and their packets leave (dgram hands them to the kernel) only after that
 * turn's code is done. Each packet must still go out with its own sequence number and payload.
 * Driven by the real MediaClock on fake time; captured by a real UDP socket on loopback.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { MAX_TICKS_PER_WAKE, MediaClock } from '../../../src/media/clock/index.js';
import { linearToUlaw } from '../../../src/media/codec/index.js';
import { PortPool } from '../../../src/media/ports/index.js';
import { parseRtp } from '../../../src/media/rtp/index.js';
import type { SrtpContext } from '../../../src/media/srtp/index.js';
import { RtpStream } from '../../../src/media/stream/rtpStream.js';
import { FakeTime } from '../clock/fakeTime.js';
import { pair } from '../srtp/helpers.js';

const quiet = { debug: () => undefined, warn: () => undefined };

/** The PCM value of frame k: distinct for k < 60, and distinct µ-law codes too. */
const level = (k: number): number => 400 * (k + 1);

describe('RtpStream: packets of a catch-up burst (several clock ticks in one turn)', () => {
  let pool: PortPool;
  let peer: Socket;
  let peerPort = 0;
  let datagrams: Buffer[] = [];
  let waiters: { n: number; done: () => void }[] = [];

  before(async () => {
    pool = new PortPool({ host: '127.0.0.1', portMin: 43000, portMax: 43999 });
    peer = createSocket('udp4');
    peer.on('message', (msg) => {
      datagrams.push(Buffer.from(msg));
      waiters = waiters.filter((w) => (datagrams.length >= w.n ? (w.done(), false) : true));
    });
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
    peerPort = peer.address().port;
  });
  after(() => {
    peer.close();
    pool.close();
  });

  const received = (n: number): Promise<void> => (datagrams.length >= n ? Promise.resolve() : new Promise((done) => waiters.push({ n, done })));

  async function stream(clock: MediaClock, srtp: { outbound: SrtpContext; inbound: SrtpContext } | null): Promise<RtpStream> {
    const ports = await pool.allocate();
    const s = new RtpStream(
      { port: ports.rtpPort, rtp: ports.rtp, rtcp: ports.rtcp, release: () => ports.release() },
      {
        codec: 'PCMU', sendPayloadType: 0, receivePayloadType: 0, telephoneEvent: null,
        remote: { address: '127.0.0.1', rtpPort: peerPort, rtcpPort: peerPort + 1 },
        send: true, receive: false, srtp, latching: 'strict', inbandDtmf: false,
      },
      clock,
      quiet,
    );
    let k = 0;
    void s.play({ read: (frame) => (frame.fill(level(k++)), true) });
    return s;
  }

  /** Asserts packets 0..n-1 are consecutive and each carries frame k's audio. */
  function assertFrames(packets: Buffer[], n: number): void {
    assert.equal(packets.length, n);
    const parsed = packets.map((p) => parseRtp(p));
    const seq0 = parsed[0]!.seq;
    const ts0 = parsed[0]!.timestamp;
    parsed.forEach((p, k) => {
      assert.equal(p.seq, (seq0 + k) & 0xffff, `packet ${k}: sequence number`);
      assert.equal(p.timestamp, (ts0 + 160 * k) >>> 0, `packet ${k}: timestamp`);
      assert.deepEqual(Buffer.from(p.payload), Buffer.alloc(160, linearToUlaw(level(k))), `packet ${k}: its own frame's payload`);
    });
    assert.equal(new Set(parsed.map((p) => p.seq)).size, n, 'no sequence number twice on the wire');
  }

  it('sends 1 + 5 packets with distinct sequence numbers and payloads when 5 ticks run in one batch after a 105 ms stall', async () => {
    datagrams = [];
    const time = new FakeTime();
    const clock = new MediaClock({ now: time.now, timers: time.timers });
    const s = await stream(clock, null);
    time.advance(0); // tick 0
    await received(1);
    time.stall(105);
    time.advance(0); // ticks 1..5, back to back
    assert.equal(clock.stats().ticks, 6);
    await received(6);
    s.close();
    assertFrames(datagrams, 6);
  });

  it(`keeps every packet of the longest burst the clock runs (${MAX_TICKS_PER_WAKE} ticks after a 1 s stall) apart`, async () => {
    datagrams = [];
    const time = new FakeTime();
    const clock = new MediaClock({ now: time.now, timers: time.timers });
    const s = await stream(clock, null);
    time.stall(1000);
    time.advance(0);
    assert.equal(clock.stats().ticks, MAX_TICKS_PER_WAKE);
    await received(MAX_TICKS_PER_WAKE);
    s.close();
    assertFrames(datagrams, MAX_TICKS_PER_WAKE);
  });

  it('does the same with SRTP (RFC 3711): each protected packet decrypts to its own frame', async () => {
    datagrams = [];
    const keys = pair();
    const inbound = pair().rx;
    const time = new FakeTime();
    const clock = new MediaClock({ now: time.now, timers: time.timers });
    const s = await stream(clock, { outbound: keys.tx, inbound });
    time.stall(200);
    time.advance(0); // ticks 0..10
    await received(11);
    s.close();
    assertFrames(datagrams.map((d) => keys.rx.unprotectRtp(d)), 11);
  });
});
