/**
 * DTMF carried in SIP INFO bodies, as PBXs and gateways send it when RTP events are not
 * negotiated. Neither format has an RFC; both are de-facto standards:
 * - application/dtmf-relay (Cisco): lines `Signal=5` and `Duration=160` (ms), CRLF or LF,
 *   spaces around `=` allowed; Signal may be 0-9, *, #, A-D, or the event codes 10 (*) and
 *   11 (#) (12-15 for A-D, as RFC 4733 numbers them);
 * - application/dtmf: the body is the digit itself (`5`), or its event code.
 * This module only reads the body; the SIP layer passes the Content-Type and the body text.
 */
import type { DtmfDigit, DtmfEvent } from '../types.js';
import { digitFromEventCode } from './event.js';
import { resolveDtmfLimits, type DtmfLimits } from './limits.js';

const DIGIT = /^[0-9*#A-D]$/;
const EVENT_CODE = /^1[0-5]$/;
const DURATION = /^[0-9]{1,6}$/;

/** A signal value as a digit: the digit itself, or an event code 10-15. */
function signalToDigit(raw: string): DtmfDigit | null {
  const value = raw.trim().toUpperCase();
  if (DIGIT.test(value)) return value as DtmfDigit;
  if (EVENT_CODE.test(value)) return digitFromEventCode(Number(value));
  return null;
}

/** The `type/subtype` of a Content-Type value, lower case, without parameters. */
function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Parses an application/dtmf-relay body; null when it has no valid Signal. */
export function parseDtmfRelay(body: string, limits?: Partial<DtmfLimits>): DtmfEvent | null {
  if (body.length > resolveDtmfLimits(limits).maxInfoBodyBytes) return null;
  let digit: DtmfDigit | null = null;
  let durationMs: number | null = null;
  for (const line of body.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (key === 'signal') {
      if (digit !== null) return null; // two Signal lines: ambiguous
      digit = signalToDigit(value);
      if (digit === null) return null;
    } else if (key === 'duration' && DURATION.test(value)) {
      durationMs = Number(value);
    }
  }
  return digit === null ? null : { digit, source: 'sip-info', durationMs };
}

/** Parses an application/dtmf body (just the digit); null when it is anything else. */
export function parseDtmfBody(body: string, limits?: Partial<DtmfLimits>): DtmfEvent | null {
  if (body.length > resolveDtmfLimits(limits).maxInfoBodyBytes) return null;
  const digit = signalToDigit(body);
  return digit === null ? null : { digit, source: 'sip-info', durationMs: null };
}

/**
 * The DTMF event of a SIP INFO body by its Content-Type (application/dtmf-relay or
 * application/dtmf, parameters ignored); null for other types or bodies without a digit.
 */
export function parseSipInfoDtmf(contentType: string, body: string, limits?: Partial<DtmfLimits>): DtmfEvent | null {
  switch (mediaType(contentType)) {
    case 'application/dtmf-relay':
      return parseDtmfRelay(body, limits);
    case 'application/dtmf':
      return parseDtmfBody(body, limits);
    default:
      return null;
  }
}
