/**
 * Transaction timer values (RFC 3261 §17 and Table 4 of Appendix A, RFC 6026 §8.11 for L and M).
 *
 *   Timer  value              section      meaning
 *   T1     500 ms default     §17.1.1.1    RTT estimate
 *   T2     4 s                §17.1.2.2    maximum retransmit interval for non-INVITE / INVITE responses
 *   T4     5 s                §17.1.2.2    maximum time a message remains in the network
 *   A      initially T1       §17.1.1.2    INVITE request retransmit interval, UDP only
 *   B      64*T1              §17.1.1.2    INVITE transaction timeout
 *   C      > 3 min            §16.6        proxy INVITE timeout: not implemented (OpenUM is no proxy)
 *   D      > 32 s UDP, 0 TCP  §17.1.1.2    wait time for response retransmits
 *   E      initially T1       §17.1.2.2    non-INVITE request retransmit interval, UDP only
 *   F      64*T1              §17.1.2.2    non-INVITE transaction timeout
 *   G      initially T1       §17.2.1      INVITE response retransmit interval, UDP only
 *   H      64*T1              §17.2.1      wait time for ACK receipt
 *   I      T4 UDP, 0 TCP      §17.2.1      wait time for ACK retransmits
 *   J      64*T1 UDP, 0 TCP   §17.2.2      wait time for non-INVITE request retransmits
 *   K      T4 UDP, 0 TCP      §17.1.2.2    wait time for response retransmits
 *   L      64*T1              RFC 6026     INVITE server: wait time for INVITE retransmits after a 2xx
 *   M      64*T1              RFC 6026     INVITE client: wait time for 2xx retransmits
 *
 * Plus the 200 ms after which an INVITE server transaction sends 100 (Trying) on its own (§17.2.1),
 * which the RFC does not name; here it is `trying`.
 */
import { TransactionError } from './errors.js';

/** The tunable base values. Everything else derives from these. */
export interface TimerValues {
  T1: number;
  T2: number;
  T4: number;
  /** Timer D over unreliable transports; RFC 3261 asks for at least 32 s. */
  D: number;
  /**
   * §17.2.1: an INVITE server transaction sends 100 (Trying) itself when the TU has not responded
   * within this many ms. `null` turns the automatic 100 off (the TU then sends its own).
   */
  trying: number | null;
}

export const defaultTimerValues: Readonly<TimerValues> = Object.freeze({
  T1: 500,
  T2: 4000,
  T4: 5000,
  D: 32_000,
  trying: 200,
});

/** Durations for one transaction; `null` means the timer is not used on this transport. */
export interface TransactionTimers {
  T1: number;
  T2: number;
  A: number | null;
  B: number;
  D: number;
  E: number | null;
  F: number;
  G: number | null;
  H: number;
  I: number;
  J: number;
  K: number;
  L: number;
  M: number;
  trying: number | null;
}

function checkPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TransactionError('SIP_TXN_BAD_TIMER', `timer ${name} must be a positive number of ms, got ${value}`);
  }
}

/** Merges overrides into the defaults and validates them (an explicit value is kept as given). */
export function resolveTimerValues(overrides?: Partial<TimerValues>): TimerValues {
  const values: TimerValues = { ...defaultTimerValues, ...overrides };
  checkPositive('T1', values.T1);
  checkPositive('T2', values.T2);
  checkPositive('T4', values.T4);
  checkPositive('D', values.D);
  if (values.trying !== null && (!Number.isFinite(values.trying) || values.trying < 0)) {
    throw new TransactionError('SIP_TXN_BAD_TIMER', `timer trying must be >= 0 ms or null, got ${values.trying}`);
  }
  if (values.T2 < values.T1) {
    throw new TransactionError('SIP_TXN_BAD_TIMER', `T2 (${values.T2} ms) must not be below T1 (${values.T1} ms)`);
  }
  return values;
}

/**
 * The durations a transaction uses over a reliable (TCP, TLS) or unreliable (UDP) transport.
 * §17.1.1.2: "If a reliable transport is being used, the client transaction SHOULD NOT start
 * timer A"; the same holds for E and G, and D, I, J and K are zero (Table 4).
 */
export function timersFor(values: TimerValues, reliable: boolean): TransactionTimers {
  const sixtyFourT1 = 64 * values.T1;
  return {
    T1: values.T1,
    T2: values.T2,
    A: reliable ? null : values.T1,
    B: sixtyFourT1,
    D: reliable ? 0 : values.D,
    E: reliable ? null : values.T1,
    F: sixtyFourT1,
    G: reliable ? null : values.T1,
    H: sixtyFourT1,
    I: reliable ? 0 : values.T4,
    J: reliable ? 0 : sixtyFourT1,
    K: reliable ? 0 : values.T4,
    L: sixtyFourT1,
    M: sixtyFourT1,
    trying: values.trying,
  };
}
