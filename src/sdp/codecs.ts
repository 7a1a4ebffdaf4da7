/**
 * Which RTP payload format a payload type of an m= line names (RFC 8866 §6.6, RFC 3551 §6), and
 * the RFC 4733 event lists of telephone-event.
 *
 * A payload type with an a=rtpmap is what the rtpmap says (so a dynamic PT mapped to PCMU/8000 is
 * PCMU); a static one without rtpmap is what RFC 3551 Table 4 says (0 PCMU, 8 PCMA, 9 G722). The
 * clock rate must be 8000 for all three: RFC 3551 §4.5.2 fixes G.722's RTP clock at 8000 Hz even
 * though it samples at 16 kHz, so "G722/16000" is not G.722 as RFC 3551 defines it and is skipped.
 */
import type { CodecName } from '../media/types.js';
import type { MediaSection } from './types.js';

export const CODEC_NAMES: readonly CodecName[] = ['PCMU', 'PCMA', 'G722'];

/** RFC 3551 Table 4: the static payload type of each codec. */
export const STATIC_PAYLOAD_TYPES: Readonly<Record<CodecName, number>> = { PCMU: 0, PCMA: 8, G722: 9 };

/** RTP clock rate of every codec OpenUM speaks, and so of the telephone-event it pairs with. */
export const RTP_CLOCK_RATE = 8000;

/** The DTMF events (RFC 4733 §3.2: 0-9, *, #, A-D) OpenUM sends and receives. */
const SUPPORTED_EVENTS = { first: 0, last: 15 } as const;

export type PayloadFormat =
  | { kind: 'codec'; codec: CodecName; payloadType: number }
  | { kind: 'telephone-event'; payloadType: number; clockRate: number }
  | { kind: 'other'; payloadType: number | null };

export function payloadFormat(m: MediaSection, format: string): PayloadFormat {
  if (!/^\d{1,3}$/.test(format)) return { kind: 'other', payloadType: null };
  const pt = Number(format);
  if (pt > 127) return { kind: 'other', payloadType: null };
  const map = m.rtpmaps.find((r) => r.payloadType === pt);
  if (map === undefined) {
    const codec = CODEC_NAMES.find((c) => STATIC_PAYLOAD_TYPES[c] === pt);
    return codec === undefined ? { kind: 'other', payloadType: pt } : { kind: 'codec', codec, payloadType: pt };
  }
  const name = map.encodingName.toUpperCase(); // RFC 4855 §3: encoding names are case-insensitive.
  const mono = map.channels === null || map.channels === 1;
  if (name === 'TELEPHONE-EVENT') return { kind: 'telephone-event', payloadType: pt, clockRate: map.clockRate };
  const codec = CODEC_NAMES.find((c) => c === name);
  if (codec !== undefined && mono && map.clockRate === RTP_CLOCK_RATE) return { kind: 'codec', codec, payloadType: pt };
  return { kind: 'other', payloadType: pt };
}

/** The fmtp parameters of a payload type, or null. */
export function fmtpOf(m: MediaSection, payloadType: number): string | null {
  return m.fmtps.find((f) => f.payloadType === payloadType)?.params ?? null;
}

/**
 * The events of a telephone-event fmtp (RFC 4733 §7.1.1: "0-15,66,70"), intersected with the
 * DTMF events we support, formatted the same way; null when none is left. An absent or unreadable
 * fmtp counts as the default, 0-15 (§7.1.1: absent means 0-15).
 */
export function supportedEvents(fmtp: string | null): string | null {
  const offered = fmtp === null ? null : parseEvents(fmtp);
  const kept: number[] = [];
  for (let e = SUPPORTED_EVENTS.first; e <= SUPPORTED_EVENTS.last; e += 1) {
    if (offered === null || offered.has(e)) kept.push(e);
  }
  return kept.length === 0 ? null : formatEvents(kept);
}

/** Our own event list, as offered. */
export const OFFERED_EVENTS = `${SUPPORTED_EVENTS.first}-${SUPPORTED_EVENTS.last}`;

function parseEvents(fmtp: string): Set<number> | null {
  const events = new Set<number>();
  for (const part of fmtp.replace(/\s+/g, '').split(',')) {
    const range = /^(\d{1,3})(?:-(\d{1,3}))?$/.exec(part);
    if (range === null) return null;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (from > 255 || to > 255 || to < from) return null;
    for (let e = Math.max(from, SUPPORTED_EVENTS.first); e <= Math.min(to, SUPPORTED_EVENTS.last); e += 1) events.add(e);
  }
  return events;
}

function formatEvents(sorted: readonly number[]): string {
  const parts: string[] = [];
  let start = sorted[0] ?? 0;
  let prev = start;
  for (const e of [...sorted.slice(1), Number.NaN]) {
    if (e === prev + 1) {
      prev = e;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = e;
    prev = e;
  }
  return parts.join(',');
}
