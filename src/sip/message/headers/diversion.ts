/**
 * Diversion (RFC 5806 §4):
 *
 *   Diversion = "Diversion" ":" 1# (name-addr *( ";" diversion-params ))
 *   diversion-params = diversion-reason / diversion-counter / diversion-limit /
 *                      diversion-privacy / diversion-screen / diversion-extension
 *
 * The top (first) entry is the most recent diversion; entries are returned in header order.
 */
import { fail } from '../errors.js';
import type { SipHeaders } from '../headers.js';
import type { NameAddr } from '../types.js';
import { parseNameAddrList } from './nameAddr.js';

export interface DiversionEntry {
  /** The diverting address, with all its parameters in target.params. */
  target: NameAddr;
  /** "no-answer", "user-busy", "unconditional", "unknown", … (lower-cased), or null. */
  reason: string | null;
  counter: number | null;
  limit: number | null;
  privacy: string | null;
  screen: string | null;
}

function count(v: string | null | undefined, what: string): number | null {
  if (v === undefined || v === null) return null;
  if (!/^\d{1,2}$/.test(v)) fail('SIP_PARSE_BAD_HEADER_VALUE', `Diversion ${what} must be 1-2 digits (RFC 5806)`);
  return Number(v);
}

export function parseDiversion(msg: { headers: SipHeaders }): DiversionEntry[] {
  const list = parseNameAddrList(msg.headers.getAll('Diversion'));
  if (list === '*') fail('SIP_PARSE_BAD_HEADER_VALUE', 'Diversion cannot be "*"');
  return list.map((target) => ({
    target,
    reason: target.params.get('reason')?.toLowerCase() ?? null,
    counter: count(target.params.get('counter'), 'counter'),
    limit: count(target.params.get('limit'), 'limit'),
    privacy: target.params.get('privacy')?.toLowerCase() ?? null,
    screen: target.params.get('screen')?.toLowerCase() ?? null,
  }));
}
