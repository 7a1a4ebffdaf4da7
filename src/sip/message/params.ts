/**
 * Parameters: header parameters (`*( SEMI generic-param )`, RFC 3261 §25.1, LWS allowed around
 * `;` and `=`) and URI parameters (`*( ";" uri-parameter )`, §19.1.1, no LWS, %-escaped).
 * Names are lower-cased; a flag parameter (`;lr`, `;rport`) has the value null. A quoted-string
 * header parameter value is stored unquoted (quoted-pairs resolved); formatParams quotes it again
 * when it is not a token.
 */
import type { SipParseErrorCode } from './errors.js';
import { fail } from './errors.js';
import { charClass, checkEscapes, escape, PARAM, quote, readQuoted, scan, scanMark, skipWs, TOKEN, unescape } from './lex.js';
import type { Params } from './types.js';

/**
 * Common parameter names, returned as the same internalized string every time: Map.set with a
 * freshly sliced key must hash it, an internalized constant has its hash cached.
 */
const commonNames: ReadonlyArray<readonly string[]> = (() => {
  const names = ['branch', 'received', 'rport', 'tag', 'lr', 'transport', 'user', 'maddr', 'ttl', 'expires', 'q', 'ob',
    'reason', 'counter', 'privacy', 'screen', 'index', 'rc', 'mp', 'np', 'cause', 'target', 'method', 'refresher', 'ftag',
    'boundary', 'charset', 'limit'];
  const byLength: string[][] = [];
  for (const n of names) (byLength[n.length] ??= []).push(n);
  return byLength;
})();

/** s[from, to) as a parameter name, lower-cased when `upper` says it has capitals. */
export function paramName(s: string, from: number, to: number, upper: boolean): string {
  if (!upper) {
    const list = commonNames[to - from];
    if (list !== undefined) for (const n of list) if (s.startsWith(n, from)) return n;
    return s.slice(from, to);
  }
  return s.slice(from, to).toLowerCase();
}

/** End of a gen-value (token / host / IPv6 reference) at i. */
function scanGenValue(s: string, i: number): number {
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i);
    return close < 0 ? i : close + 1;
  }
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 58 || (c < 256 && (charClass[c]! & TOKEN) !== 0)) i++;
    else break;
  }
  return i;
}

/**
 * Reads `*( SEMI generic-param )` from s[i]. Stops (and returns the index) at the first
 * character after optional whitespace that is not `;`.
 */
export function readHeaderParams(s: string, i: number, params: Params, code: SipParseErrorCode): number {
  for (;;) {
    let j = skipWs(s, i);
    if (s.charCodeAt(j) !== 59) return j;
    j = skipWs(s, j + 1);
    const nameEnd = scanMark(s, j, s.length, TOKEN);
    if (nameEnd === j) fail(code, 'empty or malformed parameter name');
    const name = paramName(s, j, nameEnd, scan.upper);
    let k = skipWs(s, nameEnd);
    let value: string | null = null;
    if (s.charCodeAt(k) === 61) {
      k = skipWs(s, k + 1);
      if (s.charCodeAt(k) === 34) {
        value = readQuoted(s, k, code);
        k = scan.end;
      } else {
        const end = scanGenValue(s, k);
        if (end === k) fail(code, `parameter "${name}" has an empty value`);
        value = s.slice(k, end);
        k = end;
      }
    } else {
      k = nameEnd;
    }
    params.set(name, value);
    i = k;
  }
}

/** Parses a standalone parameter list such as ";a=1;b" (leading `;` required per element). */
export function parseHeaderParams(text: string, code: SipParseErrorCode = 'SIP_PARSE_BAD_HEADER_VALUE'): Params {
  const params: Params = new Map();
  const end = readHeaderParams(text, 0, params, code);
  if (end !== text.length) fail(code, 'unexpected text after parameters');
  return params;
}

/**
 * Reads `*( ";" uri-parameter )` from s[i] up to `end`, stopping at `?` or `end`.
 * pname/pvalue are 1*paramchar (§19.1.1); escapes are resolved.
 */
export function readUriParams(s: string, i: number, end: number, params: Params, code: SipParseErrorCode): number {
  while (i < end && s.charCodeAt(i) === 59) {
    const j = i + 1;
    const nameEnd = scanMark(s, j, end, PARAM);
    if (nameEnd === j) fail(code, 'empty URI parameter name');
    let name: string;
    if (scan.pct) {
      checkEscapes(s, j, nameEnd, code);
      name = unescape(s.slice(j, nameEnd)).toLowerCase();
    } else {
      name = paramName(s, j, nameEnd, scan.upper);
    }
    let k = nameEnd;
    let value: string | null = null;
    if (k < end && s.charCodeAt(k) === 61) {
      const vEnd = scanMark(s, k + 1, end, PARAM);
      if (vEnd === k + 1) fail(code, `URI parameter "${name}" has an empty value`);
      value = s.slice(k + 1, vEnd);
      if (scan.pct) {
        checkEscapes(s, k + 1, vEnd, code);
        value = unescape(value);
      }
      k = vEnd;
    }
    params.set(name, value);
    i = k;
  }
  return i;
}

function isGenValue(v: string): boolean {
  if (v.length === 0) return false;
  if (v.charCodeAt(0) === 91) return v.charCodeAt(v.length - 1) === 93 && v.indexOf(']') === v.length - 1;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c !== 58 && (c >= 256 || (charClass[c]! & TOKEN) === 0)) return false;
  }
  return true;
}

/** `;name=value` header parameters; values that are not a token or host are quoted. */
export function formatParams(params: Params): string {
  let out = '';
  for (const [name, value] of params) {
    out += ';' + name;
    if (value !== null) out += '=' + (isGenValue(value) ? value : quote(value));
  }
  return out;
}

/** `;name=value` URI parameters, %-escaping what paramchar does not allow. */
export function formatUriParams(params: Params): string {
  let out = '';
  for (const [name, value] of params) {
    out += ';' + escape(name, PARAM);
    if (value !== null) out += '=' + escape(value, PARAM);
  }
  return out;
}

