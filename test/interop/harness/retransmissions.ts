// Reads retransmissions of a final response out of a sipp message trace, for the scenarios that
// withhold their ACK (RFC 3261 §17.2.1 Timer G for non-2xx, §13.3.1.4 for 2xx).

import { intervals, selectMessages, type TracedMessage } from './sipp.js';

export interface FinalResponseRetransmissions {
  /** Receive times of every copy of the response, before the ACK (first = the original). */
  readonly beforeAck: readonly number[];
  /** Gaps between consecutive copies before the ACK, in ms (≈ 500, 1000, 2000, ... for T1 = 500). */
  readonly intervalsMs: readonly number[];
  /** Copies received later than the ACK plus the grace period: must be 0 for a correct UAS. */
  readonly afterAck: number;
  /** When sipp sent its first ACK, or undefined when it sent none. */
  readonly ackTime: number | undefined;
}

/**
 * Copies of the final response `status` to the INVITE of one call (the first call in the trace
 * unless callId is given), split at the first ACK sipp sent. graceMs covers a copy already in
 * flight when the ACK left (default 50 ms).
 */
export function finalResponseRetransmissions(
  trace: readonly TracedMessage[],
  status: number,
  options: { readonly callId?: string; readonly graceMs?: number } = {},
): FinalResponseRetransmissions {
  const callId = options.callId ?? trace.find((m) => m.callId !== undefined)?.callId;
  const inCall = callId === undefined ? [...trace] : selectMessages(trace, { callId });
  const copies = selectMessages(inCall, { direction: 'received', status, cseqMethod: 'INVITE' });
  const ack = selectMessages(inCall, { direction: 'sent', method: 'ACK' })[0];
  const ackTime = ack?.time;
  const grace = options.graceMs ?? 50;
  const before = copies.filter((m) => ackTime === undefined || m.time <= ackTime);
  const after = ackTime === undefined ? [] : copies.filter((m) => m.time > ackTime + grace);
  return {
    beforeAck: before.map((m) => m.time),
    intervalsMs: intervals(before),
    afterAck: after.length,
    ackTime,
  };
}
