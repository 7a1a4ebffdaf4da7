/**
 * Connection addresses and ports we may send media to. OpenUM sends RTP only to one unicast
 * address: never to a multicast group (RFC 3264 §6.2 describes multicast streams; we do not take
 * part in them), a broadcast or reserved IPv4 address, or a host name (no DNS in the media path).
 * 0.0.0.0 (and :: for IPv6) is the legacy hold address (RFC 3264 §8.4): valid, but nothing is sent.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { ConnectionData } from './types.js';

export type AddressClass =
  | { kind: 'unicast'; address: string; family: 'IP4' | 'IP6' }
  | { kind: 'hold'; address: string; family: 'IP4' | 'IP6' }
  | { kind: 'refused'; reason: string; multicast: boolean };

export function classifyConnection(c: ConnectionData): AddressClass {
  if (c.netType.toUpperCase() !== 'IN') {
    return { kind: 'refused', reason: `network type ${c.netType} is not IN`, multicast: false };
  }
  const type = c.addressType.toUpperCase();
  if (type !== 'IP4' && type !== 'IP6') {
    return { kind: 'refused', reason: `address type ${c.addressType} is not IP4 or IP6`, multicast: false };
  }
  if (type === 'IP4' ? !isIPv4(c.address) : !isIPv6(c.address)) {
    return { kind: 'refused', reason: `c= address "${c.address}" is not an ${type} literal (host names are not resolved)`, multicast: false };
  }
  const refusal = type === 'IP4' ? refuseIPv4(c.address) : refuseIPv6(c.address);
  if (refusal !== null) return { kind: 'refused', ...refusal };
  if (c.address === '0.0.0.0' || /^[0:]+$/.test(c.address)) return { kind: 'hold', address: c.address, family: type };
  return { kind: 'unicast', address: c.address, family: type };
}

function refuseIPv4(address: string): { reason: string; multicast: boolean } | null {
  const first = Number(address.split('.')[0]);
  if (first >= 224 && first <= 239) return { reason: `c= address ${address} is multicast (224.0.0.0/4)`, multicast: true };
  if (first >= 240) return { reason: `c= address ${address} is broadcast or reserved (240.0.0.0/4)`, multicast: true };
  if (first === 0 && address !== '0.0.0.0') return { reason: `c= address ${address} is in 0.0.0.0/8`, multicast: false };
  return null;
}

function refuseIPv6(address: string): { reason: string; multicast: boolean } | null {
  const lower = address.toLowerCase();
  if (lower.startsWith('ff')) return { reason: `c= address ${address} is multicast (ff00::/8)`, multicast: true };
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1] !== undefined) return refuseIPv4(mapped[1]);
  return null;
}

/** A port we may send to: 1-65535 (port 0 means "stream rejected", RFC 3264 §6). */
export function isUsablePort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** The address type to write in c= and o= for one of our addresses, or null if not an IP literal. */
export function addressTypeOf(address: string): 'IP4' | 'IP6' | null {
  if (isIPv4(address)) return 'IP4';
  if (isIPv6(address)) return 'IP6';
  return null;
}
