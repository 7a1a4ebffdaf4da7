/**
 * name-addr and addr-spec (RFC 3261 §25.1, §20.10), for From, To, Contact, Route, Record-Route,
 * Reply-To, Diversion, History-Info, P-Asserted-Identity, …
 *
 *   name-addr   = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 *
 * §20.10: "when the header field value contains a display name, the URI including all URI
 * parameters is enclosed in <>. If no <> are present, all parameters after the URI are header
 * parameters", and a URI containing a comma, question mark or semicolon must be enclosed in <>.
 */
import { fail, type SipParseErrorCode } from '../errors.js';
import { charClass, readQuoted, scan, skipWs, TOKEN } from '../lex.js';
import { readHeaderParams } from '../params.js';
import { splitTopLevel } from '../text.js';
import type { NameAddr, Params, Uri } from '../types.js';
import { fastNameAddr } from '../fastPaths.js';
import { parseUriRange } from './uri.js';

export function parseNameAddr(value: string, code: SipParseErrorCode = 'SIP_PARSE_BAD_NAME_ADDR'): NameAddr {
  return fastNameAddr(value) ?? parseNameAddrScan(value, code);
}

/** The general character scanner (every form the grammar allows). */
export function parseNameAddrScan(value: string, code: SipParseErrorCode = 'SIP_PARSE_BAD_NAME_ADDR'): NameAddr {
  const s = value;
  const n = s.length;
  let i = skipWs(s, 0);
  let displayName: string | null = null;
  let laquot = -1;
  const first = s.charCodeAt(i);
  if (first === 34) {
    displayName = readQuoted(s, i, code);
    laquot = skipWs(s, scan.end);
    if (s.charCodeAt(laquot) !== 60) fail(code, 'display name not followed by <URI>');
  } else if (first === 60) {
    laquot = i;
  } else {
    let j = i;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === 32 || c === 9 || (c < 256 && (charClass[c]! & TOKEN) !== 0)) j++;
      else break;
    }
    if (s.charCodeAt(j) === 60) {
      const dn = s.slice(i, j).trim();
      displayName = dn === '' ? null : dn;
      laquot = j;
    }
  }
  let uri: Uri;
  if (laquot >= 0) {
    const raquot = s.indexOf('>', laquot + 1);
    if (raquot < 0) fail(code, 'missing > after URI');
    uri = parseUriRange(s, laquot + 1, raquot, code);
    i = raquot + 1;
  } else {
    let j = i;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === 59 || c === 32 || c === 9) break;
      if (c === 44 || c === 63) fail(code, 'a URI with "," or "?" must be enclosed in <> (RFC 3261 §20.10)');
      j++;
    }
    if (j === i) fail(code, 'empty address');
    uri = parseUriRange(s, i, j, code);
    i = j;
  }
  const params: Params = new Map();
  i = readHeaderParams(s, i, params, code);
  if (i !== n) fail(code, `unexpected text after address: "${s.slice(i, i + 20)}"`);
  return { displayName, uri, params };
}

/**
 * Every address of a list header (Contact, Route, Record-Route, Path, …), in order. Each input
 * string may itself hold a comma-separated list. Returns '*' for the Contact wildcard
 * (RFC 3261 §10.2.2), which must then be the only value.
 */
export function parseNameAddrList(values: readonly string[], code: SipParseErrorCode = 'SIP_PARSE_BAD_NAME_ADDR'): NameAddr[] | '*' {
  const out: NameAddr[] = [];
  let star = false;
  for (const value of values) {
    for (const part of splitTopLevel(value, ',')) {
      const item = part.trim();
      if (item === '') fail(code, 'empty element in address list');
      if (item === '*') star = true;
      else out.push(parseNameAddr(item, code));
    }
  }
  if (star) {
    if (out.length > 0) fail(code, 'Contact "*" must be the only value');
    return '*';
  }
  return out;
}
