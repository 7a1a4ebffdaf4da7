/**
 * Receiving DTMF as RFC 4733 telephone events: one DtmfEvent per key press, reported when the
 * first packet of the press arrives (a menu reacts at once; the duration is known only when that
 * first packet is already an end packet).
 *
 * A press is identified by its RTP timestamp (RFC 4733 §2.5.1.1: every packet of an event carries
 * the timestamp of its start). So:
 * - updates and the retransmitted end packets (§2.5.1.4) repeat the timestamp: ignored;
 * - losing the first packets, or the end packets, changes nothing: any packet of a new timestamp
 *   reports the press, and the next press has a new timestamp anyway;
 * - a new timestamp is a new press, even for the same digit, except the next segment of a long
 *   event (§2.5.1.3: past 0xFFFF units the sender restarts with timestamp + duration);
 * - a packet of an earlier event arriving after a newer one (by sequence number) is dropped;
 * - senders that wrongly reuse one timestamp for every press are handled: a different digit, or
 *   the same digit after a pause without the E bit, is a new press (limits.ts);
 * - a change of SSRC (when the caller passes it) starts afresh.
 */
import type { DtmfEvent } from '../types.js';
import { DtmfError } from './errors.js';
import { digitFromEventCode, parseTelephoneEvent } from './event.js';
import { resolveDtmfLimits, type DtmfLimits } from './limits.js';

/** The RTP fields the receiver needs (an RtpPacket has them all). */
export interface TelephoneEventPacket {
  payload: Uint8Array;
  timestamp: number;
  marker: boolean;
  seq: number;
  ssrc?: number;
}

export interface Rfc4733ReceiverOptions {
  /** The telephone-event clock rate from SDP (RFC 4733 §2.1), 8000 unless negotiated otherwise. */
  clockRate?: number;
  limits?: Partial<DtmfLimits>;
}

export interface Rfc4733ReceiverStats {
  /** Key presses reported. */
  events: number;
  /** Packets of an event already reported (updates, end retransmissions). */
  repeats: number;
  /** Packets of an earlier event that arrived after a newer one. */
  late: number;
  /** Payloads shorter than 4 bytes. */
  malformed: number;
  /** Events that are not DTMF digits (flash, line events). */
  ignored: number;
}

interface Current {
  timestamp: number;
  event: number;
  ended: boolean;
  duration: number;
  lastSeq: number;
  lastAtMs: number;
  ssrc: number | undefined;
}

/** a - b in 16-bit serial arithmetic, in -32768..32767. */
function seqDiff(a: number, b: number): number {
  return (((a - b) & 0xffff) << 16) >> 16;
}

export class Rfc4733Receiver {
  readonly #limits: DtmfLimits;
  readonly #clockRate: number;
  #current: Current | null = null;
  readonly #stats: Rfc4733ReceiverStats = { events: 0, repeats: 0, late: 0, malformed: 0, ignored: 0 };

  constructor(options: Rfc4733ReceiverOptions = {}) {
    this.#limits = resolveDtmfLimits(options.limits);
    this.#clockRate = options.clockRate ?? 8000;
  }

  get stats(): Readonly<Rfc4733ReceiverStats> {
    return this.#stats;
  }

  /** Feeds one telephone-event RTP packet; returns the key press it starts, or null. */
  receive(packet: TelephoneEventPacket, nowMs: number): DtmfEvent | null {
    let ev;
    try {
      ev = parseTelephoneEvent(packet.payload);
    } catch (err) {
      if (err instanceof DtmfError) {
        this.#stats.malformed++;
        return null;
      }
      throw err;
    }
    const cur = this.#current;
    if (cur !== null && packet.ssrc !== undefined && cur.ssrc !== undefined && packet.ssrc !== cur.ssrc) {
      this.#current = null;
    } else if (cur !== null) {
      const behind = seqDiff(packet.seq, cur.lastSeq);
      if (packet.timestamp === cur.timestamp && this.#isSamePress(cur, ev.event, ev.end, nowMs)) {
        // §2.5.1.2-4: an update or a retransmitted end of the press already reported.
        this.#stats.repeats++;
        if (behind > 0) cur.lastSeq = packet.seq;
        cur.lastAtMs = nowMs;
        cur.ended ||= ev.end;
        cur.duration = Math.max(cur.duration, ev.duration);
        return null;
      }
      if (behind < 0 && behind > -this.#limits.maxMisorder) {
        // A packet older than the press in progress: reporting it now would swap digits.
        this.#stats.late++;
        return null;
      }
      if (this.#isNextSegment(cur, ev.event, packet)) {
        // §2.5.1.3: a long event goes on under a new timestamp.
        this.#stats.repeats++;
        this.#current = { ...cur, timestamp: packet.timestamp, duration: ev.duration, ended: ev.end, lastSeq: packet.seq, lastAtMs: nowMs };
        return null;
      }
    }
    const digit = digitFromEventCode(ev.event);
    this.#current = {
      timestamp: packet.timestamp,
      event: ev.event,
      ended: ev.end,
      duration: ev.duration,
      lastSeq: packet.seq,
      lastAtMs: nowMs,
      ssrc: packet.ssrc,
    };
    if (digit === null) {
      this.#stats.ignored++;
      return null;
    }
    this.#stats.events++;
    return { digit, source: 'rfc4733', durationMs: ev.end ? (ev.duration * 1000) / this.#clockRate : null };
  }

  #isSamePress(cur: Current, event: number, end: boolean, nowMs: number): boolean {
    if (event !== cur.event) return false;
    // A sender reusing one timestamp for every press: after the end, a non-end packet that comes
    // well after the last one starts a new press.
    return !(cur.ended && !end && nowMs - cur.lastAtMs > this.#limits.reusedTimestampGapMs);
  }

  #isNextSegment(cur: Current, event: number, packet: TelephoneEventPacket): boolean {
    if (cur.ended || event !== cur.event || packet.marker) return false;
    const slack = this.#limits.longEventSlack;
    const advance = (packet.timestamp - cur.timestamp) >>> 0;
    return cur.duration >= 0xffff - slack && advance >= cur.duration && advance <= 0xffff + slack;
  }
}
