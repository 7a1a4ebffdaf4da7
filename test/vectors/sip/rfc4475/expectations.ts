/**
 * What each RFC 4475 vector must do, as the README table says: the RFC section, the property
 * the message exercises, what OpenUM's parser does, and which layer gives the final answer.
 * Shared by test/sip/message/rfc4475.test.ts and bench/rfc4475Report.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ParserOutcome =
  | { outcome: 'parse' }
  | { outcome: 'error'; code: string; status: number; isResponse?: boolean };

export interface VectorExpectation {
  name: string;
  section: string;
  property: string;
  expect: ParserOutcome;
  /** Who answers, and how, when it is not the parser alone. */
  layer: string;
}

const ok: ParserOutcome = { outcome: 'parse' };
const err = (code: string, status = 400, isResponse = false): ParserOutcome => ({ outcome: 'error', code, status, isResponse });

export const rfc4475: readonly VectorExpectation[] = [
  { name: 'wsinv', section: '3.1.1.1', property: 'LWS, folding, odd case and spacing everywhere; unknown headers', expect: ok, layer: 'parser' },
  { name: 'intmeth', section: '3.1.1.2', property: 'every legal token/URI character; escaped NUL/BEL/DEL in quoted string', expect: ok, layer: 'parser' },
  { name: 'esc01', section: '3.1.1.3', property: '%-escapes in user part and URI parameters', expect: ok, layer: 'parser' },
  { name: 'escnull', section: '3.1.1.4', property: 'escaped NUL (%00) in URI user parts', expect: ok, layer: 'parser' },
  { name: 'esc02', section: '3.1.1.5', property: '% in method and display name is not an escape', expect: ok, layer: 'parser' },
  { name: 'lwsdisp', section: '3.1.1.6', property: 'no LWS between display name and <', expect: ok, layer: 'parser' },
  { name: 'longreq', section: '3.1.1.7', property: 'very long values, many Vias', expect: ok, layer: 'parser' },
  { name: 'dblreq', section: '3.1.1.8', property: 'extra octets after Content-Length in a datagram are discarded', expect: ok, layer: 'parser' },
  { name: 'semiuri', section: '3.1.1.9', property: 'semicolons in the Request-URI user part', expect: ok, layer: 'parser' },
  { name: 'transports', section: '3.1.1.10', property: 'UDP, SCTP, TLS, unknown and TCP Via transports', expect: ok, layer: 'parser' },
  { name: 'mpart01', section: '3.1.1.11', property: 'multipart body with binary (non-UTF-8) part', expect: ok, layer: 'parser' },
  { name: 'unreason', section: '3.1.1.12', property: 'UTF-8 and symbols in the reason phrase', expect: ok, layer: 'parser' },
  { name: 'noreason', section: '3.1.1.13', property: 'empty reason phrase', expect: ok, layer: 'parser' },
  { name: 'badinv01', section: '3.1.2.1', property: 'empty ;;,;,, separators in Via and Contact', expect: err('SIP_PARSE_BAD_VIA'), layer: 'parser → UAS 400' },
  { name: 'clerr', section: '3.1.2.2', property: 'Content-Length larger than the datagram', expect: err('SIP_PARSE_CONTENT_LENGTH'), layer: 'parser → UAS 400' },
  { name: 'ncl', section: '3.1.2.3', property: 'negative Content-Length', expect: err('SIP_PARSE_CONTENT_LENGTH'), layer: 'parser → UAS 400' },
  { name: 'scalar02', section: '3.1.2.4', property: 'request scalars out of range (CSeq > 2**32-1, Max-Forwards 300)', expect: err('SIP_PARSE_BAD_CSEQ'), layer: 'parser → UAS 400' },
  { name: 'scalarlg', section: '3.1.2.5', property: 'response scalars out of range', expect: err('SIP_PARSE_BAD_CSEQ', 400, true), layer: 'parser → dropped (response)' },
  { name: 'quotbal', section: '3.1.2.6', property: 'unterminated quoted display name', expect: err('SIP_PARSE_BAD_NAME_ADDR'), layer: 'parser → UAS 400' },
  { name: 'ltgtruri', section: '3.1.2.7', property: 'Request-URI enclosed in <>', expect: err('SIP_PARSE_BAD_URI'), layer: 'parser → UAS 400' },
  { name: 'lwsruri', section: '3.1.2.8', property: 'LWS inside the Request-URI', expect: err('SIP_PARSE_BAD_START_LINE'), layer: 'parser → UAS 400' },
  { name: 'lwsstart', section: '3.1.2.9', property: 'several SP between Request-Line elements', expect: err('SIP_PARSE_BAD_START_LINE'), layer: 'parser → UAS 400' },
  { name: 'trws', section: '3.1.2.10', property: 'SP at the end of the Request-Line', expect: err('SIP_PARSE_BAD_START_LINE'), layer: 'parser → UAS 400' },
  { name: 'escruri', section: '3.1.2.11', property: 'escaped headers in the Request-URI', expect: err('SIP_PARSE_BAD_URI'), layer: 'parser → UAS 400 (RFC allows reject)' },
  { name: 'baddate', section: '3.1.2.12', property: 'non-GMT time zone in Date', expect: ok, layer: 'parser keeps Date raw (RFC allows liberal acceptance); UA may 400' },
  { name: 'regbadct', section: '3.1.2.13', property: 'Contact URI with ? not in <>', expect: ok, layer: 'parseNameAddrList(Contact) → SIP_PARSE_BAD_NAME_ADDR; registrar 400' },
  { name: 'badaspec', section: '3.1.2.14', property: 'spaces inside <addr-spec>', expect: err('SIP_PARSE_BAD_NAME_ADDR'), layer: 'parser → UAS 400' },
  { name: 'baddn', section: '3.1.2.15', property: 'unquoted display name with a comma', expect: err('SIP_PARSE_BAD_NAME_ADDR'), layer: 'parser → UAS 400' },
  { name: 'badvers', section: '3.1.2.16', property: 'SIP/7.0', expect: err('SIP_PARSE_BAD_VERSION', 505), layer: 'parser → UAS 505' },
  { name: 'mismatch01', section: '3.1.2.17', property: 'CSeq method differs from the Request-Line method', expect: ok, layer: 'validateRequestSemantics → 400' },
  { name: 'mismatch02', section: '3.1.2.18', property: 'unknown method with mismatched CSeq method', expect: ok, layer: 'validateRequestSemantics → 400' },
  { name: 'bigcode', section: '3.1.2.19', property: 'status code of more than three digits', expect: err('SIP_PARSE_BAD_START_LINE', 400, true), layer: 'parser → dropped (response)' },
  { name: 'badbranch', section: '3.2.1', property: 'branch is only the magic cookie z9hG4bK', expect: ok, layer: 'transaction layer (not a valid RFC 3261 branch)' },
  { name: 'insuf', section: '3.3.1', property: 'missing Call-ID, From and To', expect: err('SIP_PARSE_MISSING_HEADER'), layer: 'parser → UAS 400' },
  { name: 'unkscm', section: '3.3.2', property: 'Request-URI with an unknown scheme', expect: err('SIP_PARSE_UNSUPPORTED_URI_SCHEME', 416), layer: 'parser → UAS 416' },
  { name: 'novelsc', section: '3.3.3', property: 'Request-URI with a known but unsupported scheme', expect: err('SIP_PARSE_UNSUPPORTED_URI_SCHEME', 416), layer: 'parser → UAS 416' },
  { name: 'unksm2', section: '3.3.4', property: 'unknown URI schemes in To, From, Contact', expect: ok, layer: 'parser keeps them opaque; registrar rejects non-SIP AoR' },
  { name: 'bext01', section: '3.3.5', property: 'unknown Require / Proxy-Require option tags', expect: ok, layer: 'validateRequestSemantics(supportedExtensions) → 420' },
  { name: 'invut', section: '3.3.6', property: 'unknown Content-Type', expect: ok, layer: 'UA → 415' },
  { name: 'regaut01', section: '3.3.7', property: 'unknown Authorization scheme', expect: ok, layer: 'registrar → 401' },
  { name: 'multi01', section: '3.3.8', property: 'several values in single-value headers', expect: err('SIP_PARSE_DUPLICATE_HEADER'), layer: 'parser → UAS 400' },
  { name: 'mcl01', section: '3.3.9', property: 'several Content-Length values', expect: err('SIP_PARSE_CONTENT_LENGTH'), layer: 'parser → UAS 400' },
  { name: 'bcast', section: '3.3.10', property: '200 OK with a second (broadcast) Via', expect: ok, layer: 'UAC core drops a response with >1 Via (RFC 3261 §8.1.3.3)' },
  { name: 'zeromf', section: '3.3.11', property: 'Max-Forwards: 0 at the target', expect: ok, layer: 'UAS answers normally (483 is for proxies)' },
  { name: 'cparam01', section: '3.3.12', property: 'addr-spec Contact: parameter is a header parameter', expect: ok, layer: 'parser' },
  { name: 'cparam02', section: '3.3.13', property: 'name-addr Contact: parameter is a URI parameter', expect: ok, layer: 'parser' },
  { name: 'regescrt', section: '3.3.14', property: 'escaped Route header in a Contact URI', expect: ok, layer: 'parser' },
  { name: 'sdp01', section: '3.3.15', property: 'Accept excludes the offered body type', expect: ok, layer: 'UA → 406' },
  { name: 'inv2543', section: '3.4.1', property: 'RFC 2543 syntax: no branch, no tags, no Max-Forwards', expect: ok, layer: 'parser' },
];

/** The folder of the .dat files (found from the repository root, so compiled copies work too). */
export function vectorDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return join(dir, 'test', 'vectors', 'sip', 'rfc4475');
}

export function readVector(name: string): Buffer {
  return readFileSync(join(vectorDir(), `${name}.dat`));
}
