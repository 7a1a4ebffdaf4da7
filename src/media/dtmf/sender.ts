/**
 * Sending a key press as RFC 4733 telephone events (§2.5.1): the first packet with the marker
 * bit, an update every packet time with the duration so far, then the final packet with the E bit
 * sent three times (§2.5.1.4). All carry the same RTP timestamp, that of the event's start.
 *
 * The caller sends one packet per packet time, in order (so the end retransmissions are spaced by
 * the packet time, as §2.5.1.4 suggests), stamps each with the event's start timestamp and the
 * next sequence numbers, and keeps its audio timestamp clock running meanwhile.
 */
import type { DtmfDigit } from '../types.js';
import { DtmfError } from './errors.js';
import { eventCodeFromDigit, serializeTelephoneEvent } from './event.js';

/** Copies of the final packet (§2.5.1.4 recommends three). */
export const END_PACKET_COPIES = 3;
/** Duration is 16 bits of timestamp units: 8.19 s at 8 kHz. Longer presses are not generated. */
const MAX_DURATION_UNITS = 0xffff;

export interface TelephoneEventOutPacket {
  /** The 4-byte telephone-event payload. */
  payload: Buffer;
  /** RTP marker: set on the first packet of the event only (§2.5.1.1). */
  marker: boolean;
  /** Whether this packet has the E bit. */
  end: boolean;
}

export interface Rfc4733SendOptions {
  /** -dBm0, 0-63 (default 10, a typical keypad level). */
  volume?: number;
  /** Packet time in ms (default 20). */
  ptimeMs?: number;
  /** The telephone-event clock rate (default 8000). */
  clockRate?: number;
}

/** The packets that send `digit` for `durationMs`. */
export function rfc4733EventPackets(digit: DtmfDigit, durationMs: number, options: Rfc4733SendOptions = {}): TelephoneEventOutPacket[] {
  const volume = options.volume ?? 10;
  const ptimeMs = options.ptimeMs ?? 20;
  const clockRate = options.clockRate ?? 8000;
  const event = eventCodeFromDigit(digit);
  const total = Math.round((durationMs * clockRate) / 1000);
  const step = Math.round((ptimeMs * clockRate) / 1000);
  if (!(total > 0 && total <= MAX_DURATION_UNITS) || !(step > 0)) {
    throw new DtmfError('MEDIA_DTMF_BAD_FIELD', `cannot send a ${durationMs} ms event with ${ptimeMs} ms packets: the duration must be 1-65535 timestamp units (RFC 4733 §2.3)`);
  }
  const packets: TelephoneEventOutPacket[] = [];
  // §2.5.1.2: each update carries the duration from the start to the end of its packet time.
  for (let duration = step; duration < total; duration += step) {
    packets.push({ payload: serializeTelephoneEvent({ event, end: false, volume, duration }), marker: packets.length === 0, end: false });
  }
  const last = serializeTelephoneEvent({ event, end: true, volume, duration: total });
  for (let i = 0; i < END_PACKET_COPIES; i++) packets.push({ payload: last, marker: packets.length === 0, end: true });
  return packets;
}
