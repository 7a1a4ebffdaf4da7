/**
 * Named limits of RTP reception, each with its reason. They are RFC 3550 Appendix A.1's
 * constants, which bound how far a sequence number may jump before it counts as a restart
 * rather than loss or reordering.
 */
export interface SequenceLimits {
  /**
   * A forward jump of fewer than this many sequence numbers is loss, not a restart. 3000 is
   * RFC 3550 A.1's value: a minute of 20 ms packets would be 3000 (§A.1 sizes it to stay well
   * below 2^15 so that a jump cannot be mistaken for wraparound).
   */
  maxDropout: number;
  /** A packet up to this many numbers behind the highest is late or a duplicate (A.1: 100). */
  maxMisorder: number;
  /** Packets in sequence before a new source is valid (A.1: 2); 0 or 1 accepts the first one. */
  minSequential: number;
}

export const DEFAULT_SEQUENCE_LIMITS: Readonly<SequenceLimits> = Object.freeze({
  maxDropout: 3000,
  maxMisorder: 100,
  minSequential: 2,
});

/** Completes a partial set of limits with the defaults, keeping explicit zeros. */
export function resolveSequenceLimits(partial?: Partial<SequenceLimits>): SequenceLimits {
  if (partial === undefined) return DEFAULT_SEQUENCE_LIMITS;
  return {
    maxDropout: partial.maxDropout ?? DEFAULT_SEQUENCE_LIMITS.maxDropout,
    maxMisorder: partial.maxMisorder ?? DEFAULT_SEQUENCE_LIMITS.maxMisorder,
    minSequential: partial.minSequential ?? DEFAULT_SEQUENCE_LIMITS.minSequential,
  };
}
