/**
 * 1000 random scenarios (seeded, so a failure repeats) of loss, duplication, delay, reordering,
 * SSRC changes, timestamp jumps and wraparound, checking the jitter buffer's invariants:
 * - output timestamps start at 0 and each item begins where the previous ended, one frame each;
 * - every pushed packet comes out at most once;
 * - every push is accounted for: played, still buffered, dropped for overflow, duplicate or late;
 * - the buffer never holds more than maxDepthFrames packets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JitterBuffer, type JitterPacket } from '../../../src/media/jitter/index.js';
import { randomInt, seededRandom } from '../helpers/prng.js';

const FS = 160;
const TICK_MS = 20;

interface Scenario {
  packets: { packet: JitterPacket; arrivalMs: number }[];
  ticks: number;
  depthFrames: number;
  maxDepthFrames: number;
}

function scenario(random: () => number): Scenario {
  const count = randomInt(random, 20, 300);
  const lossRate = random() < 0.3 ? 0 : random() * 0.2;
  const dupRate = random() < 0.5 ? 0 : random() * 0.1;
  const jitterMs = random() < 0.2 ? 0 : random() * 120;
  let ssrc = randomInt(random, 0, 0xffffffff);
  let seq = random() < 0.3 ? randomInt(random, 65500, 65535) : randomInt(random, 0, 0xffff);
  let ts = random() < 0.3 ? 2 ** 32 - randomInt(random, 0, 50) * FS : randomInt(random, 0, 0xffffffff);
  const packets: Scenario['packets'] = [];
  let id = 0;
  for (let i = 0; i < count; i++) {
    const r = random();
    if (r < 0.005) {
      ssrc = (ssrc + 1) >>> 0;
      seq = randomInt(random, 0, 0xffff);
      ts = randomInt(random, 0, 0xffffffff);
    } else if (r < 0.01) {
      ts = (ts + randomInt(random, -1e9, 1e9)) >>> 0;
    } else if (r < 0.02) {
      // silence suppression: the timestamp keeps real time, nothing is sent for a while
      const skip = randomInt(random, 2, 60);
      i += skip;
      seq = (seq + 0) & 0xffff;
      ts = (ts + skip * FS) >>> 0;
    }
    const sendMs = i * TICK_MS;
    if (random() >= lossRate) {
      const payload = new Uint8Array(4);
      new DataView(payload.buffer).setUint32(0, id++);
      const packet: JitterPacket = { seq, timestamp: ts, ssrc, payload, marker: random() < 0.02 };
      const copies = random() < dupRate ? 2 : 1;
      for (let c = 0; c < copies; c++) packets.push({ packet, arrivalMs: sendMs + random() * jitterMs });
    }
    seq = (seq + 1) & 0xffff;
    ts = (ts + FS) >>> 0;
  }
  packets.sort((a, b) => a.arrivalMs - b.arrivalMs);
  const depthFrames = randomInt(random, 0, 6);
  return { packets, ticks: count + randomInt(random, 0, 100), depthFrames, maxDepthFrames: depthFrames + randomInt(random, 1, 60) };
}

describe('jitter buffer fuzz: 1000 seeded scenarios', () => {
  it('keeps its invariants under loss, duplicates, reordering, SSRC changes, jumps and wraparound', () => {
    const random = seededRandom(0x5eed);
    for (let n = 0; n < 1000; n++) {
      const sc = scenario(random);
      const jb = new JitterBuffer({ clockRate: 8000, frameSamples: FS, depthFrames: sc.depthFrames, maxDepthFrames: sc.maxDepthFrames });
      const seen = new Set<number>();
      let expectedTs = 0;
      let frames = 0;
      let next = 0;
      for (let tick = 0; tick < sc.ticks; tick++) {
        while (next < sc.packets.length && (sc.packets[next]?.arrivalMs ?? Infinity) < (tick + 1) * TICK_MS) {
          jb.push((sc.packets[next] as Scenario['packets'][number]).packet);
          next++;
          assert.ok(jb.size <= sc.maxDepthFrames, `scenario ${n}: ${jb.size} packets held, limit ${sc.maxDepthFrames}`);
        }
        const out = jb.pop();
        if (out === null) continue;
        assert.equal(out.timestamp, expectedTs, `scenario ${n} tick ${tick}: output is contiguous`);
        assert.equal(out.samples, FS, `scenario ${n} tick ${tick}: one frame per item`);
        expectedTs += out.samples;
        if (out.kind === 'frame') {
          const id = new DataView(out.payload.buffer, out.payload.byteOffset).getUint32(0);
          assert.ok(!seen.has(id), `scenario ${n}: packet ${id} output twice`);
          seen.add(id);
          frames++;
        }
      }
      const s = jb.stats;
      assert.equal(s.received, next);
      assert.equal(frames + jb.size + s.overflow + s.duplicate + s.late, s.received, `scenario ${n}: every push accounted for ${JSON.stringify(s)}`);
    }
  });
});
