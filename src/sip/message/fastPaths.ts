/**
 * Fast paths for the common spellings of the core headers: one anchored regular expression
 * (native code) validates and splits the whole value, where the general scanners walk it a
 * character at a time. Each pattern only accepts text that needs no transformation (no
 * %-escapes, no upper-case host or parameter names, no LWS, no quoted-pairs), so its result is
 * exactly what the general parser returns; anything else returns null and the caller falls back.
 */
import type { NameAddr, Params, SipUri, Via } from './types.js';

const tokenParams = "((?:;[a-z0-9\\-.!%*_+`'~]+(?:=[A-Za-z0-9\\-.!%*_+`'~:]+)?)*)";
const uriParams = "((?:;[a-z0-9\\-_.!~*'()\\[\\]/:&+$]+(?:=[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$]+)?)*)";
const userinfo = "(?:([A-Za-z0-9\\-_.!~*'()&=+$,;?/]+)@)?";
const hostport = '([a-z0-9.\\-]+)(?::([0-9]{1,5}))?';

const viaRe = new RegExp(`^SIP/2\\.0/([A-Z]+) ${hostport}${tokenParams}$`);
const sipUriRe = new RegExp(`^(sips?):${userinfo}${hostport}${uriParams}$`);
const nameAddrRe = new RegExp(`^(?:"([^"\\\\\\x00-\\x1f\\x7f]*)" ?)?<(sips?):${userinfo}${hostport}${uriParams}>${tokenParams}$`);

/** Splits ";a=1;b" (already validated) into a Map. */
function splitParams(p: string | undefined): Params {
  const params: Params = new Map();
  if (p === undefined || p.length === 0) return params;
  let i = 1;
  const n = p.length;
  while (i < n) {
    let j = p.indexOf(';', i);
    if (j < 0) j = n;
    const eq = p.indexOf('=', i);
    if (eq >= 0 && eq < j) params.set(p.slice(i, eq), p.slice(eq + 1, j));
    else params.set(p.slice(i, j), null);
    i = j + 1;
  }
  return params;
}

function port(text: string | undefined): number | null | undefined {
  if (text === undefined) return null;
  const v = Number(text);
  return v > 65535 ? undefined : v;
}

export function fastVia(s: string): Via | null {
  const r = viaRe.exec(s);
  if (r === null) return null;
  const p = port(r[3]);
  if (p === undefined) return null;
  return { protocol: 'SIP/2.0', transport: r[1]!, host: r[2]!, port: p, params: splitParams(r[4]) };
}

export function fastSipUri(s: string): SipUri | null {
  const r = sipUriRe.exec(s);
  if (r === null) return null;
  const p = port(r[4]);
  if (p === undefined) return null;
  return {
    scheme: r[1] === 'sips' ? 'sips' : 'sip', user: r[2] ?? null, password: null, host: r[3]!, port: p,
    params: splitParams(r[5]), headers: new Map(),
  };
}

export function fastNameAddr(s: string): NameAddr | null {
  const r = nameAddrRe.exec(s);
  if (r === null) return null;
  const p = port(r[5]);
  if (p === undefined) return null;
  const uri: SipUri = {
    scheme: r[2] === 'sips' ? 'sips' : 'sip', user: r[3] ?? null, password: null, host: r[4]!, port: p,
    params: splitParams(r[6]), headers: new Map(),
  };
  return { displayName: r[1] ?? null, uri, params: splitParams(r[7]) };
}
