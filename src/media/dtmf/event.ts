/**
 * The telephone-event payload (RFC 4733 §2.3) and the DTMF event codes (§3.2, Table 3).
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |     event     |E|R| volume    |          duration             |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * E: the event has ended. R: reserved, sent as 0, ignored. volume: power level in -dBm0, 0-63.
 * duration: in RTP timestamp units since the event's timestamp.
 */
import type { DtmfDigit } from '../types.js';
import { DtmfError } from './errors.js';

export const TELEPHONE_EVENT_SIZE = 4;
const OFFSET = { event: 0, flags: 1, duration: 2 } as const;
const END_BIT = 0x80;
const VOLUME_MASK = 0x3f;

export interface TelephoneEvent {
  /** Event code, 0-255 (DTMF: 0-15; 16 is flash). */
  event: number;
  end: boolean;
  /** 0-63, -dBm0. */
  volume: number;
  /** 0-65535 timestamp units. */
  duration: number;
}

/** RFC 4733 §3.2 Table 3: DTMF digits in event-code order. */
const DIGITS: readonly DtmfDigit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'];

/** The digit of a DTMF event code, or null for any other event (flash, line events, …). */
export function digitFromEventCode(code: number): DtmfDigit | null {
  return DIGITS[code] ?? null;
}

/** The event code of a digit (RFC 4733 §3.2). */
export function eventCodeFromDigit(digit: DtmfDigit): number {
  return DIGITS.indexOf(digit);
}

/** Reads the first event of a telephone-event payload (bytes after the first 4 are ignored). */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent {
  if (payload.length < TELEPHONE_EVENT_SIZE) {
    throw new DtmfError('MEDIA_DTMF_TRUNCATED', `telephone-event payload of ${payload.length} bytes, expected 4 (RFC 4733 §2.3)`);
  }
  const flags = payload[OFFSET.flags] as number;
  return {
    event: payload[OFFSET.event] as number,
    end: (flags & END_BIT) !== 0,
    volume: flags & VOLUME_MASK,
    duration: ((payload[OFFSET.duration] as number) << 8) | (payload[OFFSET.duration + 1] as number),
  };
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new DtmfError('MEDIA_DTMF_BAD_FIELD', `cannot write telephone-event: ${what} (RFC 4733 §2.3)`);
}

/** Writes the 4-byte payload at `offset`; returns 4. */
export function serializeTelephoneEventInto(ev: TelephoneEvent, buf: Uint8Array, offset: number): number {
  check(Number.isInteger(ev.event) && ev.event >= 0 && ev.event <= 255, `event ${ev.event} is not 0-255`);
  check(Number.isInteger(ev.volume) && ev.volume >= 0 && ev.volume <= 63, `volume ${ev.volume} is not 0-63`);
  check(Number.isInteger(ev.duration) && ev.duration >= 0 && ev.duration <= 0xffff, `duration ${ev.duration} is not 0-65535`);
  check(Number.isInteger(offset) && offset >= 0 && offset + TELEPHONE_EVENT_SIZE <= buf.length, `no room for 4 bytes at offset ${offset} of a ${buf.length}-byte buffer`);
  buf[offset + OFFSET.event] = ev.event;
  buf[offset + OFFSET.flags] = (ev.end ? END_BIT : 0) | ev.volume;
  buf[offset + OFFSET.duration] = ev.duration >>> 8;
  buf[offset + OFFSET.duration + 1] = ev.duration & 0xff;
  return TELEPHONE_EVENT_SIZE;
}

export function serializeTelephoneEvent(ev: TelephoneEvent): Buffer {
  const out = Buffer.alloc(TELEPHONE_EVENT_SIZE);
  serializeTelephoneEventInto(ev, out, 0);
  return out;
}
