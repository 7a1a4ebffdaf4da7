import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BACKOFF, resolveBackoff, retryDelayMs } from '../../src/delivery/index.js';

describe('outbox retry backoff', () => {
  const noJitter = () => 0;

  it('starts at 5 s and doubles after each failure', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, DEFAULT_BACKOFF, noJitter)), [5_000, 10_000, 20_000, 40_000, 80_000, 160_000]);
  });

  it('caps the delay at 15 minutes, however many failures', () => {
    assert.equal(retryDelayMs(8, DEFAULT_BACKOFF, noJitter), 640_000);
    assert.equal(retryDelayMs(9, DEFAULT_BACKOFF, noJitter), 900_000);
    assert.equal(retryDelayMs(10, DEFAULT_BACKOFF, noJitter), 900_000);
    assert.equal(retryDelayMs(1_000_000, DEFAULT_BACKOFF, noJitter), 900_000);
    assert.equal(retryDelayMs(Number.MAX_SAFE_INTEGER, DEFAULT_BACKOFF, noJitter), 900_000);
  });

  it('only ever shortens the delay with jitter, by at most the jitter fraction', () => {
    assert.equal(retryDelayMs(1, DEFAULT_BACKOFF, () => 0.5), 4_500);
    assert.equal(retryDelayMs(1, DEFAULT_BACKOFF, () => 0.999999), 4_000);
    assert.equal(retryDelayMs(20, DEFAULT_BACKOFF, () => 0.999999), 720_000);
    // A broken random source cannot push the delay outside [d·(1 - jitter), d].
    assert.equal(retryDelayMs(1, DEFAULT_BACKOFF, () => 7), 4_000);
    assert.equal(retryDelayMs(1, DEFAULT_BACKOFF, () => -3), 5_000);
  });

  it('treats a failure count below 1 as the first failure', () => {
    assert.equal(retryDelayMs(0, DEFAULT_BACKOFF, noJitter), 5_000);
    assert.equal(retryDelayMs(-4, DEFAULT_BACKOFF, noJitter), 5_000);
  });

  it('spreads entries that failed together over the jitter window', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 10; i++) seen.add(retryDelayMs(3, DEFAULT_BACKOFF, () => i / 10));
    assert.equal(seen.size, 10);
    for (const d of seen) assert.ok(d >= 16_000 && d <= 20_000, `delay ${d}`);
  });

  it('rejects a policy that cannot work', () => {
    assert.throws(() => resolveBackoff({ initialMs: 0 }), RangeError);
    assert.throws(() => resolveBackoff({ maxMs: 1_000 }), RangeError);
    assert.throws(() => resolveBackoff({ factor: 0.5 }), RangeError);
    assert.throws(() => resolveBackoff({ jitter: 1 }), RangeError);
    assert.deepEqual(resolveBackoff({ initialMs: 1_000 }), { ...DEFAULT_BACKOFF, initialMs: 1_000 });
  });
});
