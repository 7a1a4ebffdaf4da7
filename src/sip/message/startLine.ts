/**
 * Start lines (RFC 3261 §7.1, §7.2, §25.1):
 *
 *   Request-Line = Method SP Request-URI SP SIP-Version CRLF
 *   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
 *
 * Exactly one SP separates the elements: RFC 4475 §3.1.2.9 (lwsstart) and §3.1.2.10 (trws)
 * are invalid, and a Request-URI with embedded LWS (§3.1.2.8 lwsruri) splits into too many
 * elements. An unsupported SIP-Version is answered with 505 (§21.5.6).
 */
import { SipParseError } from './errors.js';
import { isToken } from './lex.js';

export type StartLine =
  | { kind: 'request'; method: string; uriText: string; version: string }
  | { kind: 'response'; status: number; reason: string; version: string };

/** True when the text begins like a Status-Line ("SIP/", case-insensitive). */
export function looksLikeStatusLine(line: string): boolean {
  return line.length >= 4 && (line.charCodeAt(0) | 0x20) === 0x73 && (line.charCodeAt(1) | 0x20) === 0x69 &&
    (line.charCodeAt(2) | 0x20) === 0x70 && line.charCodeAt(3) === 0x2f;
}

function checkVersion(version: string, isResponse: boolean): string {
  if (version === 'SIP/2.0') return version;
  const m = /^SIP\/(\d+)\.(\d+)$/i.exec(version);
  if (m === null) throw new SipParseError('SIP_PARSE_BAD_START_LINE', `malformed SIP-Version "${version.slice(0, 20)}"`, 400, isResponse);
  if (Number(m[1]) !== 2 || Number(m[2]) !== 0) {
    throw new SipParseError('SIP_PARSE_BAD_VERSION', `unsupported SIP-Version ${version}`, 505, isResponse);
  }
  return 'SIP/2.0';
}

export function parseStartLine(line: string): StartLine {
  if (looksLikeStatusLine(line)) {
    const sp1 = line.indexOf(' ');
    if (sp1 < 0) throw new SipParseError('SIP_PARSE_BAD_START_LINE', 'Status-Line without a status code', 400, true);
    const version = checkVersion(line.slice(0, sp1), true);
    const c1 = line.charCodeAt(sp1 + 1) - 48;
    const c2 = line.charCodeAt(sp1 + 2) - 48;
    const c3 = line.charCodeAt(sp1 + 3) - 48;
    const after = sp1 + 4;
    // Reason-Phrase may be empty (RFC 4475 §3.1.1.13 noreason); we also accept a missing SP.
    if (!(c1 >= 1 && c1 <= 6 && c2 >= 0 && c2 <= 9 && c3 >= 0 && c3 <= 9) || (after < line.length && line.charCodeAt(after) !== 32)) {
      throw new SipParseError('SIP_PARSE_BAD_START_LINE', 'Status-Code is not three digits 100-699 (RFC 3261 §7.2)', 400, true);
    }
    return { kind: 'response', status: c1 * 100 + c2 * 10 + c3, reason: line.slice(after + 1), version };
  }
  const sp1 = line.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp1 <= 0 || sp2 < 0 || sp2 === sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0 || line.indexOf('\t') >= 0) {
    throw new SipParseError('SIP_PARSE_BAD_START_LINE', 'Request-Line must be "Method SP Request-URI SP SIP-Version" (RFC 3261 §7.1)');
  }
  const method = line.slice(0, sp1);
  if (!isToken(method)) throw new SipParseError('SIP_PARSE_BAD_START_LINE', 'Method is not a token');
  const version = checkVersion(line.slice(sp2 + 1), false);
  return { kind: 'request', method, uriText: line.slice(sp1 + 1, sp2), version };
}
