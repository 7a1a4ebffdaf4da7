/**
 * The test caller's SIP side, built as src/server.ts builds a node's: one listener (UDP, or TCP
 * with --transport tcp) on the local address, the parser and serializer as codec, and a UserAgent
 * that trusts only the target, so that the server's BYE, INFO and re-INVITE within our call are
 * accepted and anything else is dropped. Calls to us are refused (486): we only place one.
 */
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { parseMessage, serializeMessage } from '../../sip/message/index.js';
import { TransportManager, type Endpoint } from '../../sip/transport/index.js';
import { TrustedPeers, UserAgent, type UaLogger } from '../../sip/ua/index.js';
import { systemClock } from '../../util/clock.js';
import { TestCallError } from './errors.js';
import type { SipTransportName } from './options.js';

export interface SipStackOptions {
  transport: SipTransportName;
  /** Local IP to listen on (and to put in Via, Contact and SDP). */
  host: string;
  /** 0: any free port. */
  port: number;
  /** The server we call: the only peer whose requests we accept. */
  target: Endpoint;
  product: string;
  logger: UaLogger;
}

export interface SipStack {
  readonly userAgent: UserAgent;
  /** The address and port we listen on. */
  readonly local: Endpoint;
  /** Where the INVITE goes (the target's IP address). */
  readonly target: Endpoint;
  close(): Promise<void>;
}

/** The target's host as an IP address; a name that does not resolve is TESTCALL_BAD_OPTION. */
export async function resolveTargetHost(host: string): Promise<string> {
  if (isIP(host) !== 0) return host;
  try {
    return (await lookup(host)).address;
  } catch (err) {
    throw new TestCallError('TESTCALL_BAD_OPTION', `the target host "${host}" does not resolve: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

/**
 * The local address the system would send from to reach `ip` (a connected UDP socket sends
 * nothing: it only asks the routing table). Loopback for a loopback target.
 */
export async function routeAddress(ip: string, port: number): Promise<string> {
  const socket = createSocket(isIP(ip) === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, ip, () => resolve());
    });
    return socket.address().address;
  } catch (err) {
    throw new TestCallError('TESTCALL_UNREACHABLE', `no route to ${ip}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  } finally {
    socket.close();
  }
}

export async function startSipStack(options: SipStackOptions): Promise<SipStack> {
  const { logger } = options;
  let ua: UserAgent | null = null;
  const transport = new TransportManager({
    listen: [{ transport: options.transport, host: options.host, port: options.port }],
    codec: { parse: (data, datagram) => parseMessage(data, { datagram }), serialize: serializeMessage },
    logger,
    onMessage: (inbound) => ua?.receive(inbound),
    onParseError: (err, raw, source) => ua?.parseError(err, raw, source),
  });
  const { target } = options;
  const trusted = new TrustedPeers([{ name: 'target', address: target.address, port: target.port, transport: options.transport }]);
  ua = new UserAgent({
    transport,
    clock: systemClock,
    logger,
    trusted,
    untrusted: 'drop',
    maxCalls: 1,
    product: options.product,
    sessionTimer: { sessionExpires: 1800, minSe: 90 },
    // We only call out: a call to us is answered busy (RFC 3261 §21.4.24).
    onInvite: (session) => session.reject(486),
  });
  try {
    await transport.start();
  } catch (err) {
    await ua.close();
    const where = `${options.transport}:${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    throw new TestCallError('TESTCALL_BAD_OPTION', `cannot listen for SIP on ${where}: ${err instanceof Error ? err.message : String(err)} (choose another --bind)`, { cause: err });
  }
  const userAgent = ua;
  const local = transport.localEndpoints()[0]!;
  let closing: Promise<void> | null = null;
  return {
    userAgent,
    local,
    target,
    close() {
      closing ??= (async () => {
        await userAgent.close();
        await transport.close();
      })();
      return closing;
    },
  };
}
