/**
 * Fast paths for the common spellings of the core headers: one tight pass over the value with
 * a character table, building the result as it goes, where the general scanners handle every
 * form the grammar allows (LWS around separators, %-escapes, quoted-pairs, upper-case hosts and
 * parameter names, IPv6, comma lists). Each path only accepts text that needs no transformation,
 * so its result is exactly what the general parser returns (test/sip/message/fastPaths.test.ts
 * checks this, also on mutated values); anything else returns null and the caller falls back.
 *
 *   Via       SIP/2.0/TRANSPORT SP host [":" port] *(";" pname ["=" pvalue])
 *   SIP URI   sip[s]: [user "@"] host [":" port] *(";" uname ["=" uvalue])
 *   name-addr [DQUOTE text DQUOTE [SP]] "<" SIP URI ">" *(";" pname ["=" pvalue])
 *
 * host is [a-z0-9.-]+, port 1-5 digits up to 65535, user has no "%" and no ":", parameter
 * names are lower-case, and a display name has no backslash or control character.
 */
import { paramName } from './params.js';
import type { NameAddr, Params, SipUri, Via } from './types.js';

/** Character classes of the fast paths (subsets of lex.ts's, without what needs a transformation). */
const F_HOST = 1; // [a-z0-9.-]
const F_USER = 2; // user without "%": unreserved / user-unreserved
const F_UNAME = 4; // URI parameter name: lower-case paramchar without "%"
const F_UVALUE = 8; // URI parameter value: paramchar without "%"
const F_PNAME = 16; // header parameter name: lower-case token
const F_PVALUE = 32; // header parameter value: token / ":"
const F_TRANSPORT = 64; // [A-Z]

const table = new Uint8Array(256);
function add(chars: string, flags: number): void {
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)]! |= flags;
}
const lowerAlnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
const upperAlpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
add(lowerAlnum, F_HOST | F_USER | F_UNAME | F_UVALUE | F_PNAME | F_PVALUE);
add(upperAlpha, F_USER | F_UVALUE | F_PVALUE | F_TRANSPORT);
add('.-', F_HOST);
add("-_.!~*'()&=+$,;?/", F_USER);
add("-_.!~*'()[]/:&+$", F_UNAME | F_UVALUE);
add("-.!%*_+`'~", F_PNAME | F_PVALUE);
add(':', F_PVALUE);

/** End of the run of class `flag` at s[i] (a code ≥ 256 is in no class). */
function run(s: string, i: number, n: number, flag: number): number {
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c > 255 || (table[c]! & flag) === 0) break;
    i++;
  }
  return i;
}

/** Where the last call stopped (the parsers return their result and leave the index here). */
let at = 0;

/** `[":" 1*5DIGIT]` at s[i]: the port (null when absent), -1 when malformed; sets `at`. */
function readPort(s: string, i: number, n: number): number | null {
  if (i >= n || s.charCodeAt(i) !== 58) {
    at = i;
    return null;
  }
  let v = 0;
  let j = i + 1;
  for (; j < n; j++) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  at = j;
  return j === i + 1 || j - i - 1 > 5 || v > 65535 ? -1 : v;
}

/**
 * `*(";" name ["=" value])` at s[i] up to `n`, into `params`: stops at the first character that
 * is not ";", sets `at` there; false when an element is malformed (empty name or value).
 */
function readParams(s: string, i: number, n: number, params: Params, nameFlag: number, valueFlag: number): boolean {
  while (i < n && s.charCodeAt(i) === 59) {
    const nameEnd = run(s, i + 1, n, nameFlag);
    if (nameEnd === i + 1) return false;
    const name = paramName(s, i + 1, nameEnd, false);
    if (nameEnd < n && s.charCodeAt(nameEnd) === 61) {
      const valueEnd = run(s, nameEnd + 1, n, valueFlag);
      if (valueEnd === nameEnd + 1) return false;
      params.set(name, s.slice(nameEnd + 1, valueEnd));
      i = valueEnd;
    } else {
      params.set(name, null);
      i = nameEnd;
    }
  }
  at = i;
  return true;
}

export function fastVia(s: string): Via | null {
  const n = s.length;
  if (!s.startsWith('SIP/2.0/')) return null;
  const tEnd = run(s, 8, n, F_TRANSPORT);
  if (tEnd === 8 || tEnd >= n || s.charCodeAt(tEnd) !== 32) return null;
  const hostEnd = run(s, tEnd + 1, n, F_HOST);
  if (hostEnd === tEnd + 1) return null;
  const port = readPort(s, hostEnd, n);
  if (port === -1) return null;
  const params: Params = new Map();
  if (!readParams(s, at, n, params, F_PNAME, F_PVALUE) || at !== n) return null;
  return { protocol: 'SIP/2.0', transport: s.slice(8, tEnd), host: s.slice(tEnd + 1, hostEnd), port, params };
}

/** A SIP URI at s[i], not beyond `n`: sets `at` where it stops (the caller checks what follows). */
function readSipUri(s: string, i: number, n: number): SipUri | null {
  let scheme: 'sip' | 'sips';
  if (s.startsWith('sip:', i)) {
    scheme = 'sip';
    i += 4;
  } else if (s.startsWith('sips:', i)) {
    scheme = 'sips';
    i += 5;
  } else {
    return null;
  }
  let user: string | null = null;
  const userEnd = run(s, i, n, F_USER);
  if (userEnd < n && s.charCodeAt(userEnd) === 64) {
    if (userEnd === i) return null;
    user = s.slice(i, userEnd);
    i = userEnd + 1;
  }
  const hostEnd = run(s, i, n, F_HOST);
  if (hostEnd === i) return null;
  const host = s.slice(i, hostEnd);
  const port = readPort(s, hostEnd, n);
  if (port === -1) return null;
  const params: Params = new Map();
  if (!readParams(s, at, n, params, F_UNAME, F_UVALUE)) return null;
  return { scheme, user, password: null, host, port, params, headers: new Map() };
}

export function fastSipUri(s: string): SipUri | null {
  const uri = readSipUri(s, 0, s.length);
  return uri === null || at !== s.length ? null : uri;
}

export function fastNameAddr(s: string): NameAddr | null {
  const n = s.length;
  let i = 0;
  let displayName: string | null = null;
  if (s.charCodeAt(0) === 34) {
    let j = 1;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c === 34) break;
      if (c < 32 || c === 92 || c === 127) return null;
    }
    if (j >= n) return null;
    displayName = s.slice(1, j);
    i = s.charCodeAt(j + 1) === 32 ? j + 2 : j + 1;
  }
  if (s.charCodeAt(i) !== 60) return null;
  const close = s.indexOf('>', i + 1);
  if (close < 0) return null;
  const uri = readSipUri(s, i + 1, close);
  if (uri === null || at !== close) return null;
  const params: Params = new Map();
  if (!readParams(s, close + 1, n, params, F_PNAME, F_PVALUE) || at !== n) return null;
  return { displayName, uri, params };
}

/*
 * The same fast paths over bytes: `b` holds the text the strings are cut from, one byte per
 * character (ASCII decoded as latin1), with s.charCodeAt(i) === b[o + i]. Positions below are
 * byte positions; strings are cut from `s` (indexing a Uint8Array costs much less than charCodeAt
 * on a string cut out of another). Each returns exactly what its string twin returns for
 * s.slice(from, to) (test/sip/message/fastPaths.test.ts checks this).
 */

function runB(b: Uint8Array, i: number, n: number, flag: number): number {
  while (i < n && (table[b[i]!]! & flag) !== 0) i++;
  return i;
}

function readPortB(b: Uint8Array, i: number, n: number): number | null {
  if (i >= n || b[i] !== 58) {
    at = i;
    return null;
  }
  let v = 0;
  let j = i + 1;
  for (; j < n; j++) {
    const d = b[j]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  at = j;
  return j === i + 1 || j - i - 1 > 5 || v > 65535 ? -1 : v;
}

function readParamsB(b: Uint8Array, o: number, s: string, i: number, n: number, params: Params, nameFlag: number, valueFlag: number): boolean {
  while (i < n && b[i] === 59) {
    const nameEnd = runB(b, i + 1, n, nameFlag);
    if (nameEnd === i + 1) return false;
    const name = paramName(s, i + 1 - o, nameEnd - o, false);
    if (nameEnd < n && b[nameEnd] === 61) {
      const valueEnd = runB(b, nameEnd + 1, n, valueFlag);
      if (valueEnd === nameEnd + 1) return false;
      params.set(name, s.slice(nameEnd + 1 - o, valueEnd - o));
      i = valueEnd;
    } else {
      params.set(name, null);
      i = nameEnd;
    }
  }
  at = i;
  return true;
}

/** fastVia(s.slice(from, to)), reading b[o + from, o + to). */
export function fastViaBytes(b: Uint8Array, o: number, s: string, from: number, to: number): Via | null {
  const p = o + from;
  const n = o + to;
  // "SIP/2.0/"
  if (n - p < 8 || b[p] !== 83 || b[p + 1] !== 73 || b[p + 2] !== 80 || b[p + 3] !== 47 || b[p + 4] !== 50 ||
    b[p + 5] !== 46 || b[p + 6] !== 48 || b[p + 7] !== 47) return null;
  const tEnd = runB(b, p + 8, n, F_TRANSPORT);
  if (tEnd === p + 8 || tEnd >= n || b[tEnd] !== 32) return null;
  const hostEnd = runB(b, tEnd + 1, n, F_HOST);
  if (hostEnd === tEnd + 1) return null;
  const port = readPortB(b, hostEnd, n);
  if (port === -1) return null;
  const params: Params = new Map();
  if (!readParamsB(b, o, s, at, n, params, F_PNAME, F_PVALUE) || at !== n) return null;
  return { protocol: 'SIP/2.0', transport: s.slice(p + 8 - o, tEnd - o), host: s.slice(tEnd + 1 - o, hostEnd - o), port, params };
}

function readSipUriB(b: Uint8Array, o: number, s: string, i: number, n: number): SipUri | null {
  let scheme: 'sip' | 'sips';
  if (i + 4 > n || b[i] !== 115 || b[i + 1] !== 105 || b[i + 2] !== 112) return null;
  if (b[i + 3] === 58) {
    scheme = 'sip';
    i += 4;
  } else if (b[i + 3] === 115 && i + 5 <= n && b[i + 4] === 58) {
    scheme = 'sips';
    i += 5;
  } else {
    return null;
  }
  let user: string | null = null;
  const userEnd = runB(b, i, n, F_USER);
  if (userEnd < n && b[userEnd] === 64) {
    if (userEnd === i) return null;
    user = s.slice(i - o, userEnd - o);
    i = userEnd + 1;
  }
  const hostEnd = runB(b, i, n, F_HOST);
  if (hostEnd === i) return null;
  const host = s.slice(i - o, hostEnd - o);
  const port = readPortB(b, hostEnd, n);
  if (port === -1) return null;
  const params: Params = new Map();
  if (!readParamsB(b, o, s, at, n, params, F_UNAME, F_UVALUE)) return null;
  return { scheme, user, password: null, host, port, params, headers: new Map() };
}

/** fastNameAddr(s.slice(from, to)), reading b[o + from, o + to). */
export function fastNameAddrBytes(b: Uint8Array, o: number, s: string, from: number, to: number): NameAddr | null {
  const n = o + to;
  let i = o + from;
  let displayName: string | null = null;
  if (i < n && b[i] === 34) {
    let j = i + 1;
    for (; j < n; j++) {
      const c = b[j]!;
      if (c === 34) break;
      if (c < 32 || c === 92 || c === 127) return null;
    }
    if (j >= n) return null;
    displayName = s.slice(i + 1 - o, j - o);
    i = j + 1 < n && b[j + 1] === 32 ? j + 2 : j + 1;
  }
  if (i >= n || b[i] !== 60) return null;
  let close = i + 1;
  while (close < n && b[close] !== 62) close++;
  if (close >= n) return null;
  const uri = readSipUriB(b, o, s, i + 1, close);
  if (uri === null || at !== close) return null;
  const params: Params = new Map();
  if (!readParamsB(b, o, s, close + 1, n, params, F_PNAME, F_PVALUE) || at !== n) return null;
  return { displayName, uri, params };
}

/** fastSipUri(s.slice(from, to)), reading b[o + from, o + to). */
export function fastSipUriBytes(b: Uint8Array, o: number, s: string, from: number, to: number): SipUri | null {
  const uri = readSipUriB(b, o, s, o + from, o + to);
  return uri === null || at !== o + to ? null : uri;
}
