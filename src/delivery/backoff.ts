/**
 * When to try an outbox entry again after a temporary failure: exponential backoff (5 s, 10 s,
 * 20 s, ... capped at 15 min) with jitter, so that entries that failed together (the SMTP server
 * was down for an hour) do not all come back in the same second.
 */

export interface BackoffPolicy {
  /** Delay after the first failure. */
  initialMs: number;
  /** Each further failure multiplies the delay by this. */
  factor: number;
  /** The delay never exceeds this (before jitter). */
  maxMs: number;
  /**
   * Fraction of the delay taken off at random (0 = none, 0.2 = the delay lands in [0.8·d, d]).
   * Only ever shortens, so `maxMs` stays a true bound.
   */
  jitter: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({
  initialMs: 5_000,
  factor: 2,
  maxMs: 15 * 60_000,
  jitter: 0.2,
});

/** The policy with defaults filled in, checked (a bad value is a bug in the caller). */
export function resolveBackoff(partial: Partial<BackoffPolicy> = {}): BackoffPolicy {
  const policy = { ...DEFAULT_BACKOFF, ...partial };
  if (!(policy.initialMs > 0) || !(policy.maxMs >= policy.initialMs) || !(policy.factor >= 1) || !(policy.jitter >= 0 && policy.jitter < 1)) {
    throw new RangeError(`bad backoff policy ${JSON.stringify(policy)}: need initialMs > 0, maxMs >= initialMs, factor >= 1, 0 <= jitter < 1`);
  }
  return policy;
}

/**
 * The delay before the next attempt after `failures` failed attempts in a row (1 after the first
 * failure). `random` returns a number in [0, 1) (Math.random by default; tests pass a fixed one).
 */
export function retryDelayMs(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(failures));
  // Computed by repeated multiplication with an early stop, so a huge attempt count cannot overflow.
  let delay = policy.initialMs;
  for (let i = 1; i < n && delay < policy.maxMs; i++) delay *= policy.factor;
  delay = Math.min(delay, policy.maxMs);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(delay * (1 - policy.jitter * r));
}
