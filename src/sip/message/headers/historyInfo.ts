/**
 * History-Info (RFC 7044 §4, cause values RFC 4458 §3):
 *
 *   History-Info = "History-Info" HCOLON hi-entry *(COMMA hi-entry)
 *   hi-entry     = hi-targeted-to-uri *(SEMI hi-param)
 *   hi-param     = hi-index / hi-target-param / hi-extension
 *   hi-index     = "index" EQUAL indexval ; indexval = "1" *("." 1*DIGIT)
 *   hi-target-param = rc-param / mp-param / np-param
 *
 * RFC 4458: the retargeting cause is a `cause` URI parameter of the hi-targeted-to-uri (e.g.
 * 302 unconditional, 486 busy, 408 no answer, 480 unavailable) and the original target the
 * `target` URI parameter. RFC 7044 §4: a Reason header escaped into the URI's headers.
 */
import { fail } from '../errors.js';
import type { SipHeaders } from '../headers.js';
import type { NameAddr } from '../types.js';
import { parseNameAddrList } from './nameAddr.js';

export interface HistoryInfoEntry {
  target: NameAddr;
  /** "1", "1.1", "1.1.2", …; '' when the entry has none (pre-RFC 7044 senders). */
  index: string;
  /** RFC 4458 cause URI parameter as a number, or null. */
  cause: number | null;
  /** RFC 4458 `target` URI parameter (the original target), or null. */
  targetParam: string | null;
  rc: string | null;
  mp: string | null;
  np: string | null;
  /** The Reason header value escaped into the URI (`?Reason=SIP%3Bcause%3D302`), or null. */
  reason: string | null;
}

const code = 'SIP_PARSE_BAD_HEADER_VALUE';
const indexval = /^1(?:\.\d{1,9})*$/;

function uriParam(na: NameAddr, name: string): string | null {
  return 'params' in na.uri ? na.uri.params.get(name) ?? null : null;
}

function reasonOf(na: NameAddr): string | null {
  if (!('headers' in na.uri)) return null;
  for (const [name, value] of na.uri.headers) if (name.toLowerCase() === 'reason') return value;
  return null;
}

function compareIndex(a: string, b: string): number {
  if (a === '' || b === '') return a === b ? 0 : a === '' ? 1 : -1;
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function parseHistoryInfo(msg: { headers: SipHeaders }): HistoryInfoEntry[] {
  const list = parseNameAddrList(msg.headers.getAll('History-Info'));
  if (list === '*') fail(code, 'History-Info cannot be "*"');
  const entries = list.map((target): HistoryInfoEntry => {
    const index = target.params.get('index') ?? '';
    if (index !== '' && !indexval.test(index)) fail(code, `bad History-Info index "${index}" (RFC 7044 §4)`);
    const causeText = uriParam(target, 'cause');
    let cause: number | null = null;
    if (causeText !== null) {
      if (!/^\d{3}$/.test(causeText)) fail(code, `bad History-Info cause "${causeText}" (RFC 4458)`);
      cause = Number(causeText);
    }
    return {
      target,
      index,
      cause,
      targetParam: uriParam(target, 'target'),
      rc: target.params.get('rc') ?? null,
      mp: target.params.get('mp') ?? null,
      np: target.params.get('np') ?? null,
      reason: reasonOf(target),
    };
  });
  // Array.prototype.sort is stable: entries without an index keep their order, after the rest.
  return entries.sort((a, b) => compareIndex(a.index, b.index));
}
