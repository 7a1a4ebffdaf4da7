/**
 * The part TCP and TLS share: listening servers, the connection limit, outbound connects (one
 * attempt at a time per peer) and the life of every connection. tcp.ts and tls.ts supply only
 * how a socket is made (StreamSocketFactory).
 */
import type { Server, Socket } from 'node:net';
import { normalizeHost } from './address.js';
import type { TransportLogger } from './codec.js';
import { StreamConnection, type ConnectionEvents } from './connection.js';
import { peerKey, type ConnectionTable } from './connectionTable.js';
import { TransportError } from './errors.js';
import type { TransportLimits } from './limits.js';
import type { Endpoint } from './types.js';

export interface StreamSocketFactory {
  readonly transport: 'TCP' | 'TLS';
  /** A server calling onSocket for each inbound socket once it can carry SIP (TLS: handshaken). */
  createServer(onSocket: (socket: Socket) => void): Server;
  /** Starts an outbound connection; the socket emits `readyEvent` once it can carry SIP. */
  connect(address: string, port: number): { socket: Socket; readyEvent: 'connect' | 'secureConnect' };
}

export interface StreamTransportOptions {
  limits: TransportLimits;
  logger: TransportLogger;
  table: ConnectionTable;
  /** Messages and framing errors of every connection; onClose is handled here. */
  events: Omit<ConnectionEvents, 'onClose'>;
}

export class StreamTransport {
  readonly transport: 'TCP' | 'TLS';
  readonly #factory: StreamSocketFactory;
  readonly #options: StreamTransportOptions;
  readonly #servers: Array<{ server: Server; local: Endpoint }> = [];
  readonly #pending = new Map<string, Promise<StreamConnection>>();
  readonly #connecting = new Set<Socket>();
  readonly #own = new Set<StreamConnection>();
  #closed = false;

  constructor(factory: StreamSocketFactory, options: StreamTransportOptions) {
    this.transport = factory.transport;
    this.#factory = factory;
    this.#options = options;
  }

  /** The bound address of every listening server (real ports when 0 was asked for). */
  get locals(): Endpoint[] {
    return this.#servers.map((s) => ({ ...s.local }));
  }

  /** Binds a server on host:port. Rejects with SIP_TRANSPORT_BIND_FAILED naming host:port. */
  async listen(host: string, port: number, serverFactory: Pick<StreamSocketFactory, 'createServer'> = this.#factory): Promise<Endpoint> {
    if (this.#closed) throw new TransportError('SIP_TRANSPORT_CLOSED', 'the transport is closed');
    const server = serverFactory.createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(new TransportError(
          'SIP_TRANSPORT_BIND_FAILED',
          `cannot listen on ${this.transport} ${host}:${port}: ${err.code ?? err.message}`,
          { cause: err },
        ));
      };
      server.once('error', onError);
      server.listen({ host, port }, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', (err: Error) => {
      this.#options.logger.warn({ transport: this.transport, host, port, err: err.message }, 'SIP listener error');
    });
    const address = server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    const local: Endpoint = { transport: this.transport, address: normalizeHost(host), port: bound };
    this.#servers.push({ server, local });
    return { ...local };
  }

  /**
   * An open connection to address:port: reuses one being set up, else connects.
   * Rejects with SIP_TRANSPORT_SEND_FAILED, SIP_TRANSPORT_TOO_MANY_CONNECTIONS or _CLOSED.
   */
  connect(address: string, port: number): Promise<StreamConnection> {
    if (this.#closed) return Promise.reject(new TransportError('SIP_TRANSPORT_CLOSED', 'the transport is closed'));
    const key = peerKey(this.transport, address, port);
    const existing = this.#options.table.byPeer(this.transport, address, port);
    if (existing) return Promise.resolve(existing);
    const pending = this.#pending.get(key);
    if (pending) return pending;
    if (this.#options.table.size + this.#connecting.size >= this.#options.limits.maxConnections) {
      return Promise.reject(new TransportError(
        'SIP_TRANSPORT_TOO_MANY_CONNECTIONS',
        `cannot connect to ${address}:${port}: ${this.#options.limits.maxConnections} connections open`,
      ));
    }
    const attempt = this.#dial(address, port).finally(() => this.#pending.delete(key));
    this.#pending.set(key, attempt);
    return attempt;
  }

  /** Closes the servers, every connection of this transport and every connect under way. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const socket of this.#connecting) socket.destroy();
    for (const connection of this.#own) connection.destroy();
    await Promise.all(this.#servers.map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  #dial(address: string, port: number): Promise<StreamConnection> {
    return new Promise((resolve, reject) => {
      const { socket, readyEvent } = this.#factory.connect(normalizeHost(address), port);
      this.#connecting.add(socket);
      // Errors after the attempt settles (and before a connection adopts the socket) are logged by
      // nobody but must never go unhandled.
      socket.on('error', () => {});
      const timer = setTimeout(() => {
        socket.destroy(new Error(`no connection after ${this.#options.limits.connectTimeoutMs} ms`));
      }, this.#options.limits.connectTimeoutMs);
      timer.unref();
      const fail = (err: Error): void => {
        cleanup();
        reject(new TransportError(
          'SIP_TRANSPORT_SEND_FAILED',
          `cannot connect ${this.transport} to ${address}:${port}: ${(err as NodeJS.ErrnoException).code ?? err.message}`,
          { cause: err },
        ));
      };
      const onClose = (): void => fail(new Error(this.#closed ? 'transport closed' : 'connection closed'));
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#connecting.delete(socket);
        socket.off('error', fail);
        socket.off('close', onClose);
        socket.off(readyEvent, onReady);
      };
      const onReady = (): void => {
        cleanup();
        if (this.#closed) {
          socket.destroy();
          reject(new TransportError('SIP_TRANSPORT_CLOSED', 'the transport is closed'));
          return;
        }
        resolve(this.#adopt(socket, true));
      };
      socket.once('error', fail);
      socket.once('close', onClose);
      socket.once(readyEvent, onReady);
    });
  }

  #accept(socket: Socket): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    if (this.#options.table.size >= this.#options.limits.maxConnections) {
      this.#options.logger.warn(
        { transport: this.transport, peer: `${socket.remoteAddress}:${socket.remotePort}`, max: this.#options.limits.maxConnections },
        'refusing SIP connection: connection limit reached',
      );
      socket.on('error', () => {});
      socket.destroy();
      return;
    }
    this.#adopt(socket, false);
  }

  #adopt(socket: Socket, outbound: boolean): StreamConnection {
    const { table, limits, logger, events } = this.#options;
    const connection = new StreamConnection(socket, {
      id: table.nextId(this.transport),
      transport: this.transport,
      outbound,
      limits,
      logger,
      events: {
        onMessage: events.onMessage,
        onFramingError: events.onFramingError,
        onClose: (c) => {
          table.remove(c);
          this.#own.delete(c);
        },
      },
    });
    table.add(connection);
    this.#own.add(connection);
    logger.debug({ ...connection.toJSON() }, 'SIP connection open');
    return connection;
  }
}
