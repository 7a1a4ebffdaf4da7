import { isIP } from 'node:net';

/**
 * Checks of the network names the configuration holds: IP gateway addresses (an IP, a CIDR block
 * or a host name) and host names (RFC 1123 §2.1 labels).
 */

const label = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** A DNS host name: dot-separated RFC 1123 labels, at most 253 characters, not all-numeric. */
export function isHostName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (!labels.every((l) => label.test(l))) return false;
  // A name whose last label is all digits would be read as a (malformed) IPv4 address.
  return !/^[0-9]+$/.test(labels[labels.length - 1] ?? '');
}

/** `10.0.0.0/8` or `2001:db8::/32`, with a prefix length that fits the address family. */
export function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const family = isIP(value.slice(0, slash));
  const prefix = value.slice(slash + 1);
  if (family === 0 || !/^[0-9]{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** What an IP gateway's `address` may be: an IP address, a CIDR block, or a host name. */
export function isGatewayAddress(value: string): boolean {
  return isIP(value) !== 0 || isCidr(value) || isHostName(value);
}

/** An address to bind or to put in SIP headers: an IP address or a host name. */
export function isHostOrIp(value: string): boolean {
  return isIP(value) !== 0 || isHostName(value);
}
