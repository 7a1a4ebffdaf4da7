/**
 * What an application asks the UA to send (an outgoing call, an unsolicited NOTIFY), checked and
 * turned into typed parts before anything is built: URIs and name-addrs must parse (RFC 3261
 * §25.1), and extra header fields must be one well-formed line each that does not replace a field
 * the UA core writes itself (§8.1.1). Anything else is a UacError SIP_UAC_BAD_OPTIONS.
 */
import { canonicalHeaderName, parseNameAddr, parseUri } from '../message/index.js';
import type { NameAddr, Uri } from '../message/index.js';
import { UacError } from './uac.js';

/** Header fields the UA core writes for every request it originates (§8.1.1) and for its body. */
const RESERVED = new Set(['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards', 'Contact', 'Content-Length', 'Content-Type']);

const TOKEN = /^[A-Za-z0-9!%*_+`'~.-]+$/;
/** §7.3.1 field values: no CR, LF or other controls except HTAB (folding is never written). */
const FIELD_VALUE = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;

function bad(what: string, detail: string): never {
  throw new UacError('SIP_UAC_BAD_OPTIONS', `${what}: ${detail}`);
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function uriOption(text: string, what: string): Uri {
  try {
    return parseUri(text.trim());
  } catch (err) {
    return bad(what, `"${text.slice(0, 80)}" is not a SIP, SIPS or tel URI (${reason(err)})`);
  }
}

/** A From or To for a new request: a name-addr or addr-spec without a tag (the UA adds ours). */
export function nameAddrOption(text: string, what: string): NameAddr {
  let na: NameAddr;
  try {
    na = parseNameAddr(text.trim());
  } catch (err) {
    return bad(what, `"${text.slice(0, 80)}" is not a name-addr such as "Name" <sip:2000@example.com> (${reason(err)})`);
  }
  if (na.params.has('tag')) bad(what, 'must not carry a tag (§8.1.1.2: a new request has no To tag; the From tag is ours to choose)');
  return na;
}

export function extraHeadersOption(headers: ReadonlyArray<readonly [string, string]> | undefined): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (const [name, value] of headers ?? []) {
    if (!TOKEN.test(name)) bad('headers', `"${name.slice(0, 40)}" is not a header name`);
    const canonical = canonicalHeaderName(name);
    if (RESERVED.has(canonical)) bad('headers', `${canonical} is written by the UA core and cannot be set`);
    if (!FIELD_VALUE.test(value)) bad('headers', `the value of ${canonical} contains a line break or control character`);
    out.push([canonical, value.trim()]);
  }
  return out;
}
