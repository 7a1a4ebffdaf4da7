/**
 * Reception statistics of one RTP source: RFC 3550 Appendix A.1 (sequence number validity,
 * the extended highest sequence number with its wrap cycles, probation of a new source, restart
 * after a large jump), A.3 (expected, lost, fraction lost per report interval) and A.8
 * (interarrival jitter). One tracker per SSRC; on an SSRC change, start a new tracker.
 *
 * Pure: the caller passes each packet's arrival time in milliseconds on any monotonic clock.
 */
import { resolveSequenceLimits, type SequenceLimits } from './limits.js';

const RTP_SEQ_MOD = 0x10000;
const TWO_32 = 0x1_0000_0000;

/**
 * What `update` made of a packet:
 * - `valid`: counted (in order, after loss, late or duplicate within MAX_MISORDER);
 * - `probation`: the source is not yet valid (A.1: MIN_SEQUENTIAL packets in a row needed);
 * - `bad`: a jump beyond MAX_DROPOUT; a second packet that follows it restarts the sequence.
 */
export type SequenceVerdict = 'valid' | 'probation' | 'bad';

/** The numbers a receiver report block carries (RFC 3550 §6.4.1), computed by A.3 and A.8. */
export interface ReceptionStats {
  /** Highest sequence number received, extended with the wrap count in the high 16 bits. */
  extendedHighestSeq: number;
  /** Packets expected since the first one: extended highest - base + 1. */
  expected: number;
  /** Packets counted as received (duplicates included, as A.3 says). */
  received: number;
  /** expected - received, clamped to the 24-bit signed field of the report block. */
  cumulativeLost: number;
  /** Loss fraction of the interval since the last `closeInterval`, as an 8-bit fixed point. */
  fractionLost: number;
  /** Interarrival jitter in timestamp units (A.8), truncated to an integer. */
  jitter: number;
}

const MAX_CUMULATIVE_LOST = 0x7fffff;
const MIN_CUMULATIVE_LOST = -0x800000;

export interface SequenceTrackerOptions {
  /** RTP timestamp units per second of the payload format (8000 for G.711, G.722, RFC 4733). */
  clockRate: number;
  limits?: Partial<SequenceLimits>;
}

export class SequenceTracker {
  readonly #limits: SequenceLimits;
  readonly #unitsPerMs: number;
  #maxSeq = 0;
  #cycles = 0;
  #baseSeq = 0;
  #badSeq = RTP_SEQ_MOD + 1;
  #probation: number;
  #received = 0;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #started = false;
  #transit: number | null = null;
  #jitter = 0;

  constructor(options: SequenceTrackerOptions) {
    this.#limits = resolveSequenceLimits(options.limits);
    this.#unitsPerMs = options.clockRate / 1000;
    this.#probation = this.#limits.minSequential;
  }

  #initSeq(seq: number): void {
    this.#baseSeq = seq;
    this.#maxSeq = seq;
    this.#badSeq = RTP_SEQ_MOD + 1;
    this.#cycles = 0;
    this.#received = 0;
    this.#receivedPrior = 0;
    this.#expectedPrior = 0;
    // Not in A.1's init_seq, but a restart usually brings new timestamps too: the first transit
    // time after it must not count as jitter. The jitter estimate itself carries over.
    this.#transit = null;
  }

  /** True once the source has passed probation. */
  get valid(): boolean {
    return this.#started && this.#probation === 0;
  }

  /** Feeds one packet's sequence number, RTP timestamp and arrival time (ms). */
  update(seq: number, timestamp: number, arrivalMs: number): SequenceVerdict {
    if (!this.#started) {
      // A.1: init_seq(s, seq); s->max_seq = seq - 1; s->probation = MIN_SEQUENTIAL.
      this.#started = true;
      this.#initSeq(seq);
      this.#maxSeq = (seq - 1) & 0xffff;
      this.#probation = this.#limits.minSequential;
      if (this.#probation <= 1) {
        this.#probation = 0;
        this.#initSeq(seq);
        return this.#count(timestamp, arrivalMs);
      }
    }
    const udelta = (seq - this.#maxSeq) & 0xffff;
    if (this.#probation > 0) {
      // A.1: the source is valid once MIN_SEQUENTIAL packets arrive in sequence.
      if (seq === ((this.#maxSeq + 1) & 0xffff)) {
        this.#probation--;
        this.#maxSeq = seq;
        if (this.#probation === 0) {
          this.#initSeq(seq);
          return this.#count(timestamp, arrivalMs);
        }
      } else {
        this.#probation = this.#limits.minSequential - 1;
        this.#maxSeq = seq;
      }
      return 'probation';
    }
    if (udelta < this.#limits.maxDropout) {
      // A.1: in order, with a permissible gap; wrapped when the number went down.
      if (seq < this.#maxSeq) this.#cycles += RTP_SEQ_MOD;
      this.#maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - this.#limits.maxMisorder) {
      // A.1: the sequence number made a very large jump. Two in a row from there: the sender
      // restarted without telling us, so re-sync.
      if (seq === this.#badSeq) {
        this.#initSeq(seq);
      } else {
        this.#badSeq = (seq + 1) & 0xffff;
        return 'bad';
      }
    }
    // else: a duplicate or a reordered packet, counted as received (A.1).
    return this.#count(timestamp, arrivalMs);
  }

  #count(timestamp: number, arrivalMs: number): SequenceVerdict {
    this.#received++;
    // A.8: J += (|D(i-1,i)| - J) / 16, transit times in timestamp units.
    const transit = arrivalMs * this.#unitsPerMs - timestamp;
    if (this.#transit !== null) {
      let d = (transit - this.#transit) % TWO_32;
      // The timestamp wraps at 2^32: fold the difference into (-2^31, 2^31].
      if (d > TWO_32 / 2) d -= TWO_32;
      else if (d < -TWO_32 / 2) d += TWO_32;
      this.#jitter += (Math.abs(d) - this.#jitter) / 16;
    }
    this.#transit = transit;
    return 'valid';
  }

  /** The statistics now, with the fraction lost over the current interval (nothing reset). */
  stats(): ReceptionStats {
    const extendedHighestSeq = this.#cycles + this.#maxSeq;
    const expected = this.valid ? extendedHighestSeq - this.#baseSeq + 1 : 0;
    const received = this.valid ? this.#received : 0;
    const lost = expected - received;
    // A.3: fraction over the interval; zero when nothing was expected or duplicates outnumber loss.
    const expectedInterval = expected - this.#expectedPrior;
    const receivedInterval = received - this.#receivedPrior;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    return {
      extendedHighestSeq: extendedHighestSeq >>> 0,
      expected,
      received,
      cumulativeLost: Math.min(MAX_CUMULATIVE_LOST, Math.max(MIN_CUMULATIVE_LOST, lost)),
      fractionLost: Math.min(255, fractionLost),
      jitter: Math.floor(this.#jitter),
    };
  }

  /** The statistics for a report block, then starts a new interval for `fractionLost` (A.3). */
  closeInterval(): ReceptionStats {
    const s = this.stats();
    this.#expectedPrior = s.expected;
    this.#receivedPrior = s.received;
    return s;
  }
}
