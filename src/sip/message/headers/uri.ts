/**
 * URIs (RFC 3261 §19.1, §25.1): sip and sips parsed fully, tel per RFC 3966 (./telUri.ts),
 * any other absoluteURI kept opaque.
 *
 *   SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 *   userinfo = ( user / telephone-subscriber ) [ ":" password ] "@"
 *   hostport = host [ ":" port ]
 */
import { fail, type SipParseErrorCode } from '../errors.js';
import { checkEscapes, DIGIT, HNV, HOST, lower, PASSWORD, readDigits, scan, SCHEME, scanClassTo, scanMark, unescape, USER } from '../lex.js';
import { readUriParams } from '../params.js';
import type { OtherUri, Params, SipUri, Uri } from '../types.js';
import { fastSipUri } from '../fastPaths.js';
import { parseTelUriBody } from './telUri.js';

/** Index of the ':' ending a valid scheme at s[from], or -1. */
function schemeEnd(s: string, from = 0, to = s.length): number {
  const first = s.charCodeAt(from) | 0x20;
  if (first < 97 || first > 122) return -1;
  const end = scanClassTo(s, from + 1, to, SCHEME);
  return end < to && s.charCodeAt(end) === 58 ? end : -1;
}

/** Scheme fast path: "sip:" in any case. */
function isSipColon(s: string, i: number): boolean {
  return (s.charCodeAt(i) | 0x20) === 115 && (s.charCodeAt(i + 1) | 0x20) === 105 && (s.charCodeAt(i + 2) | 0x20) === 112;
}

/** Lower-cased scheme of a URI text, or null when it has none. */
export function uriScheme(text: string): string | null {
  if (text.length > 4 && isSipColon(text, 0) && text.charCodeAt(3) === 58) return 'sip';
  const end = schemeEnd(text);
  return end < 0 ? null : lower(text.slice(0, end));
}

export function parseUri(text: string, code: SipParseErrorCode = 'SIP_PARSE_BAD_URI'): Uri {
  return fastSipUri(text) ?? parseUriRange(text, 0, text.length, code);
}

/** Parses the URI in s[from, to) without slicing it out first. */
export function parseUriRange(s: string, from: number, to: number, code: SipParseErrorCode): Uri {
  if (to - from > 4 && isSipColon(s, from)) {
    const c = s.charCodeAt(from + 3);
    if (c === 58) return parseSipUriBody(s, from + 4, to, 'sip', code);
    if ((c | 0x20) === 115 && s.charCodeAt(from + 4) === 58) return parseSipUriBody(s, from + 5, to, 'sips', code);
  }
  const colon = schemeEnd(s, from, to);
  if (colon < 0) fail(code, `not a URI (no scheme): "${s.slice(from, Math.min(to, from + 40))}"`);
  const scheme = lower(s.slice(from, colon));
  if (scheme === 'sip' || scheme === 'sips') return parseSipUriBody(s, colon + 1, to, scheme, code);
  if (scheme === 'tel') return parseTelUriBody(s, colon + 1, to, code);
  return parseOtherUri(s, scheme, colon + 1, to, code);
}

function parseOtherUri(s: string, scheme: string, from: number, to: number, code: SipParseErrorCode): OtherUri {
  if (from >= to) fail(code, `empty ${scheme}: URI`);
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    // absoluteURI characters: no whitespace, CTL, or the delimiters that end a URI in SIP text.
    if (c <= 32 || c === 127 || c === 34 || c === 60 || c === 62) fail(code, `invalid character in ${scheme}: URI`);
  }
  return { scheme, opaque: s.slice(from, to) };
}

function parseSipUriBody(s: string, from: number, to: number, scheme: 'sip' | 'sips', code: SipParseErrorCode): SipUri {
  const n = to;
  let i = from;
  let user: string | null = null;
  let password: string | null = null;
  const at = s.indexOf('@', i);
  if (at >= 0 && at < n) {
    const userEnd = scanMark(s, i, at, USER);
    if (userEnd === i) fail(code, 'empty user part in SIP URI');
    if (userEnd === at) {
      if (scan.pct) {
        checkEscapes(s, i, at, code);
        user = unescape(s.slice(i, at));
      } else {
        user = s.slice(i, at);
      }
    } else if (userEnd < at && s.charCodeAt(userEnd) === 58) {
      const passEnd = scanClassTo(s, userEnd + 1, at, PASSWORD);
      if (passEnd !== at) fail(code, 'invalid character in SIP URI password');
      checkEscapes(s, i, at, code);
      user = unescape(s.slice(i, userEnd));
      password = unescape(s.slice(userEnd + 1, at));
    } else {
      fail(code, 'invalid character in SIP URI user part');
    }
    i = at + 1;
  }
  let host: string;
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i);
    if (close < 0 || close >= n) fail(code, 'unterminated IPv6 reference');
    for (let j = i + 1; j < close; j++) {
      const c = s.charCodeAt(j) | 0x20;
      if (!((c >= 48 && c <= 58) || (c >= 97 && c <= 102) || c === 46)) fail(code, 'invalid IPv6 reference');
    }
    host = lower(s.slice(i, close + 1));
    i = close + 1;
  } else {
    const end = scanMark(s, i, n, HOST);
    if (end === i) fail(code, 'missing host in SIP URI');
    host = scan.upper ? s.slice(i, end).toLowerCase() : s.slice(i, end);
    i = end;
  }
  let port: number | null = null;
  if (s.charCodeAt(i) === 58) {
    const end = scanClassTo(s, i + 1, n, DIGIT);
    port = readDigits(s, i + 1, end, 5);
    if (port < 0 || port > 65535) fail(code, 'invalid port in SIP URI');
    i = end;
  }
  const params: Params = new Map();
  if (s.charCodeAt(i) === 59) i = readUriParams(s, i, n, params, code);
  const headers = new Map<string, string>();
  if (i < n && s.charCodeAt(i) === 63) {
    do {
      const j = i + 1;
      const nameEnd = scanClassTo(s, j, n, HNV);
      if (nameEnd === j || s.charCodeAt(nameEnd) !== 61) fail(code, 'malformed URI header');
      const valueEnd = scanClassTo(s, nameEnd + 1, n, HNV);
      checkEscapes(s, j, valueEnd, code);
      // (URI headers are rare; the generic path is fine here.)
      headers.set(unescape(s.slice(j, nameEnd)), unescape(s.slice(nameEnd + 1, valueEnd)));
      i = valueEnd;
    } while (i < n && s.charCodeAt(i) === 38);
  }
  if (i !== n) fail(code, `unexpected character "${s[i]}" in SIP URI`);
  return { scheme, user, password, host, port, params, headers };
}
