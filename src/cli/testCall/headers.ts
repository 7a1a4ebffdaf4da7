/**
 * The headers that make the test call look like a call a PBX forwarded: From (the caller), To, and
 * how it was forwarded, either
 *   Diversion: <sip:1001@pbx>;reason=no-answer;counter=1                         (RFC 5806 §4)
 * or a History-Info chain (RFC 7044 §4) whose last entry carries the RFC 4458 cause and target:
 *   History-Info: <sip:1001@pbx>;index=1
 *   History-Info: <sip:8500@pbx;target=sip:1001%40pbx;cause=408>;index=1.1;mp=1
 * ("mp": the target changed to another user, the voice mail pilot, RFC 7044 §4.3).
 */
import { formatNameAddr, formatUri, parseUri, type NameAddr, type SipUri } from '../../sip/message/index.js';
import type { DiversionReason, TestCallOptions } from './options.js';

/** RFC 4458 §3.1 cause values for each Diversion reason (RFC 5806). */
export const HISTORY_INFO_CAUSE: Readonly<Record<DiversionReason, number>> = {
  'no-answer': 408,
  'user-busy': 486,
  unconditional: 302,
};

function sipUri(user: string, host: string, port: number | null = null): SipUri {
  return { scheme: 'sip', user, password: null, host: host.includes(':') ? `[${host}]` : host, port, params: new Map(), headers: new Map() };
}

function nameAddr(uri: SipUri, displayName: string | null = null, params: [string, string][] = []): NameAddr {
  return { displayName, uri, params: new Map(params) };
}

/** `"Name" <sip:2000@host>`: the caller, at our own address as a gateway would put it. */
export function fromNameAddr(options: Pick<TestCallOptions, 'from' | 'name'>, localHost: string): string {
  return formatNameAddr(nameAddr(sipUri(options.from, localHost), options.name));
}

/** `<sip:8500@host:port>`: the number called, as the Request-URI names it. */
export function toNameAddr(options: Pick<TestCallOptions, 'target'>): string {
  return formatNameAddr(nameAddr(parseUri(options.target.uri) as SipUri));
}

/** Diversion or History-Info headers for a forwarded call, or none. */
export function redirectHeaders(options: Pick<TestCallOptions, 'target' | 'redirect'>): [string, string][] {
  const redirect = options.redirect;
  if (redirect === null) return [];
  const { host } = options.target;
  const original = sipUri(redirect.extension, host);
  if (redirect.kind === 'diversion') {
    return [['Diversion', formatNameAddr(nameAddr(original, null, [['reason', redirect.reason], ['counter', '1']]))]];
  }
  const target = parseUri(options.target.uri) as SipUri;
  const retargeted: SipUri = { ...target, params: new Map(target.params) };
  // RFC 4458 §3.1: target is the original target URI (its "@" escaped), cause the reason.
  retargeted.params.set('target', formatUri(original).replace('@', '%40'));
  retargeted.params.set('cause', String(HISTORY_INFO_CAUSE[redirect.reason]));
  return [
    ['History-Info', formatNameAddr(nameAddr(original, null, [['index', '1']]))],
    ['History-Info', formatNameAddr(nameAddr(retargeted, null, [['index', '1.1'], ['mp', '1']]))],
  ];
}
