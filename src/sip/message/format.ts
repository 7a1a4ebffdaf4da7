/**
 * Formatters whose output re-parses to the same values (RFC 3261 §25.1 grammar): URIs with the
 * escaping each part requires, name-addr always in the <> form (§20.10: safe for any URI), Via.
 */
import { escape, HNV, PASSWORD, quote, USER } from './lex.js';
import { formatParams, formatUriParams } from './params.js';
import type { NameAddr, Uri, Via } from './types.js';

export { formatParams };

export function formatUri(uri: Uri): string {
  if ('opaque' in uri) return `${uri.scheme}:${uri.opaque}`;
  if (uri.scheme === 'tel') return `tel:${uri.number}${formatUriParams(uri.params)}`;
  let out = uri.scheme + ':';
  if (uri.user !== null) {
    out += escape(uri.user, USER);
    if (uri.password !== null) out += ':' + escape(uri.password, PASSWORD);
    out += '@';
  }
  out += uri.host;
  if (uri.port !== null) out += ':' + uri.port;
  out += formatUriParams(uri.params);
  let sep = '?';
  for (const [name, value] of uri.headers) {
    out += sep + escape(name, HNV) + '=' + escape(value, HNV);
    sep = '&';
  }
  return out;
}

export function formatNameAddr(na: NameAddr): string {
  const name = na.displayName === null ? '' : quote(na.displayName) + ' ';
  return `${name}<${formatUri(na.uri)}>${formatParams(na.params)}`;
}

export function formatVia(via: Via): string {
  const port = via.port === null ? '' : ':' + via.port;
  return `${via.protocol}/${via.transport} ${via.host}${port}${formatParams(via.params)}`;
}
