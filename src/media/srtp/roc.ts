/**
 * Packet index estimation at the receiver (RFC 3711 §3.3.1 and Appendix A). The 48-bit index is
 * i = 2^16 * ROC + SEQ; the receiver only sees SEQ and guesses ROC from the highest sequence number
 * s_l it has authenticated:
 *
 *     if s_l < 2^15:  v = ROC - 1 if SEQ - s_l > 2^15, else ROC
 *     else:           v = ROC + 1 if s_l - 2^15 > SEQ, else ROC
 *
 * Pure functions over numbers: indexes stay below 2^53, so plain arithmetic is exact.
 */
const HALF = 0x8000;
const SEQ_MOD = 0x10000;

/**
 * The estimated index of a packet with sequence number `seq`, given the highest index accepted so
 * far (`highestIndex`, whose low 16 bits are s_l and the rest ROC). Negative when the packet would
 * belong before the first one received (ROC - 1 with ROC = 0): too old to accept.
 */
export function estimateIndex(highestIndex: number, seq: number): number {
  const roc = Math.floor(highestIndex / SEQ_MOD);
  const sl = highestIndex % SEQ_MOD;
  let v = roc;
  if (sl < HALF) {
    if (seq - sl > HALF) v = roc - 1;
  } else if (sl - HALF > seq) {
    v = roc + 1;
  }
  return v * SEQ_MOD + seq;
}

/** ROC of an index (its high 32 bits). */
export function rocOf(index: number): number {
  return Math.floor(index / SEQ_MOD);
}
