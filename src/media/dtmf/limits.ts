/** Named limits of DTMF handling, each with its reason. */
export interface DtmfLimits {
  /**
   * A packet that repeats an ended event's RTP timestamp and arrives more than this long after
   * that event's last packet, without the E bit, is a new key press. RFC 4733 §2.5.1.3 requires
   * a new timestamp per event, but some gateways reuse it; retransmitted end packets (§2.5.1.4)
   * carry the E bit and arrive within a few packet times, and no one presses a key again within
   * 250 ms of letting it go (ITU-T Q.24 asks for 40 ms pauses, people take longer).
   */
  reusedTimestampGapMs: number;
  /**
   * How far behind the newest packet (in sequence numbers) a packet of an earlier event counts as
   * late and is dropped rather than reported out of order. 100 is RFC 3550 A.1's MAX_MISORDER.
   */
  maxMisorder: number;
  /**
   * Slack, in timestamp units, when recognizing the next segment of a long event (RFC 4733
   * §2.5.1.3: an event longer than 0xFFFF units continues with a new timestamp). 1600 = 200 ms
   * at 8 kHz of update packets lost at the end of the previous segment.
   */
  longEventSlack: number;
  /** Bytes of a SIP INFO DTMF body read at most; real ones are ~30 bytes. */
  maxInfoBodyBytes: number;
}

export const DEFAULT_DTMF_LIMITS: Readonly<DtmfLimits> = Object.freeze({
  reusedTimestampGapMs: 250,
  maxMisorder: 100,
  longEventSlack: 1600,
  maxInfoBodyBytes: 1024,
});

/** Completes a partial set of limits with the defaults, keeping explicit zeros. */
export function resolveDtmfLimits(partial?: Partial<DtmfLimits>): DtmfLimits {
  if (partial === undefined) return DEFAULT_DTMF_LIMITS;
  return {
    reusedTimestampGapMs: partial.reusedTimestampGapMs ?? DEFAULT_DTMF_LIMITS.reusedTimestampGapMs,
    maxMisorder: partial.maxMisorder ?? DEFAULT_DTMF_LIMITS.maxMisorder,
    longEventSlack: partial.longEventSlack ?? DEFAULT_DTMF_LIMITS.longEventSlack,
    maxInfoBodyBytes: partial.maxInfoBodyBytes ?? DEFAULT_DTMF_LIMITS.maxInfoBodyBytes,
  };
}
