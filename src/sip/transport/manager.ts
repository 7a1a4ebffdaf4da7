/**
 * The transport layer as the rest of the stack sees it (RFC 3261 §18): binds the configured
 * listeners, turns bytes into messages (framing, parsing, receiver tagging of requests) and
 * messages into bytes on the right socket or connection. Parse failures go to onParseError with
 * the raw bytes, so that the UA core can answer 400 when it can; they never throw.
 */
import type { SipMessage } from '../message/index.js';
import { normalizeHost } from './address.js';
import { silentLogger, type MessageCodec, type TransportLogger } from './codec.js';
import type { StreamConnection } from './connection.js';
import { ConnectionTable } from './connectionTable.js';
import { TransportError } from './errors.js';
import { resolveTransportLimits, type TransportLimits } from './limits.js';
import { stampReceivedParams } from './receivedParams.js';
import { localSentBy } from './sentBy.js';
import { StreamTransport } from './streamTransport.js';
import { tcpSocketFactory } from './tcp.js';
import { loadTlsMaterial, tlsSocketFactory, type TlsFiles, type TlsMaterial } from './tls.js';
import type { Endpoint, InboundMessage, MessageSender, TransportName } from './types.js';
import { UdpListener } from './udp.js';

export interface ListenConfig {
  transport: 'udp' | 'tcp' | 'tls';
  host: string;
  /** 0 picks a free port; localEndpoints() tells which. */
  port: number;
  /** TLS only: PEM certificate, key and optional CA bundle files. */
  cert?: string;
  key?: string;
  ca?: string;
  /** The host to put in Via sent-by when `host` is a wildcard (0.0.0.0, ::) or not reachable. */
  advertisedHost?: string;
}

export interface TransportManagerOptions {
  listen: ListenConfig[];
  codec: MessageCodec;
  limits?: Partial<TransportLimits>;
  logger?: TransportLogger;
  /** Outbound TLS: CA to verify servers with and client certificate; default: the first TLS listener's files. */
  tlsClient?: TlsFiles;
  onMessage(inbound: InboundMessage): void;
  onParseError(err: unknown, raw: Buffer, source: Endpoint): void;
}

type State = 'new' | 'starting' | 'running' | 'closed';

/** Datagrams of only CR, LF, NUL or blanks: NAT keep-alives some devices send over UDP. */
const KEEPALIVE_DATAGRAM = /^[\r\n\0 \t]*$/;

export class TransportManager implements MessageSender {
  readonly #options: TransportManagerOptions;
  readonly #limits: TransportLimits;
  readonly #logger: TransportLogger;
  readonly #table = new ConnectionTable();
  readonly #udp: Array<{ listener: UdpListener; config: ListenConfig }> = [];
  readonly #streamLocals: Array<{ local: Endpoint; config: ListenConfig }> = [];
  #tcp: StreamTransport | null = null;
  #tls: StreamTransport | null = null;
  #state: State = 'new';
  #starting: Promise<void> | null = null;
  #closing: Promise<void> | null = null;

  constructor(options: TransportManagerOptions) {
    this.#options = options;
    this.#limits = resolveTransportLimits(options.limits);
    this.#logger = options.logger ?? silentLogger;
  }

  /** Number of open TCP + TLS connections. */
  get connectionCount(): number {
    return this.#table.size;
  }

  /**
   * Binds every listener. Rejects with SIP_TRANSPORT_BIND_FAILED (naming host:port) or
   * SIP_TRANSPORT_TLS_CONFIG, after closing whatever was already bound.
   */
  start(): Promise<void> {
    if (this.#state !== 'new') {
      return Promise.reject(new TransportError('SIP_TRANSPORT_CLOSED', `cannot start a transport manager that is ${this.#state}`));
    }
    this.#state = 'starting';
    this.#starting = this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    try {
      const tlsConfigs = this.#options.listen.filter((l) => l.transport === 'tls');
      const firstTls = tlsConfigs[0];
      const client = await loadTlsMaterial(this.#options.tlsClient ?? pickFiles(firstTls));
      const events = {
        onMessage: (data: Buffer, c: StreamConnection) => this.#deliver(data, false, c.remote, c.local),
        onFramingError: (err: TransportError, raw: Buffer, c: StreamConnection) => this.#parseError(err, raw, c.remote),
      };
      const streamOptions = { limits: this.#limits, logger: this.#logger, table: this.#table, events };
      this.#tcp = new StreamTransport(tcpSocketFactory, streamOptions);
      const serverMaterial = new Map<ListenConfig, TlsMaterial>();
      for (const config of tlsConfigs) serverMaterial.set(config, await loadTlsMaterial(pickFiles(config)));
      for (const config of this.#options.listen) {
        if (config.transport === 'udp') {
          const listener = new UdpListener({
            host: config.host,
            port: config.port,
            maxDatagramSize: this.#limits.maxDatagramSize,
            logger: this.#logger,
            onDatagram: (data, source, local) => this.#onDatagram(data, source, local),
          });
          this.#udp.push({ listener, config });
          await listener.listen();
        } else if (config.transport === 'tcp') {
          this.#streamLocals.push({ local: await this.#tcp.listen(config.host, config.port), config });
        } else {
          const factory = tlsSocketFactory(serverMaterial.get(config) ?? null, client, this.#logger, this.#limits.connectTimeoutMs);
          // One TLS transport carries every TLS listener's connections (each server may present
          // its own certificate); it dials with the client material.
          this.#tls ??= new StreamTransport(factory, streamOptions);
          this.#streamLocals.push({ local: await this.#tls.listen(config.host, config.port, factory), config });
        }
      }
      this.#tls ??= new StreamTransport(tlsSocketFactory(null, client, this.#logger, this.#limits.connectTimeoutMs), streamOptions);
      this.#state = 'running';
    } catch (err) {
      await this.#shutdown();
      throw err;
    }
  }

  /** Every bound listener with its real port. */
  localEndpoints(): Endpoint[] {
    return [...this.#udp.map((u) => u.listener.local), ...this.#streamLocals.map((s) => ({ ...s.local }))];
  }

  /**
   * The host and port to write in the Via sent-by of a request we send over `transport` (the
   * first listener of that transport). Throws SIP_TRANSPORT_NOT_AVAILABLE when there is none.
   */
  viaSentBy(transport: TransportName): { host: string; port: number } {
    const all = [
      ...this.#udp.map((u) => ({ local: u.listener.local, config: u.config })),
      ...this.#streamLocals,
    ];
    const found = all.find((x) => x.local.transport === transport);
    if (!found) throw new TransportError('SIP_TRANSPORT_NOT_AVAILABLE', `no ${transport} listener is configured`);
    return localSentBy(found.local, found.config.advertisedHost);
  }

  /** Serializes and sends (MessageSender). */
  async send(message: SipMessage, target: Endpoint): Promise<void> {
    await this.sendRaw(this.#options.codec.serialize(message), target);
  }

  /**
   * Sends bytes as they are: over UDP from the listener socket; over TCP/TLS on
   * target.connectionId if still open, else an open connection to target address:port, else a
   * new one (RFC 3261 §18.2.2).
   */
  async sendRaw(data: Buffer, target: Endpoint): Promise<void> {
    if (this.#state !== 'running') throw new TransportError('SIP_TRANSPORT_CLOSED', `the transport manager is ${this.#state}`);
    if (target.transport === 'UDP') {
      const listener = this.#udp.find((u) => u.listener.reaches(target.address))?.listener;
      if (!listener) throw new TransportError('SIP_TRANSPORT_NOT_AVAILABLE', `no UDP listener can reach ${target.address}`);
      await listener.send(data, target.address, target.port);
      return;
    }
    const stream = target.transport === 'TCP' ? this.#tcp : this.#tls;
    if (!stream) throw new TransportError('SIP_TRANSPORT_NOT_AVAILABLE', `no ${target.transport} transport`);
    const byId = target.connectionId !== undefined ? this.#table.byId(target.connectionId) : undefined;
    const connection = byId && byId.transport === target.transport
      ? byId
      : this.#table.byPeer(target.transport, target.address, target.port) ?? await stream.connect(target.address, target.port);
    await connection.write(data);
  }

  /** Closes every socket, connection and timer. Idempotent; resolves when all are closed. */
  close(): Promise<void> {
    // A start under way finishes (or fails) first, so that nothing it binds is left open.
    this.#closing ??= (this.#starting ?? Promise.resolve()).catch(() => {}).then(() => this.#shutdown());
    return this.#closing;
  }

  toJSON(): Record<string, unknown> {
    return { state: this.#state, listeners: this.#state === 'running' ? this.localEndpoints() : [], connections: this.#table.size };
  }

  async #shutdown(): Promise<void> {
    this.#state = 'closed';
    await Promise.all([
      ...this.#udp.map((u) => u.listener.close()),
      this.#tcp?.close(),
      this.#tls?.close(),
    ]);
    for (const connection of this.#table.all()) connection.destroy();
  }

  #onDatagram(data: Buffer, source: Endpoint, local: Endpoint): void {
    if (KEEPALIVE_DATAGRAM.test(data.toString('latin1'))) return;
    if (data.length > this.#limits.maxDatagramSize) {
      this.#parseError(new TransportError(
        'SIP_TRANSPORT_DATAGRAM_TOO_LARGE',
        `${data.length}-byte datagram exceeds ${this.#limits.maxDatagramSize} bytes`,
        { status: 513 },
      ), data, source);
      return;
    }
    this.#deliver(data, true, source, local);
  }

  #deliver(raw: Buffer, datagram: boolean, source: Endpoint, local: Endpoint): void {
    if (this.#state !== 'running') return;
    let message: SipMessage;
    try {
      message = this.#options.codec.parse(raw, datagram);
    } catch (err) {
      this.#parseError(err, raw, source);
      return;
    }
    // RFC 3261 §18.2.1 / RFC 3581 §4: stamp received/rport on requests before anyone reads the Via.
    if (message.type === 'request') stampReceivedParams(message, source);
    try {
      this.#options.onMessage({ message, source: { ...source }, local: { ...local }, raw });
    } catch (err) {
      this.#logger.warn({ source: `${source.address}:${source.port}`, err: String(err) }, 'onMessage handler threw');
    }
  }

  #parseError(err: unknown, raw: Buffer, source: Endpoint): void {
    this.#logger.debug(
      { source: `${source.transport} ${normalizeHost(source.address)}:${source.port}`, bytes: raw.length, err: String(err) },
      'unparseable SIP message',
    );
    try {
      this.#options.onParseError(err, raw, { ...source });
    } catch (handlerErr) {
      this.#logger.warn({ err: String(handlerErr) }, 'onParseError handler threw');
    }
  }
}

function pickFiles(config: ListenConfig | undefined): TlsFiles {
  const files: TlsFiles = {};
  if (config?.cert !== undefined) files.cert = config.cert;
  if (config?.key !== undefined) files.key = config.key;
  if (config?.ca !== undefined) files.ca = config.ca;
  return files;
}
