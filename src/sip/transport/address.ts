/** IP address helpers shared by the routing rules and the sockets. */
import { isIP } from 'node:net';
import type { TransportName } from './types.js';

/** RFC 3261 §19.1.2: 5060 for UDP and TCP, 5061 for TLS. */
export function defaultPort(transport: TransportName): number {
  return transport === 'TLS' ? 5061 : 5060;
}

/**
 * A comparable, socket-ready form of a host: IPv6 brackets removed and the address compressed,
 * IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports) turned into IPv4, host
 * names lower-cased.
 */
export function normalizeHost(host: string): string {
  let h = host.trim();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (isIP(h) === 6) {
    const compressed = new URL(`http://[${h}]/`).hostname.slice(1, -1);
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(h);
    if (mapped) return mapped[1]!;
    const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(compressed);
    if (mappedHex) {
      const hi = parseInt(mappedHex[1]!, 16);
      const lo = parseInt(mappedHex[2]!, 16);
      return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
    }
    return compressed;
  }
  return h.toLowerCase();
}

/** True for a literal IPv4 or IPv6 address (brackets allowed), false for a host name. */
export function isIpLiteral(host: string): boolean {
  return isIP(normalizeHost(host)) !== 0;
}

/**
 * Multicast (224.0.0.0/4, ff00::/8) and limited broadcast (255.255.255.255). We never send there:
 * a response to a multicast maddr (§18.2.2) would reach every listener on the group.
 */
export function isMulticastOrBroadcast(host: string): boolean {
  const h = normalizeHost(host);
  const family = isIP(h);
  if (family === 4) {
    const first = Number(h.split('.')[0]);
    return (first >= 224 && first <= 239) || h === '255.255.255.255';
  }
  if (family === 6) return h.startsWith('ff');
  return false;
}
