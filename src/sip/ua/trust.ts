/**
 * Which peers OpenUM serves. Exchange UM served only its configured IP gateways; so do we. A peer is
 * an IP address, an IPv4/IPv6 CIDR block, or a host name resolved at start and refreshed.
 * The answer to an untrusted source never depends on the Request-URI (no mailbox enumeration).
 */
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

export interface TrustedPeer {
  name: string;
  /** IP, CIDR (`10.0.0.0/24`) or host name. */
  address: string;
  port: number;
  transport: 'udp' | 'tcp' | 'tls';
}

export type ResolveHost = (host: string) => Promise<string[]>;

const resolveWithDns: ResolveHost = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

interface Entry {
  peer: TrustedPeer;
  list: BlockList;
}

export class TrustedPeers {
  readonly #peers: readonly TrustedPeer[];
  readonly #resolve: ResolveHost;
  #entries: Entry[] = [];

  constructor(peers: readonly TrustedPeer[], resolve: ResolveHost = resolveWithDns) {
    this.#peers = peers;
    this.#resolve = resolve;
    this.#entries = peers.filter((p) => !isHostName(p.address)).map((p) => ({ peer: p, list: literalList(p.address) }));
  }

  get peers(): readonly TrustedPeer[] {
    return this.#peers;
  }

  /**
   * Resolves host-name peers (call at start and periodically). A name that does not resolve is
   * reported to `onError` and matches nothing until it does.
   */
  async refresh(onError?: (peer: TrustedPeer, err: unknown) => void): Promise<void> {
    const entries: Entry[] = [];
    for (const peer of this.#peers) {
      if (!isHostName(peer.address)) {
        entries.push({ peer, list: literalList(peer.address) });
        continue;
      }
      try {
        const list = new BlockList();
        for (const ip of await this.#resolve(peer.address)) list.addAddress(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
        entries.push({ peer, list });
      } catch (err) {
        onError?.(peer, err);
      }
    }
    this.#entries = entries;
  }

  /** The first configured peer whose address covers `ip`, or undefined. */
  match(ip: string): TrustedPeer | undefined {
    const family = isIP(ip);
    if (family === 0) return undefined;
    const normalized = unmapIpv4(ip);
    const type = isIP(normalized) === 6 ? 'ipv6' : 'ipv4';
    for (const e of this.#entries) if (e.list.check(normalized, type)) return e.peer;
    return undefined;
  }
}

function isHostName(address: string): boolean {
  const [ip] = address.split('/');
  return isIP(ip ?? '') === 0;
}

function literalList(address: string): BlockList {
  const list = new BlockList();
  const [ip = '', prefix] = address.split('/');
  const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) list.addAddress(ip, type);
  else list.addSubnet(ip, Number(prefix), type);
  return list;
}

/** `::ffff:192.0.2.1` (a dual-stack socket's view of an IPv4 peer) → `192.0.2.1`. */
function unmapIpv4(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}
