/**
 * The sent-by (RFC 3261 §18.1.1, §20.42) a request carries in its Via: the address and port the
 * response must come back to. A wildcard listener (0.0.0.0, ::) is not an address anyone can
 * send to, so it becomes the configured advertised host, else this machine's first external
 * interface of that family, else loopback.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { normalizeHost } from './address.js';
import type { Endpoint } from './types.js';

export function localSentBy(local: Endpoint, advertisedHost?: string): { host: string; port: number } {
  if (advertisedHost !== undefined && advertisedHost !== '') return { host: viaHost(advertisedHost), port: local.port };
  const host = normalizeHost(local.address);
  if (host !== '0.0.0.0' && host !== '::') return { host: viaHost(host), port: local.port };
  const family = host === '::' ? 'IPv6' : 'IPv4';
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) {
      if (!info.internal && info.family === family && !info.address.startsWith('fe80')) {
        return { host: viaHost(info.address), port: local.port };
      }
    }
  }
  return { host: family === 'IPv6' ? '[::1]' : '127.0.0.1', port: local.port };
}

/** An IPv6 literal in a Via sent-by is written in brackets (RFC 3261 §25.1 hostport). */
function viaHost(host: string): string {
  const h = normalizeHost(host);
  return isIP(h) === 6 ? `[${h}]` : h;
}
