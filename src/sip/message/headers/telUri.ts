/**
 * tel URIs (RFC 3966 §3):
 *
 *   telephone-uri = "tel:" telephone-subscriber
 *   global-number = "+" *phonedigit DIGIT *phonedigit *par
 *   local-number  = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex *par
 *   visual-separator = "-" / "." / "(" / ")"
 *
 * The number is stored with visual separators removed. RFC 3966 requires phone-context on a
 * local number; we accept one without it (PBXs send `tel:1001`) and leave the judgement to the
 * caller.
 */
import { fail, type SipParseErrorCode } from '../errors.js';
import { readUriParams } from '../params.js';
import type { Params, TelUri } from '../types.js';

function isVisual(c: number): boolean {
  return c === 45 || c === 46 || c === 40 || c === 41;
}

export function parseTelUriBody(s: string, from: number, to: number, code: SipParseErrorCode): TelUri {
  const n = to;
  let i = from;
  const global = s.charCodeAt(i) === 43;
  let number = global ? '+' : '';
  if (global) i++;
  let significant = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 59) break;
    if (c >= 48 && c <= 57) {
      number += s[i];
      significant++;
    } else if (!global && ((c | 0x20) >= 97 && (c | 0x20) <= 102 || c === 42 || c === 35)) {
      number += s[i]!.toUpperCase();
      significant++;
    } else if (!isVisual(c)) {
      fail(code, `invalid character "${s[i]}" in tel URI`);
    }
  }
  if (significant === 0) fail(code, 'tel URI without digits');
  const params: Params = new Map();
  i = readUriParams(s, i, n, params, code);
  if (i !== n) fail(code, 'unexpected text in tel URI');
  return { scheme: 'tel', number, params };
}

/** Parses a whole `tel:` URI (RFC 3966). */
export function parseTelUri(text: string, code: SipParseErrorCode = 'SIP_PARSE_BAD_URI'): TelUri {
  if (text.length < 4 || text.slice(0, 4).toLowerCase() !== 'tel:') fail(code, 'not a tel: URI');
  return parseTelUriBody(text, 4, text.length, code);
}
