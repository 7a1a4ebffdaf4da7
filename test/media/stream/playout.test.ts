/**
 * Playout (src/media/stream/playout.ts): one 20 ms frame of received audio per media-clock tick,
 * whatever the sender's packet time. Packets go into a real JitterBuffer at their arrival time
 * and tick() runs every 20 ms of simulated time: pure, no sockets, no timers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDecoder, createEncoder } from '../../../src/media/codec/index.js';
import { JitterBuffer, type JitterPacket } from '../../../src/media/jitter/index.js';
import { parseRtp } from '../../../src/media/rtp/index.js';
import { Playout } from '../../../src/media/stream/playout.js';
import { readUdpFromPcap, SIP_TESTER_PCAPS } from '../helpers/pcap.js';

interface Arrival {
  atMs: number;
  packet: JitterPacket;
}

/** Runs ticks every 20 ms until `untilMs`, pushing each packet once its arrival time has come. */
function play(arrivals: Arrival[], untilMs: number): { frames: Int16Array[]; silent: number[]; jitter: JitterBuffer } {
  const jitter = new JitterBuffer({ clockRate: 8000, frameSamples: 160 });
  const playout = new Playout(jitter, createDecoder('PCMA'), 160);
  const frames: Int16Array[] = [];
  const silent: number[] = [];
  let next = 0;
  for (let tick = 0, now = 0; now <= untilMs; tick++, now += 20) {
    while (next < arrivals.length && arrivals[next]!.atMs <= now) jitter.push(arrivals[next++]!.packet);
    const frame = playout.tick();
    if (frame === playout.silence) silent.push(tick);
    frames.push(Int16Array.from(frame));
  }
  return { frames, silent, jitter };
}

/** PCMA packets of `ptimeMs` carrying a ramp, one every ptimeMs from t = 7 ms; and that audio decoded. */
function synthetic(ptimeMs: number, seconds: number): { arrivals: Arrival[]; audio: Int16Array } {
  const perPacket = ptimeMs * 8;
  const count = (seconds * 1000) / ptimeMs;
  const pcm = Int16Array.from({ length: count * perPacket }, (_, i) => ((i * 37) % 16000) - 8000);
  const encoded = createEncoder('PCMA').encode(pcm);
  const arrivals = Array.from({ length: count }, (_, k) => ({
    atMs: 7 + k * ptimeMs,
    packet: { seq: (40000 + k) & 0xffff, timestamp: 9000 + k * perPacket, ssrc: 7, marker: k === 0, payload: encoded.subarray(k * perPacket, (k + 1) * perPacket), samples: perPacket },
  }));
  return { arrivals, audio: createDecoder('PCMA').decode(encoded) };
}

/** The frames from the first non-silent one, joined. */
function audioOut(frames: Int16Array[], silent: number[]): Int16Array {
  const first = frames.findIndex((_, i) => !silent.includes(i));
  const out = new Int16Array((frames.length - first) * 160);
  frames.slice(first).forEach((f, i) => out.set(f, i * 160));
  return out;
}

describe('Playout: one frame per tick whatever the packet time', () => {
  it("plays sipp's 30 ms PCMA capture (g711a.pcap) with no silent tick after priming, no dropped packet and no lost frame", () => {
    const datagrams = readUdpFromPcap(`${SIP_TESTER_PCAPS}/g711a.pcap`);
    const t0 = datagrams[0]!.timeMs;
    const arrivals = datagrams.map((d) => {
      const rtp = parseRtp(d.payload);
      return { atMs: d.timeMs - t0, packet: { ...rtp, payload: Buffer.from(rtp.payload), samples: rtp.payload.length } };
    });
    assert.ok(arrivals.every((a) => a.packet.samples === 240), 'the capture is 30 ms packets');
    const lastArrival = arrivals.at(-1)!.atMs;
    const { frames, silent, jitter } = play(arrivals, lastArrival);
    assert.deepEqual(silent, [0, 1, 2], 'silent only while the jitter buffer primes (depth 3 frames)');
    assert.deepEqual({ lost: jitter.stats.lost, overflow: jitter.stats.overflow, late: jitter.stats.late, missing: jitter.stats.missing }, { lost: 0, overflow: 0, late: 0, missing: 0 });
    const decoded = createDecoder('PCMA').decode(Buffer.concat(arrivals.map((a) => a.packet.payload)));
    const out = audioOut(frames, silent);
    assert.deepEqual(out, decoded.subarray(0, out.length), 'the audio comes out whole and in order');
  });

  for (const ptime of [10, 20, 30, 40, 60]) {
    it(`hands out ${ptime} ms packets as consecutive 20 ms frames, nothing dropped or concealed`, () => {
      const { arrivals, audio } = synthetic(ptime, 4);
      const { frames, silent, jitter } = play(arrivals, 4000);
      assert.equal(jitter.stats.overflow + jitter.stats.lost + jitter.stats.missing, 0);
      assert.ok(silent.every((t) => t <= 4), `silent ticks ${silent.join(',')}`);
      const out = audioOut(frames, silent);
      assert.ok(out.length >= audio.length - 6 * 160, 'all but the last few frames (still in the buffer) played');
      assert.deepEqual(out, audio.subarray(0, out.length));
    });
  }
});
