/**
 * Assembles one OpenUM node from its configuration: the store (the YAML directory synced into
 * it, then watched for changes other processes make, such as `openum user add`), the SIP
 * transports, the user agent core with its trusted gateways, the gateway OPTIONS monitor, the UM
 * application (routing → call answering), the delivery workers draining the outbox (email, IMAP,
 * MWI), and message-summary subscriptions.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Call, CachedPromptRenderer, RtpMediaFactory, type CallDeps } from './calls/index.js';
import type { Config } from './config/index.js';
import { createDelivery, type Delivery } from './delivery/index.js';
import { Directory } from './directory/index.js';
import { directorySpecFromConfig, DirectoryWatcher, outboxPolicy, SipMwi, timeZoneResolver } from './node/index.js';
import { openStore, type MailboxStore } from './store/index.js';
import { createUmApplication, warmUpPrompts } from './um/index.js';
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
   * Default: the UM application (routing, call answering).
   */
  application?: (call: Call, context: IncomingCallContext) => Promise<void>;
  /** Lower level than `application`: the raw INVITE session (tests of the SIP stack). */
  onInvite?: (session: InviteSession, context: IncomingCallContext) => void;
  clock?: Clock;
  /** How often the directory in the store is checked for changes made by another process (default 2000 ms). */
  directoryPollMs?: number;
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
  readonly store: MailboxStore;
  readonly delivery: Delivery;
  /** The directory as the node uses it now (replaced when the store's directory changes). */
  directory(): Directory;
  close(): Promise<void>;
}

/** Users whose spoken names are synthesized at start (more would keep the TTS worker busy for long). */
const WARM_UP_USERS = 200;

/** Synthesizes the usual prompts in the background, one at a time, so the first caller does not wait. */
async function warmUp(deps: CallDeps, names: string[], logger: Logger): Promise<void> {
  const started = performance.now();
  let rendered = 0;
  for (const items of warmUpPrompts(names)) {
    try {
      (await deps.prompts.render(items, 8000)).close?.();
      rendered++;
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'prompt warm-up failed');
      return;
    }
  }
  logger.info({ prompts: rendered, ms: Math.round(performance.now() - started) }, 'prompts warmed up');
}

export async function startServer(config: Config, options: ServerOptions): Promise<RunningServer> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  mkdirSync(config.dataDir, { recursive: true });

  const peers = config.gateways.map((g) => ({ name: g.name, address: g.address, port: g.port, transport: g.transport }));
  const trusted = new TrustedPeers(peers);
  await trusted.refresh((peer, err) => logger.warn({ gateway: peer.name, address: peer.address, err: String(err) }, 'gateway host name does not resolve'));

  const store = openStore(config, logger.child({ layer: 'store' }));
  await store.migrate();
  const synced = await store.syncDirectory(await directorySpecFromConfig(config), 'config');
  // The version first: a change landing before the load is then loaded again, never missed.
  const directoryVersion = await store.directoryVersion();
  let directory = Directory.fromSnapshot(await store.loadDirectory());
  logger.info({ ...synced, users: directory.snapshot.users.length }, 'directory synced from the configuration');

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
  const recordingsDir = join(config.dataDir, 'recordings');
  mkdirSync(recordingsDir, { recursive: true });
  const deliveryLog = logger.child({ layer: 'delivery' });
  let ua: UserAgent | null = null;
  const mwi = new SipMwi({
    ua: {
      notifySubscribers: (event, user, body) => ua?.notifySubscribers(event, user, body) ?? 0,
      sendNotify: (o) => (ua ? ua.sendNotify(o) : Promise.reject(new Error('SIP is not started'))),
    },
    directory: () => directory,
    gateways: () => directory.snapshot.gateways,
    domain: config.sip.domain,
    logger: deliveryLog,
  });
  for (const user of directory.snapshot.users) mwi.prime(user.extension, await store.countMessages(user.extension));
  const delivery = createDelivery({
    store,
    config,
    timeZoneOf: timeZoneResolver(config, (ext) => directory.user(ext)?.dialPlan ?? null),
    mwi,
    logger: deliveryLog,
  });
  const policy = outboxPolicy(config);
  const umApplication = createUmApplication({
    directory: () => directory,
    store,
    recordingsDir,
    logger: logger.child({ layer: 'um' }),
    messageOutbox: policy.messageOutbox,
    missedCallOutbox: policy.missedCallOutbox,
    committed: () => delivery.worker.kick(),
    transferTarget: (extension, _plan, gatewayName) => {
      const gateway = directory.gatewayByName(gatewayName);
      return gateway && !gateway.address.includes('/') ? `sip:${extension}@${gateway.address}:${gateway.port}` : `sip:${extension}@${config.sip.domain}`;
    },
  });
  const application = options.application ?? ((call: Call, context: IncomingCallContext) => umApplication(call, { gateway: context.peer.name }));
  const onInvite = options.onInvite ?? ((session: InviteSession, context: IncomingCallContext): void => {
    const call = new Call(session, callDeps);
    application(call, context).catch((err: unknown) => {
      callDeps.logger.warn({ callId: session.callId, err: err instanceof Error ? err.message : String(err) }, 'application ended with an error');
      if (session.state === 'pending') session.reject(500);
      else void call.hangup();
    });
  });
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
    onSubscribe: mwi.onSubscribe,
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
  // This node is the only worker on its store: deliveries a killed predecessor had claimed go now.
  const released = await store.releaseClaims(new Date());
  if (released > 0) logger.info({ entries: released }, 'outbox claims of a previous run released');
  delivery.worker.start();
  // Everything above reads `directory` through a closure, so replacing it is all a change takes.
  const directoryWatcher = new DirectoryWatcher({
    store,
    version: directoryVersion,
    onChange: (next) => {
      directory = next;
    },
    logger: logger.child({ layer: 'directory' }),
    clock,
    ...(options.directoryPollMs !== undefined ? { intervalMs: options.directoryPollMs } : {}),
  });
  directoryWatcher.start();
  void warmUp(callDeps, directory.snapshot.users.slice(0, WARM_UP_USERS).map((u) => u.name), logger);
  logger.info(
    { sip: transport.localEndpoints().map((e) => `${e.transport.toLowerCase()}:${e.address}:${e.port}`), gateways: peers.map((p) => p.name), dataDir: config.dataDir },
    'OpenUM started',
  );

  let closing: Promise<void> | null = null;
  return {
    userAgent,
    callDeps,
    mediaClock,
    store,
    delivery,
    directory: () => directory,
    sipEndpoints: () => transport.localEndpoints(),
    gateways: () => monitor.status(),
    close() {
      closing ??= (async () => {
        directoryWatcher.close();
        monitor.stop();
        await userAgent.close();
        await delivery.close();
        await transport.close();
        mediaClock.stop();
        ports.close();
        await directoryWatcher.idle();
        await store.close();
      })();
      return closing;
    },
  };
}
