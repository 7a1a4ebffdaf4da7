import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultTimerValues, resolveTimerValues, timersFor } from '../../../src/sip/transaction/index.js';

describe('RFC 3261 Table 4 timer values', () => {
  it('defaults to T1 = 500 ms, T2 = 4 s, T4 = 5 s, per §17.1.1.1 and §17.1.2.2', () => {
    assert.equal(defaultTimerValues.T1, 500);
    assert.equal(defaultTimerValues.T2, 4000);
    assert.equal(defaultTimerValues.T4, 5000);
  });

  it('derives Timers A–M for unreliable transports', () => {
    assert.deepEqual(timersFor(resolveTimerValues(), false), {
      T1: 500, T2: 4000, A: 500, B: 32_000, D: 32_000, E: 500, F: 32_000, G: 500, H: 32_000,
      I: 5000, J: 32_000, K: 5000, L: 32_000, M: 32_000, trying: 200,
    });
  });

  it('drops A, E and G and zeroes D, I, J and K for reliable transports', () => {
    assert.deepEqual(timersFor(resolveTimerValues(), true), {
      T1: 500, T2: 4000, A: null, B: 32_000, D: 0, E: null, F: 32_000, G: null, H: 32_000,
      I: 0, J: 0, K: 0, L: 32_000, M: 32_000, trying: 200,
    });
  });

  it('scales B, F, H, J, L and M with a configured T1', () => {
    const t = timersFor(resolveTimerValues({ T1: 100, T4: 2000 }), false);
    assert.deepEqual([t.A, t.B, t.F, t.H, t.J, t.L, t.M, t.I, t.K], [100, 6400, 6400, 6400, 6400, 6400, 6400, 2000, 2000]);
  });

  it('rejects non-positive values and T2 below T1 with SIP_TXN_BAD_TIMER', () => {
    for (const bad of [{ T1: 0 }, { T2: -1 }, { T4: Number.NaN }, { T1: 5000, T2: 4000 }, { trying: -5 }]) {
      assert.throws(() => resolveTimerValues(bad), { code: 'SIP_TXN_BAD_TIMER' });
    }
  });
});
