/**
 * The small single-valued core headers: Call-ID (§20.8), Max-Forwards (§20.22) and
 * Content-Length (§20.14).
 */
import { fail } from '../errors.js';

/** callid = word [ "@" word ]: any visible ASCII, no whitespace. Returns the value unchanged. */
export function parseCallId(value: string): string {
  if (value.length === 0) fail('SIP_PARSE_BAD_CALL_ID', 'empty Call-ID');
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 32 || c === 127) fail('SIP_PARSE_BAD_CALL_ID', 'whitespace or control character in Call-ID');
  }
  return value;
}

/** Max-Forwards = 1*DIGIT, "an integer in the range 0-255" (§20.22). */
export function parseMaxForwards(value: string): number {
  let v = 0;
  if (value.length === 0) fail('SIP_PARSE_BAD_MAX_FORWARDS', 'empty Max-Forwards');
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) fail('SIP_PARSE_BAD_MAX_FORWARDS', 'Max-Forwards is not a number');
    v = v * 10 + d;
    if (v > 255) fail('SIP_PARSE_BAD_MAX_FORWARDS', 'Max-Forwards larger than 255 (RFC 3261 §20.22)');
  }
  return v;
}

/**
 * Content-Length = 1*DIGIT, in octets. Returns the length, or Infinity when it is a valid number
 * too large to represent (the caller's limit check then rejects it).
 */
export function parseContentLength(value: string): number {
  if (value.length === 0) fail('SIP_PARSE_CONTENT_LENGTH', 'empty Content-Length');
  let v = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) fail('SIP_PARSE_CONTENT_LENGTH', `Content-Length "${value.slice(0, 20)}" is not a number of octets`);
    v = v * 10 + d;
  }
  return v > Number.MAX_SAFE_INTEGER ? Infinity : v;
}
