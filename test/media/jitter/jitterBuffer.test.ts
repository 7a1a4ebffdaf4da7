/**
 * The receive jitter buffer (src/media/jitter/jitterBuffer.ts): reordering, duplicates, loss,
 * RFC 3550 §5.1 sequence and timestamp wraparound, SSRC changes and timestamp jumps (re-sync),
 * silence suppression, 30 ms packets from a real capture. Pure: one push batch and one pop per
 * simulated 20 ms tick, no timers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JitterBuffer, JitterError, type JitterBufferOptions, type JitterOutput, type JitterPacket } from '../../../src/media/jitter/index.js';
import { parseRtp } from '../../../src/media/rtp/index.js';
import { readUdpFromPcap, SIP_TESTER_PCAPS } from '../helpers/pcap.js';

const FS = 160;
const options: JitterBufferOptions = { clockRate: 8000, frameSamples: FS, depthFrames: 3, maxDepthFrames: 50 };

/** Packet i of a 20 ms stream; the payload's first byte pair holds i so that tests can tell them apart. */
function packet(i: number, o: { seq0?: number; ts0?: number; ssrc?: number; marker?: boolean } = {}): JitterPacket {
  const payload = new Uint8Array(FS);
  payload[0] = i >> 8;
  payload[1] = i & 0xff;
  return { seq: ((o.seq0 ?? 1000) + i) & 0xffff, timestamp: ((o.ts0 ?? 5000) + i * FS) % 2 ** 32, ssrc: o.ssrc ?? 0x1234, payload, marker: o.marker ?? false };
}

const idOf = (out: JitterOutput): number | null => (out.kind === 'frame' ? ((out.payload[0] ?? 0) << 8) | (out.payload[1] ?? 0) : null);

/** Runs ticks: before each pop, pushes what `arrivals[tick]` holds. Returns every non-null pop. */
function simulate(jb: JitterBuffer, arrivals: JitterPacket[][], extraTicks = 10): JitterOutput[] {
  const out: JitterOutput[] = [];
  for (let tick = 0; tick < arrivals.length + extraTicks; tick++) {
    for (const p of arrivals[tick] ?? []) jb.push(p);
    const item = jb.pop();
    if (item !== null) out.push(item);
  }
  return out;
}

/** One packet per tick, in order. */
const steady = (packets: JitterPacket[]): JitterPacket[][] => packets.map((p) => [p]);

/** The sequence of ids and 'm' for missing, trimmed of trailing missing items. */
function shape(out: JitterOutput[]): (number | 'm')[] {
  const s = out.map((o) => idOf(o) ?? 'm');
  while (s[s.length - 1] === 'm') s.pop();
  return s;
}

function assertContiguous(out: JitterOutput[], fs = FS): void {
  out.forEach((o, i) => {
    assert.equal(o.timestamp, i === 0 ? 0 : (out[i - 1] as JitterOutput).timestamp + (out[i - 1] as JitterOutput).samples, `item ${i}`);
    assert.equal(o.samples, fs, `item ${i} covers one frame`);
  });
}

const ids = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('jitter buffer: ordering', () => {
  it('holds depthFrames ticks, then outputs an in-order stream frame by frame from timestamp 0', () => {
    const jb = new JitterBuffer(options);
    const out: (JitterOutput | null)[] = [];
    for (let i = 0; i < 10; i++) {
      jb.push(packet(i));
      out.push(jb.pop());
    }
    assert.deepEqual(out.slice(0, 3), [null, null, null]);
    const items = out.slice(3) as JitterOutput[];
    assert.deepEqual(items.map(idOf), ids(0, 6));
    assertContiguous(items);
    assert.equal(items[0]?.kind === 'frame' ? items[0].rtpTimestamp : -1, 5000);
    assert.equal(jb.stats.lost, 0);
    assert.equal(jb.stats.missing, 0);
  });

  it('puts packets reordered within the depth back in order and counts them', () => {
    const order = [0, 2, 1, 3, 5, 4, 6, 8, 7, 9];
    const out = simulate(new JitterBuffer(options), order.map((i) => [packet(i)]));
    assert.deepEqual(shape(out), ids(0, 9));
    assertContiguous(out);
  });

  it('counts reordered packets', () => {
    const jb = new JitterBuffer(options);
    simulate(jb, [0, 2, 1, 3, 5, 4].map((i) => [packet(i)]));
    assert.equal(jb.stats.reordered, 2);
  });

  it('outputs each packet once when every packet arrives twice, and counts the copies', () => {
    const jb = new JitterBuffer(options);
    const out = simulate(jb, ids(0, 19).map((i) => [packet(i), packet(i)]));
    assert.deepEqual(shape(out), ids(0, 19));
    assert.equal(jb.stats.duplicate, 20);
  });

  it('recognizes a copy of a packet already played as a duplicate, not as late', () => {
    const jb = new JitterBuffer(options);
    const arrivals = steady(ids(0, 19).map((i) => packet(i)));
    arrivals[12]?.push(packet(2));
    const out = simulate(jb, arrivals);
    assert.deepEqual(shape(out), ids(0, 19));
    assert.equal(jb.stats.duplicate, 1);
    assert.equal(jb.stats.late, 0);
  });
});

describe('jitter buffer: loss and lateness', () => {
  it("reports a burst of 5 lost packets as 5 'missing' frames at their timestamps", () => {
    const jb = new JitterBuffer(options);
    const arrivals = steady(ids(0, 29).map((i) => packet(i)));
    for (let i = 10; i < 15; i++) arrivals[i] = [];
    const out = simulate(jb, arrivals);
    assert.deepEqual(shape(out), [...ids(0, 9), 'm', 'm', 'm', 'm', 'm', ...ids(15, 29)]);
    assertContiguous(out);
    assert.equal(jb.stats.lost, 5);
  });

  it('drops a packet that arrives after its slot was played, and reports the slot missing', () => {
    const jb = new JitterBuffer(options);
    const arrivals = steady(ids(0, 19).map((i) => packet(i)));
    const p5 = arrivals[5]?.pop();
    assert.ok(p5);
    arrivals[12]?.push(p5);
    const out = simulate(jb, arrivals);
    assert.deepEqual(shape(out), [...ids(0, 4), 'm', ...ids(6, 19)]);
    assert.equal(jb.stats.late, 1);
  });

  it('keeps the timeline going with missing frames when packets stop, bounded and without growth', () => {
    const jb = new JitterBuffer(options);
    const out = simulate(jb, steady(ids(0, 9).map((i) => packet(i))), 500);
    assertContiguous(out);
    assert.equal(out.length, 510 - 3, 'one item per tick after the initial depth');
    assert.equal(jb.size, 0);
  });
});

describe('jitter buffer: RFC 3550 §5.1 wraparound', () => {
  it('plays through the 16-bit sequence number wrap (65535 → 0) without a gap or re-sync', () => {
    const jb = new JitterBuffer(options);
    const out = simulate(jb, steady(ids(0, 29).map((i) => packet(i, { seq0: 65520 }))));
    assert.deepEqual(shape(out), ids(0, 29));
    assert.equal(jb.stats.resyncs, 0);
    assert.equal(jb.stats.lost, 0);
  });

  it('reorders across the sequence wrap', () => {
    const order = [0, 1, 3, 2, 4, 5];
    const out = simulate(new JitterBuffer(options), order.map((i) => [packet(i, { seq0: 65533 })]));
    assert.deepEqual(shape(out), ids(0, 5));
  });

  it('plays through the 32-bit timestamp wrap without a gap or re-sync', () => {
    const jb = new JitterBuffer(options);
    const out = simulate(jb, steady(ids(0, 29).map((i) => packet(i, { ts0: 2 ** 32 - 10 * FS - 37 }))));
    assert.deepEqual(shape(out), ids(0, 29));
    assertContiguous(out);
    assert.equal(jb.stats.resyncs, 0);
  });
});

describe('jitter buffer: re-sync', () => {
  it('follows an SSRC change mid-stream (new sequence and timestamps) without silence or loss', () => {
    const jb = new JitterBuffer(options);
    const a = ids(0, 19).map((i) => packet(i));
    const b = ids(20, 39).map((i) => packet(i, { ssrc: 0x9999, seq0: 7, ts0: 123456789 - 20 * FS }));
    const out = simulate(jb, steady([...a, ...b]));
    assert.deepEqual(shape(out), ids(0, 39));
    assertContiguous(out);
    assert.equal(jb.stats.resyncs, 1);
  });

  it('re-syncs on a timestamp jump of 10 minutes instead of inserting 10 minutes of silence', () => {
    const jb = new JitterBuffer(options);
    const a = ids(0, 19).map((i) => packet(i));
    const b = ids(20, 39).map((i) => packet(i, { ts0: 5000 + 8000 * 600 }));
    const out = simulate(jb, steady([...a, ...b]));
    assert.deepEqual(shape(out), ids(0, 39), 'no missing frame between the two parts');
    assert.equal(jb.stats.resyncs, 1);
  });

  it('re-syncs on timestamps that jump backwards, without dropping the new packets as late', () => {
    const jb = new JitterBuffer(options);
    const a = ids(0, 19).map((i) => packet(i, { ts0: 8_000_000 }));
    const b = ids(20, 39).map((i) => packet(i, { ts0: 1000 }));
    const out = simulate(jb, steady([...a, ...b]));
    assert.deepEqual(shape(out), ids(0, 39));
    assert.equal(jb.stats.late, 0);
  });

  it('outputs silence-suppression gaps as missing frames (one per tick) without re-sync (RFC 3551 §4.1)', () => {
    const jb = new JitterBuffer(options);
    const arrivals = steady(ids(0, 59).map((i) => packet(i, { marker: i === 30 })));
    // A sender with VAD sends nothing for ticks 10-29, keeping its timestamps on real time.
    for (let i = 10; i < 30; i++) arrivals[i] = [];
    const out = simulate(jb, arrivals);
    assert.deepEqual(shape(out), [...ids(0, 9), ...new Array<'m'>(20).fill('m'), ...ids(30, 59)]);
    assert.equal(jb.stats.resyncs, 0);
    assertContiguous(out);
  });

  it('recovers from a stall: packets held back 200 ms and delivered in a burst are all played', () => {
    const jb = new JitterBuffer(options);
    const arrivals = steady(ids(0, 39).map((i) => packet(i)));
    const held = ids(10, 19).map((i) => packet(i));
    for (let i = 10; i < 20; i++) arrivals[i] = [];
    arrivals[20] = [...held, ...(arrivals[20] ?? [])];
    const out = simulate(jb, arrivals, 30);
    const played = out.map(idOf).filter((x): x is number => x !== null);
    assert.deepEqual(played, ids(0, 39), 'nothing lost, in order');
    assertContiguous(out);
  });

  it('sheds the delay a stall added when the next talkspurt (marker) starts on an empty buffer', () => {
    const jb = new JitterBuffer(options);
    const arrivals = steady(ids(0, 79).map((i) => packet(i, { marker: i === 60 })));
    const held = ids(10, 19).map((i) => packet(i));
    for (let i = 10; i < 20; i++) arrivals[i] = [];
    arrivals[20] = [...held, ...(arrivals[20] ?? [])];
    for (let i = 40; i < 60; i++) arrivals[i] = []; // silence suppression
    const out: (JitterOutput | null)[] = [];
    for (let tick = 0; tick < 80; tick++) {
      for (const p of arrivals[tick] ?? []) jb.push(p);
      out.push(jb.pop());
    }
    // Back to a 3-frame delay: packet 60, pushed at tick 60, comes out at tick 63.
    assert.equal(out.findIndex((o) => o !== null && idOf(o) === 60), 63);
    assert.equal(jb.stats.late + jb.stats.overflow, 0);
  });

  it('re-syncs when the sequence restarts (two packets in a row far behind, RFC 3550 A.1)', () => {
    const jb = new JitterBuffer(options);
    const a = ids(0, 19).map((i) => packet(i, { seq0: 30000 }));
    const b = ids(20, 39).map((i) => packet(i, { seq0: 100 }));
    const out = simulate(jb, steady([...a, ...b]));
    const played = out.map(idOf).filter((x): x is number => x !== null);
    assert.deepEqual(played, [...ids(0, 19), ...ids(21, 39)], 'the first packet of the restart is held as a stray');
    assert.equal(jb.stats.resyncs, 1);
  });
});

describe('jitter buffer: 30 ms packets (sipp g711a.pcap, PCMA ptime 30)', () => {
  it('outputs every packet once, in order, each covering 240 units, paced by 20 ms pops', () => {
    const datagrams = readUdpFromPcap(`${SIP_TESTER_PCAPS}/g711a.pcap`);
    const t0 = datagrams[0]?.timeMs ?? 0;
    const jb = new JitterBuffer(options);
    const out: JitterOutput[] = [];
    let next = 0;
    let pops = 0;
    for (let now = 0; now < 7200 + 300; now += 20) {
      while (next < datagrams.length && (datagrams[next]?.timeMs ?? 0) - t0 <= now) {
        const rtp = parseRtp((datagrams[next] as (typeof datagrams)[number]).payload);
        jb.push({ ...rtp, samples: rtp.payload.length });
        next++;
      }
      pops++;
      const item = jb.pop();
      if (item !== null) out.push(item);
    }
    const frames = out.filter((o) => o.kind === 'frame');
    assert.equal(frames.length, 236);
    assert.equal(jb.stats.late + jb.stats.duplicate + jb.stats.overflow, 0);
    const firstTrailingMissing = out.findIndex((o, i) => i > 0 && o.kind === 'missing' && out.slice(i).every((x) => x.kind === 'missing'));
    const body = firstTrailingMissing < 0 ? out : out.slice(0, firstTrailingMissing);
    assert.ok(body.every((o) => o.kind === 'frame' && o.samples === 240), 'no hole inside the capture');
    body.forEach((o, i) => assert.equal(o.timestamp, i * 240));
    // 2 frames per 3 pops: the output keeps real time.
    const lastFrame = frames[frames.length - 1] as JitterOutput;
    assert.ok(lastFrame.timestamp + 240 <= pops * FS);
  });
});

describe('jitter buffer: lost audio in timestamp units', () => {
  it('counts a lost 30 ms packet as 240 units (1.5 frames of 20 ms), a lost 20 ms one as 160', () => {
    for (const ptime of [160, 240]) {
      const jb = new JitterBuffer(options);
      const packets = Array.from({ length: 20 }, (_, i) => ({ seq: 100 + i, timestamp: 1000 + i * ptime, ssrc: 9, payload: new Uint8Array(ptime), marker: false, samples: ptime }));
      // Packets 8 and 9 never arrive.
      const arrivals = packets.map((p, i) => (i === 8 || i === 9 ? [] : [p]));
      const out = simulate(jb, arrivals, 20);
      assert.equal(out.filter((o) => o.kind === 'frame').length, 18);
      assert.equal(jb.stats.lost, 2);
      assert.equal(jb.stats.lostSamples, 2 * ptime);
    }
  });
});

describe('jitter buffer: bounds and options', () => {
  it('never holds more than maxDepthFrames packets and counts what it drops', () => {
    const jb = new JitterBuffer({ ...options, maxDepthFrames: 10 });
    for (let i = 0; i < 100; i++) {
      jb.push(packet(i));
      assert.ok(jb.size <= 10);
    }
    assert.equal(jb.stats.overflow, 90);
  });

  const bad: { name: string; o: JitterBufferOptions }[] = [
    { name: 'frameSamples 0', o: { clockRate: 8000, frameSamples: 0 } },
    { name: 'clockRate 0', o: { clockRate: 0, frameSamples: 160 } },
    { name: 'a fractional frame', o: { clockRate: 8000, frameSamples: 160.5 } },
    { name: 'negative depth', o: { clockRate: 8000, frameSamples: 160, depthFrames: -1 } },
    { name: 'maxDepthFrames below depthFrames', o: { clockRate: 8000, frameSamples: 160, depthFrames: 5, maxDepthFrames: 4 } },
    { name: 'maxDepthFrames 0', o: { clockRate: 8000, frameSamples: 160, depthFrames: 0, maxDepthFrames: 0 } },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MEDIA_JITTER_BAD_OPTIONS`, () => {
      assert.throws(() => new JitterBuffer(c.o), (err: unknown) => err instanceof JitterError && err.code === 'MEDIA_JITTER_BAD_OPTIONS');
    });
  }

  it('plays at once with depthFrames 0', () => {
    const jb = new JitterBuffer({ ...options, depthFrames: 0 });
    jb.push(packet(0));
    assert.equal(idOf(jb.pop() as JitterOutput), 0);
  });
});
