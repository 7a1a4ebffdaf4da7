/**
 * From a URI to the address a request is sent to (RFC 3261 §8.1.2, RFC 3263 in its simplest form):
 * maddr, else the host; the port of the URI, else 5060 (5061 for sips/TLS); the transport param,
 * else TLS for sips and UDP for sip. Host names resolve with the system resolver (A/AAAA); NAPTR
 * and SRV lookups are not done: gateways are configured by address, which is what UM deployments
 * use. We never send to multicast or broadcast addresses.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { SipUri, Uri } from '../message/index.js';
import type { Endpoint, TransportName } from '../transport/index.js';
import { OpenUmError } from '../../util/errors.js';

export class TargetError extends OpenUmError {
  override readonly name = 'TargetError';
}

export type HostResolver = (host: string) => Promise<string>;

export const systemResolver: HostResolver = async (host) => (await lookup(host)).address;

function transportOf(uri: SipUri): TransportName {
  const t = uri.params.get('transport')?.toUpperCase();
  if (uri.scheme === 'sips') return 'TLS';
  if (t === 'TCP') return 'TCP';
  if (t === 'TLS') return 'TLS';
  return 'UDP';
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** True for IPv4 multicast/broadcast and IPv6 multicast: never a destination of ours. */
export function isGroupAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const first = Number(ip.split('.')[0]);
    return (first >= 224 && first <= 239) || ip === '255.255.255.255';
  }
  return isIP(ip) === 6 && ip.toLowerCase().startsWith('ff');
}

export async function resolveUri(uri: Uri, resolve: HostResolver = systemResolver): Promise<Endpoint> {
  if (uri.scheme !== 'sip' && uri.scheme !== 'sips') {
    throw new TargetError('SIP_TARGET_UNROUTABLE', `cannot route to a ${uri.scheme}: URI; requests to it go through a gateway`);
  }
  const sip = uri as SipUri;
  const transport = transportOf(sip);
  const maddr = sip.params.get('maddr');
  const host = stripBrackets(maddr ?? sip.host);
  const address = isIP(host) !== 0 ? host : await resolve(host);
  if (isGroupAddress(address)) throw new TargetError('SIP_TARGET_MULTICAST', `refusing to send to group address ${address}`);
  const port = sip.port ?? (transport === 'TLS' ? 5061 : 5060);
  return { transport, address, port };
}
