/**
 * Character classes and scanners of RFC 3261 §25.1 used by every header parser. Scanners take
 * (text, index) and return the index where their construct ends, so parsing never slices a
 * string it does not keep. Values that need two results (a decoded quoted string and its end)
 * leave the end in `scan.end`, a module-level slot, to avoid allocating a result object.
 */
import { fail, type SipParseErrorCode } from './errors.js';

export const TOKEN = 1; // token (§25.1)
export const HOST = 2; // hostname / IPv4 characters (underscore tolerated)
export const USER = 4; // user: unreserved / escaped / user-unreserved
export const PASSWORD = 8; // password
export const PARAM = 16; // paramchar (URI parameters)
export const HNV = 32; // hname / hvalue (URI headers)
export const SCHEME = 64; // scheme characters after the first ALPHA
export const DIGIT = 128;

export const charClass = new Uint8Array(256);
function add(chars: string, flags: number): void {
  for (let i = 0; i < chars.length; i++) charClass[chars.charCodeAt(i)]! |= flags;
}
const alpha = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = '0123456789';
add(alpha + digits, TOKEN | HOST | USER | PASSWORD | PARAM | HNV | SCHEME);
add(digits, DIGIT);
add("-.!%*_+`'~", TOKEN);
add('-._', HOST);
add("-_.!~*'()", USER | PASSWORD | PARAM | HNV); // unreserved marks
add('%', USER | PASSWORD | PARAM | HNV); // escaped
add('&=+$,;?/', USER);
add('&=+$,', PASSWORD);
add('[]/:&+$', PARAM);
add('[]/?:+$', HNV);
add('+-.', SCHEME);

export function is(code: number, flag: number): boolean {
  return code < 256 && (charClass[code]! & flag) !== 0;
}

/** SP or HTAB. */
export function isWs(code: number): boolean {
  return code === 32 || code === 9;
}

export function skipWs(s: string, i: number): number {
  let c = s.charCodeAt(i);
  while (c === 32 || c === 9) c = s.charCodeAt(++i);
  return i;
}

/** End of a run of characters of class `flag` starting at i. */
export function scanClass(s: string, i: number, flag: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 256 || (charClass[c]! & flag) === 0) break;
    i++;
  }
  return i;
}

/** scanClass bounded by `to`. */
export function scanClassTo(s: string, i: number, to: number, flag: number): number {
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c >= 256 || (charClass[c]! & flag) === 0) break;
    i++;
  }
  return i;
}

/** Lower-cases only when needed (V8 allocates a new string for every toLowerCase call). */
export function lower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.toLowerCase();
    if (c >= 128) return s.toLowerCase();
  }
  return s;
}

/** Upper-cases only when needed. */
export function upper(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || c >= 128) return s.toUpperCase();
  }
  return s;
}

export function isToken(s: string): boolean {
  return s.length > 0 && scanClass(s, 0, TOKEN) === s.length;
}

/**
 * Side results of the last scanner: where it stopped (readQuoted), and whether scanMark saw a
 * '%' or an upper-case letter, so callers skip unescape/lower-casing passes when not needed.
 */
export const scan = { end: 0, pct: false, upper: false };

/** scanClassTo that also records in `scan` whether it met '%' or an A-Z letter. */
export function scanMark(s: string, i: number, to: number, flag: number): number {
  let pct = false;
  let up = false;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c >= 256 || (charClass[c]! & flag) === 0) break;
    if (c === 37) pct = true;
    else if (c <= 90 && c >= 65) up = true;
    i++;
  }
  scan.pct = pct;
  scan.upper = up;
  return i;
}

/**
 * quoted-string at s[i] === '"' (§25.1): returns the content with quoted-pairs resolved and sets
 * scan.end after the closing quote. quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F).
 */
export function readQuoted(s: string, i: number, code: SipParseErrorCode): string {
  const n = s.length;
  let out = '';
  let from = i + 1;
  for (let j = from; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === 34) {
      scan.end = j + 1;
      return out + s.slice(from, j);
    }
    if (c === 92) {
      const next = s.charCodeAt(j + 1);
      if (j + 1 >= n || next === 10 || next === 13 || next > 0x7f) fail(code, 'bad quoted-pair in quoted string');
      out += s.slice(from, j) + s[j + 1];
      j++;
      from = j + 1;
    } else if (c === 13 || c === 10) {
      fail(code, 'CR or LF inside a quoted string');
    }
  }
  return fail(code, 'unterminated quoted string');
}

/** Quotes a string for a quoted-string, escaping `"` and `\`. */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  }
  return out + '"';
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  c |= 0x20;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Checks that every % in s[from, to) starts a valid escape (§25.1 escaped). */
export function checkEscapes(s: string, from: number, to: number, code: SipParseErrorCode): void {
  for (let i = s.indexOf('%', from); i >= 0 && i < to; i = s.indexOf('%', i + 1)) {
    if (i + 2 >= to) fail(code, 'truncated %-escape');
    if (hexValue(s.charCodeAt(i + 1)) < 0 || hexValue(s.charCodeAt(i + 2)) < 0) fail(code, 'bad %-escape');
  }
}

/** Resolves %HH escapes; the bytes are read as UTF-8. Assumes checkEscapes passed. */
export function unescape(s: string): string {
  const first = s.indexOf('%');
  if (first < 0) return s;
  let ascii = true;
  for (let i = first; i >= 0; i = s.indexOf('%', i + 3)) {
    if (hexValue(s.charCodeAt(i + 1)) >= 8) ascii = false;
  }
  if (ascii) {
    let out = s.slice(0, first);
    let i = first;
    while (i < s.length) {
      if (s.charCodeAt(i) === 37) {
        out += String.fromCharCode(hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2)));
        i += 3;
      } else {
        out += s[i];
        i++;
      }
    }
    return out;
  }
  const src = Buffer.from(s, 'utf8');
  const dst = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 37 && i + 2 < src.length) {
      dst[n++] = hexValue(src[i + 1]!) * 16 + hexValue(src[i + 2]!);
      i += 2;
    } else {
      dst[n++] = b;
    }
  }
  return dst.toString('utf8', 0, n);
}

const hex = '0123456789ABCDEF';

/** Percent-encodes every character outside class `flag` (and every %), as UTF-8 bytes. */
export function escape(s: string, flag: number): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 || c >= 128 || (charClass[c]! & flag) === 0) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (const b of Buffer.from(s.slice(i), 'utf8')) {
    if (b !== 37 && b < 128 && (charClass[b]! & flag) !== 0) out += String.fromCharCode(b);
    else out += '%' + hex[b >> 4]! + hex[b & 15]!;
  }
  return out;
}

/** Reads 1*DIGIT of at most maxDigits at s[i, end); returns -1 when not all digits. */
export function readDigits(s: string, i: number, end: number, maxDigits: number): number {
  if (end <= i || end - i > maxDigits) return -1;
  let v = 0;
  for (let j = i; j < end; j++) {
    const c = s.charCodeAt(j) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
