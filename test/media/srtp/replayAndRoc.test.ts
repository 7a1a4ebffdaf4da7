import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReplayWindow, estimateIndex } from '../../../src/media/srtp/index.js';

describe('RFC 3711 §3.3.1 / Appendix A index estimation', () => {
  const cases: [string, number, number, number][] = [
    // [what, highest index (ROC * 65536 + s_l), SEQ, expected index]
    ['next in sequence', 100, 101, 101],
    ['late, same ROC', 100, 90, 90],
    ['wrap forward: s_l high, SEQ small → ROC + 1', 65535, 2, 65536 + 2],
    ['late from before the wrap: s_l small, SEQ high → ROC - 1', 65536 + 3, 65534, 65534],
    ['ROC 0 and SEQ far above: ROC - 1 is negative (too old)', 5, 40000, -65536 + 40000],
    ['exactly half way ahead stays in ROC', 32768, 0, 0],
    ['second wrap', 2 * 65536 + 65000, 100, 3 * 65536 + 100],
  ];
  for (const [what, highest, seq, expected] of cases) {
    it(what, () => assert.equal(estimateIndex(highest, seq), expected));
  }
});

describe('RFC 3711 §3.3.2 replay list (64-packet window)', () => {
  it('calls an index above the highest new, a received one replayed, a missing one in window', () => {
    const w = new ReplayWindow();
    assert.equal(w.check(0), 'new');
    w.accept(10);
    w.accept(8);
    assert.equal(w.check(11), 'new');
    assert.equal(w.check(10), 'replayed');
    assert.equal(w.check(8), 'replayed');
    assert.equal(w.check(9), 'inWindow');
  });

  it('calls an index 64 or more behind the highest too old, 63 behind in window', () => {
    const w = new ReplayWindow();
    w.accept(1000);
    assert.equal(w.check(1000 - 63), 'inWindow');
    assert.equal(w.check(1000 - 64), 'tooOld');
  });

  it('forgets nothing still inside the window when it slides, and ring slots reused by newer indexes do not match older ones', () => {
    const w = new ReplayWindow();
    w.accept(5);
    w.accept(5 + 64); // same ring slot as 5
    assert.equal(w.check(5), 'tooOld');
    assert.equal(w.check(69), 'replayed');
    w.accept(2 ** 40 + 7); // large 48-bit indexes
    assert.equal(w.check(2 ** 40 + 7), 'replayed');
    assert.equal(w.check(2 ** 40 + 6), 'inWindow');
  });
});
