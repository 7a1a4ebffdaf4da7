/** RFC 3550 Appendix A.1 (sequence validity), A.3 (loss) and A.8 (interarrival jitter). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SequenceTracker } from '../../../src/media/rtp/index.js';

/** Feeds seq numbers (mod 2^16) every 20 ms with timestamps +160, arrival exactly on time. */
function feed(t: SequenceTracker, seqs: number[], startMs = 0): string[] {
  return seqs.map((s, i) => t.update(s & 0xffff, ((s * 160) >>> 0) % 2 ** 32, startMs + i * 20));
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('RFC 3550 A.1 sequence number validity', () => {
  it('holds a new source on probation until MIN_SEQUENTIAL (2) packets arrive in sequence', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    assert.deepEqual(feed(t, [100, 101, 102]), ['probation', 'valid', 'valid']);
    assert.equal(t.valid, true);
    assert.equal(t.stats().expected, 2, 'counting starts at the packet that ended probation');
  });

  it('restarts probation when the second packet is not in sequence', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    assert.deepEqual(feed(t, [100, 105, 106]), ['probation', 'probation', 'valid']);
  });

  it('accepts the first packet at once with minSequential 1', () => {
    const t = new SequenceTracker({ clockRate: 8000, limits: { minSequential: 1 } });
    assert.deepEqual(feed(t, [7]), ['valid']);
    assert.equal(t.stats().received, 1);
  });

  it('counts wrap cycles in the extended highest sequence number at 65535 → 0', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    feed(t, range(65530, 65540));
    const s = t.stats();
    assert.equal(s.extendedHighestSeq, 65536 + (65540 - 65536));
    assert.equal(s.expected, 10);
    assert.equal(s.cumulativeLost, 0);
  });

  it('treats a jump beyond MAX_DROPOUT as bad, and re-syncs when the next packet follows it', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    feed(t, range(1, 10));
    assert.equal(t.update(20000, 0, 1000), 'bad');
    assert.equal(t.update(20001, 160, 1020), 'valid');
    const s = t.stats();
    assert.equal(s.extendedHighestSeq, 20001);
    assert.equal(s.expected, 1, 'A.1 init_seq: a restarted sequence starts its counts anew');
  });

  it('ignores a single stray packet far away: the sequence goes on', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    feed(t, range(1, 10));
    assert.equal(t.update(40000, 0, 1000), 'bad');
    assert.equal(t.update(11, 11 * 160, 1020), 'valid');
    assert.equal(t.stats().extendedHighestSeq, 11);
  });

  it('counts a late packet within MAX_MISORDER as received without moving the highest', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    feed(t, [1, 2, 3, 5, 6]);
    assert.equal(t.update(4, 4 * 160, 200), 'valid');
    const s = t.stats();
    assert.equal(s.extendedHighestSeq, 6);
    assert.equal(s.cumulativeLost, 0);
  });
});

describe('RFC 3550 A.3 loss: cumulative and fraction per interval', () => {
  it('counts a burst of 5 lost packets and the fraction of the interval in 1/256', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    feed(t, [...range(1, 20), ...range(26, 41)]);
    const s = t.closeInterval();
    assert.equal(s.expected, 40);
    assert.equal(s.received, 35);
    assert.equal(s.cumulativeLost, 5);
    assert.equal(s.fractionLost, Math.floor((5 * 256) / 40));
  });

  it('starts a new interval after closeInterval: no loss since → fraction 0, cumulative kept', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    feed(t, [...range(1, 20), ...range(26, 41)]);
    t.closeInterval();
    feed(t, range(42, 60), 2000);
    const s = t.stats();
    assert.equal(s.fractionLost, 0);
    assert.equal(s.cumulativeLost, 5);
  });

  it('reports fraction 0 and a negative cumulative loss when duplicates outnumber losses', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    feed(t, [1, 2, 3, 3, 3, 4]);
    const s = t.stats();
    assert.equal(s.cumulativeLost, -2);
    assert.equal(s.fractionLost, 0);
  });
});

describe('RFC 3550 A.8 interarrival jitter', () => {
  it('stays 0 when packets arrive exactly at their timestamp pace', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    feed(t, range(1, 100));
    assert.equal(t.stats().jitter, 0);
  });

  it('converges to |D| with J += (|D| - J)/16 when arrivals alternate 10 and 30 ms apart', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    let arrival = 0;
    for (let i = 0; i < 200; i++) {
      t.update(i, i * 160, arrival);
      arrival += i % 2 === 0 ? 10 : 30;
    }
    // |D| is 10 ms = 80 units for every pair; after n updates J = 80 (1 - (15/16)^n).
    const n = 200 - 2; // the first packet is probation; the second (which passes it) has no previous transit
    assert.equal(t.stats().jitter, Math.floor(80 * (1 - (15 / 16) ** n)));
  });

  it('is not disturbed by the 32-bit timestamp wrap', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    const start = 2 ** 32 - 160 * 5;
    for (let i = 0; i < 20; i++) t.update(i, (start + i * 160) % 2 ** 32, i * 20);
    assert.equal(t.stats().jitter, 0);
  });
});
