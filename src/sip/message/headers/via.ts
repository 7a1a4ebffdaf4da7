/**
 * Via (RFC 3261 §20.42, §25.1; rport from RFC 3581):
 *
 *   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol = protocol-name SLASH protocol-version SLASH transport
 *   sent-by       = host [ COLON port ]
 *   via-params    = via-ttl / via-maddr / via-received / via-branch / response-port / via-extension
 *
 * SLASH, COLON and SEMI allow whitespace on both sides. `rport` without a value is stored as null.
 */
import { fail } from '../errors.js';
import { DIGIT, HOST, isWs, lower, readDigits, scan, scanClass, scanMark, skipWs, TOKEN, upper } from '../lex.js';
import { readHeaderParams } from '../params.js';
import { fastVia } from '../fastPaths.js';
import type { Params, Via } from '../types.js';

const code = 'SIP_PARSE_BAD_VIA';

function readToken(s: string, i: number, what: string): number {
  const end = scanClass(s, i, TOKEN);
  if (end === i) fail(code, `missing ${what} in Via`);
  return end;
}

/** Reads one via-parm at s[i]; pushes it; returns the index after it and trailing whitespace. */
function readViaParm(s: string, i: number, out: Via[]): number {
  i = skipWs(s, i);
  let end: number;
  let protocol = 'SIP/2.0';
  if (s.startsWith('SIP/2.0/', i)) {
    i += 8; // the common spelling, without LWS
  } else {
    end = readToken(s, i, 'protocol name');
    const name = s.slice(i, end);
    i = skipWs(s, end);
    if (s.charCodeAt(i) !== 47) fail(code, 'expected "/" in Via sent-protocol');
    i = skipWs(s, i + 1);
    end = readToken(s, i, 'protocol version');
    const version = s.slice(i, end);
    i = skipWs(s, end);
    if (s.charCodeAt(i) !== 47) fail(code, 'expected "/" in Via sent-protocol');
    i = skipWs(s, i + 1);
    protocol = upper(name) === 'SIP' && version === '2.0' ? 'SIP/2.0' : `${name}/${version}`;
  }
  end = readToken(s, i, 'transport');
  const transport = upper(s.slice(i, end));
  if (!isWs(s.charCodeAt(end))) fail(code, 'missing space before Via sent-by');
  i = skipWs(s, end);
  let host: string;
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i);
    if (close < 0) fail(code, 'unterminated IPv6 reference in Via');
    host = lower(s.slice(i, close + 1));
    i = close + 1;
  } else {
    end = scanMark(s, i, s.length, HOST);
    if (end === i) fail(code, 'missing host in Via sent-by');
    host = scan.upper ? s.slice(i, end).toLowerCase() : s.slice(i, end);
    i = end;
  }
  let port: number | null = null;
  let j = skipWs(s, i);
  if (s.charCodeAt(j) === 58) {
    j = skipWs(s, j + 1);
    end = scanClass(s, j, DIGIT);
    port = readDigits(s, j, end, 5);
    if (port < 0 || port > 65535) fail(code, 'invalid port in Via sent-by');
    i = end;
  }
  const params: Params = new Map();
  i = readHeaderParams(s, i, params, code);
  out.push({ protocol, transport, host, port, params });
  return i;
}

/** Appends every via-parm of one Via header value (a comma-separated list) to `out`. */
export function readViaValue(s: string, out: Via[]): void {
  const fast = fastVia(s);
  if (fast !== null) out.push(fast);
  else readViaValueScan(s, out);
}

/** The general character scanner (LWS, IPv6, any transport token, comma lists). */
export function readViaValueScan(s: string, out: Via[]): void {
  let i = readViaParm(s, 0, out);
  while (i < s.length) {
    if (s.charCodeAt(i) !== 44) fail(code, `unexpected "${s[i]}" in Via`);
    i = readViaParm(s, i + 1, out);
  }
}

/** Every Via of the given header values, top first. */
export function parseViaList(values: readonly string[]): Via[] {
  const out: Via[] = [];
  for (const v of values) readViaValue(v, out);
  return out;
}

/** Exactly one via-parm. */
export function parseVia(value: string): Via {
  const out: Via[] = [];
  readViaValue(value, out);
  if (out.length !== 1 || out[0] === undefined) fail(code, 'expected exactly one Via value');
  return out[0];
}
