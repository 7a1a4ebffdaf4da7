/**
 * Assembles one OpenUM node from its configuration: the SIP transports, the user agent core with
 * its trusted gateways, the gateway OPTIONS monitor, and (for now) the placeholder application
 * that answers calls 480 until the call-answering and voice-access applications exist.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Call, CachedPromptRenderer, RtpMediaFactory, type CallDeps } from './calls/index.js';
import type { Config } from './config/index.js';
import { MediaClock } from './media/clock/index.js';
import { PortPool } from './media/ports/index.js';
import { PromptCache, workerSynthesize } from './media/prompts/index.js';
import type { InviteSession } from './sip/dialog/index.js';
import { parseMessage, serializeMessage } from './sip/message/index.js';
import { TransportManager, type ListenConfig } from './sip/transport/index.js';
import type { Endpoint } from './sip/transport/index.js';
import { GatewayMonitor, TrustedPeers, UserAgent, type GatewayStatus, type IncomingCallContext } from './sip/ua/index.js';
import { systemClock, type Clock } from './util/clock.js';
import type { Logger } from './util/logger.js';

export interface ServerOptions {
  logger: Logger;
  configPath: string;
  /**
   * The application for new calls, given a Call (SIP dialog + media) to answer and drive.
   * Default: 480 Temporarily Unavailable until the UM applications exist.
   */
  application?: (call: Call, context: IncomingCallContext) => Promise<void>;
  /** Lower level than `application`: the raw INVITE session (tests of the SIP stack). */
  onInvite?: (session: InviteSession, context: IncomingCallContext) => void;
  clock?: Clock;
}

export interface RunningServer {
  /** The SIP endpoints actually bound (ports resolved when the configuration said 0). */
  sipEndpoints(): Endpoint[];
  gateways(): GatewayStatus[];
  readonly userAgent: UserAgent;
  /** What a Call needs (media, prompts, clock), for applications and tests. */
  readonly callDeps: CallDeps;
  /** The media clock pacing this node's calls (its stats feed benchmarks and metrics). */
  readonly mediaClock: MediaClock;
  close(): Promise<void>;
}

/** Until the UM applications exist, a trusted call is declined politely (RFC 3261 §21.4.18). */
function placeholderApplication(session: InviteSession): void {
  session.reject(480, 'Temporarily Unavailable');
}

export async function startServer(config: Config, options: ServerOptions): Promise<RunningServer> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  mkdirSync(config.dataDir, { recursive: true });

  const peers = config.gateways.map((g) => ({ name: g.name, address: g.address, port: g.port, transport: g.transport }));
  const trusted = new TrustedPeers(peers);
  await trusted.refresh((peer, err) => logger.warn({ gateway: peer.name, address: peer.address, err: String(err) }, 'gateway host name does not resolve'));

  const sipLog = logger.child({ layer: 'sip' });
  const mediaLog = logger.child({ layer: 'media' });
  // One clock paces every call of this process (ARCHITECTURE: no timer per call).
  const mediaClock = new MediaClock({ strategy: config.rtp.clock, logger: mediaLog });
  const ports = new PortPool({ host: config.rtp.host, portMin: config.rtp.portMin, portMax: config.rtp.portMax });
  const callDeps: CallDeps = {
    clock,
    logger: logger.child({ layer: 'call' }),
    media: new RtpMediaFactory({
      address: config.rtp.host,
      ports,
      clock: mediaClock,
      codecPreference: config.rtp.codecs,
      srtp: config.rtp.srtp,
      latching: config.rtp.latching,
      inbandDtmf: config.rtp.inbandDtmf,
      logger: mediaLog,
    }),
    prompts: new CachedPromptRenderer(new PromptCache({ dir: join(config.dataDir, 'prompts'), synthesize: workerSynthesize })),
  };
  const application = options.application;
  const onInvite = options.onInvite ?? (application
    ? (session: InviteSession, context: IncomingCallContext): void => {
        const call = new Call(session, callDeps);
        application(call, context).catch((err: unknown) => {
          callDeps.logger.warn({ callId: session.callId, err: err instanceof Error ? err.message : String(err) }, 'application ended with an error');
          if (session.state === 'pending') session.reject(500);
          else void call.hangup();
        });
      }
    : placeholderApplication);
  let ua: UserAgent | null = null;
  const listen: ListenConfig[] = config.sip.listen.map((l) => ({
    transport: l.transport,
    host: l.host,
    port: l.port,
    ...(l.cert ? { cert: l.cert } : {}),
    ...(l.key ? { key: l.key } : {}),
    ...(l.ca ? { ca: l.ca } : {}),
  }));
  const transport = new TransportManager({
    listen,
    codec: { parse: (data, datagram) => parseMessage(data, { datagram }), serialize: serializeMessage },
    logger: sipLog,
    onMessage: (inbound) => ua?.receive(inbound),
    onParseError: (err, raw, source) => ua?.parseError(err, raw, source),
  });

  ua = new UserAgent({
    transport,
    clock,
    logger: sipLog,
    trusted,
    untrusted: config.sip.untrusted,
    maxCalls: config.sip.maxCalls,
    product: config.sip.userAgent,
    timers: { T1: config.sip.timers.t1Ms, T2: config.sip.timers.t2Ms, T4: config.sip.timers.t4Ms },
    sessionTimer: { sessionExpires: config.sip.sessionExpiresSeconds, minSe: config.sip.minSeSeconds },
    onInvite,
  });
  const userAgent = ua;

  await transport.start();
  const monitor = new GatewayMonitor({
    peers,
    intervalSeconds: config.sip.optionsPingSeconds,
    uac: userAgent.uac,
    sentBy: transport,
    clock,
    domain: config.sip.domain,
    product: config.sip.userAgent,
    logger: sipLog,
  });
  monitor.start();
  logger.info(
    { sip: transport.localEndpoints().map((e) => `${e.transport.toLowerCase()}:${e.address}:${e.port}`), gateways: peers.map((p) => p.name), dataDir: config.dataDir },
    'OpenUM started',
  );

  let closing: Promise<void> | null = null;
  return {
    userAgent,
    callDeps,
    mediaClock,
    sipEndpoints: () => transport.localEndpoints(),
    gateways: () => monitor.status(),
    close() {
      closing ??= (async () => {
        monitor.stop();
        await userAgent.close();
        await transport.close();
        mediaClock.stop();
        ports.close();
      })();
      return closing;
    },
  };
}
