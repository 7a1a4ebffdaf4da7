/**
 * OPTIONS pings to the configured gateways (RFC 3261 §11 used as a keep-alive, as Exchange UM and
 * every SBC do): a gateway that answers anything is up; one whose OPTIONS times out or cannot be
 * sent is down. State changes are logged; the current state feeds the admin API.
 */
import { isIP } from 'node:net';
import type { Clock, TimerHandle } from '../../util/clock.js';
import { createRequest, newCallId, newTag } from '../message/index.js';
import type { TransportName } from '../transport/index.js';
import { capabilityHeaders } from './capabilities.js';
import { contactFor } from './dialogHost.js';
import type { TrustedPeer } from './trust.js';
import { newVia, type SentBy, type UacCore } from './uac.js';
import { systemResolver, type HostResolver } from './targets.js';

export type GatewayState = 'unknown' | 'up' | 'down';

export interface GatewayStatus {
  name: string;
  state: GatewayState;
  /** Status code of the last answer, when there was one. */
  lastStatus: number | null;
  /** Milliseconds from OPTIONS to its answer, when there was one. */
  lastRttMs: number | null;
  /** Clock time (ms) of the last probe. */
  checkedAt: number | null;
}

export interface GatewayMonitorOptions {
  peers: readonly TrustedPeer[];
  intervalSeconds: number;
  uac: UacCore;
  sentBy: SentBy;
  clock: Clock;
  domain: string;
  product: string;
  logger: { info(obj: Record<string, unknown>, msg?: string): void; warn(obj: Record<string, unknown>, msg?: string): void };
  resolver?: HostResolver;
}

/** Peers that name one host (not a CIDR block) can be probed. */
function probeable(peer: TrustedPeer): boolean {
  return !peer.address.includes('/');
}

export class GatewayMonitor {
  readonly #options: GatewayMonitorOptions;
  readonly #status = new Map<string, GatewayStatus>();
  #timer: TimerHandle | null = null;
  #stopped = false;

  constructor(options: GatewayMonitorOptions) {
    this.#options = options;
    for (const p of options.peers) this.#status.set(p.name, { name: p.name, state: 'unknown', lastStatus: null, lastRttMs: null, checkedAt: null });
  }

  status(): GatewayStatus[] {
    return [...this.#status.values()].map((s) => ({ ...s }));
  }

  start(): void {
    if (this.#options.intervalSeconds <= 0) return;
    const round = (): void => {
      if (this.#stopped) return;
      void this.probeAll().finally(() => {
        if (!this.#stopped) this.#timer = this.#options.clock.setTimer(this.#options.intervalSeconds * 1000, round);
      });
    };
    round();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
  }

  async probeAll(): Promise<void> {
    await Promise.allSettled(this.#options.peers.filter(probeable).map((p) => this.probe(p)));
  }

  async probe(peer: TrustedPeer): Promise<GatewayStatus> {
    const { uac, sentBy, clock, domain, product } = this.#options;
    const transport = peer.transport.toUpperCase() as TransportName;
    const started = clock.now();
    let next: GatewayStatus;
    try {
      const address = isIP(peer.address) ? peer.address : await (this.#options.resolver ?? systemResolver)(peer.address);
      const host = isIP(address) === 6 ? `[${address}]` : address;
      const request = createRequest({
        method: 'OPTIONS',
        uri: { scheme: transport === 'TLS' ? 'sips' : 'sip', user: null, password: null, host, port: peer.port, params: new Map(), headers: new Map() },
        from: { displayName: null, uri: { scheme: 'sip', user: 'openum', password: null, host: domain, port: null, params: new Map(), headers: new Map() }, params: new Map([['tag', newTag()]]) },
        to: { displayName: null, uri: { scheme: 'sip', user: null, password: null, host, port: peer.port, params: new Map(), headers: new Map() }, params: new Map() },
        callId: newCallId(domain),
        cseq: 1,
        via: newVia(transport, sentBy.viaSentBy(transport)),
        contact: contactFor(sentBy, transport),
        headers: [...capabilityHeaders, ['User-Agent', product]],
      });
      const response = await uac.request(request, { transport, address, port: peer.port });
      next = { name: peer.name, state: 'up', lastStatus: response.status, lastRttMs: Math.round(clock.now() - started), checkedAt: clock.now() };
    } catch {
      next = { name: peer.name, state: 'down', lastStatus: null, lastRttMs: null, checkedAt: clock.now() };
    }
    const previous = this.#status.get(peer.name);
    this.#status.set(peer.name, next);
    if (previous?.state !== next.state) {
      const log = next.state === 'up' ? this.#options.logger.info.bind(this.#options.logger) : this.#options.logger.warn.bind(this.#options.logger);
      log({ gateway: peer.name, state: next.state, previous: previous?.state ?? 'unknown', status: next.lastStatus, rttMs: next.lastRttMs }, 'gateway state changed');
    }
    return next;
  }
}
