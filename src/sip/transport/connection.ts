/**
 * One TCP or TLS connection: a socket, its stream framer, its idle timer. Hands whole messages
 * up, answers keep-alive pings, and closes itself on a framing error, on idle timeout and on any
 * socket error (every 'error' event is handled here, so a peer can never crash the process).
 */
import type { Socket } from 'node:net';
import { normalizeHost } from './address.js';
import type { TransportLogger } from './codec.js';
import { TransportError } from './errors.js';
import type { TransportLimits } from './limits.js';
import { StreamFramer } from './streamFramer.js';
import type { Endpoint } from './types.js';

const PONG = Buffer.from('\r\n', 'latin1');

export interface ConnectionEvents {
  /** A whole framed message (not yet parsed). */
  onMessage(data: Buffer, connection: StreamConnection): void;
  /** The stream broke (bad Content-Length, oversize); the connection is closing. */
  onFramingError(error: TransportError, raw: Buffer, connection: StreamConnection): void;
  /** The socket is gone, for whatever reason. Called once. */
  onClose(connection: StreamConnection): void;
}

export class StreamConnection {
  readonly id: string;
  readonly transport: 'TCP' | 'TLS';
  /** The peer, with this connection's id so that a reply can reuse it. */
  readonly remote: Endpoint;
  readonly local: Endpoint;
  readonly outbound: boolean;
  readonly #socket: Socket;
  readonly #framer: StreamFramer;
  readonly #events: ConnectionEvents;
  readonly #logger: TransportLogger;
  readonly #closeGraceMs: number;
  #graceTimer: NodeJS.Timeout | null = null;
  #closing = false;
  #closed = false;

  constructor(
    socket: Socket,
    options: {
      id: string;
      transport: 'TCP' | 'TLS';
      outbound: boolean;
      limits: TransportLimits;
      logger: TransportLogger;
      events: ConnectionEvents;
    },
  ) {
    this.id = options.id;
    this.transport = options.transport;
    this.outbound = options.outbound;
    this.#socket = socket;
    this.#events = options.events;
    this.#logger = options.logger;
    this.#closeGraceMs = options.limits.closeGraceMs;
    this.#framer = new StreamFramer(options.limits);
    this.remote = {
      transport: options.transport,
      address: normalizeHost(socket.remoteAddress ?? ''),
      port: socket.remotePort ?? 0,
      connectionId: options.id,
    };
    this.local = {
      transport: options.transport,
      address: normalizeHost(socket.localAddress ?? ''),
      port: socket.localPort ?? 0,
    };

    socket.setNoDelay(true);
    if (options.limits.idleTimeoutMs > 0) {
      // Node resets this timer on every read and write: "no traffic either way for idleTimeoutMs".
      socket.setTimeout(options.limits.idleTimeoutMs, () => {
        this.#logger.debug({ connectionId: this.id, peer: this.#peer() }, 'closing idle SIP connection');
        this.destroy();
      });
    }
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (err: Error) => {
      this.#logger.debug({ connectionId: this.id, peer: this.#peer(), err: err.message }, 'SIP connection error');
    });
    socket.on('close', () => this.#onClose());
  }

  /** True while messages can still be written. */
  get writable(): boolean {
    return !this.#closed && !this.#socket.destroyed && this.#socket.writable;
  }

  /** Writes bytes; resolves once handed to the kernel, rejects if the socket is gone. */
  write(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.writable) {
        reject(new TransportError('SIP_TRANSPORT_SEND_FAILED', `connection ${this.id} to ${this.#peer()} is closed`));
        return;
      }
      this.#socket.write(data, (err) => {
        if (err) reject(new TransportError('SIP_TRANSPORT_SEND_FAILED', `write to ${this.#peer()} failed: ${err.message}`, { cause: err }));
        else resolve();
      });
    });
  }

  /** Closes at once, dropping anything unsent. */
  destroy(): void {
    this.#clearGrace();
    this.#socket.destroy();
  }

  /**
   * Stops reading and closes after what was already written leaves (FIN), destroying the socket
   * after closeGraceMs at the latest.
   */
  closeGracefully(): void {
    if (this.#closing || this.#closed) return;
    this.#closing = true;
    this.#socket.pause();
    this.#socket.end();
    this.#graceTimer = setTimeout(() => this.destroy(), this.#closeGraceMs);
    this.#graceTimer.unref();
  }

  toJSON(): Record<string, unknown> {
    return { id: this.id, transport: this.transport, remote: this.#peer(), outbound: this.outbound };
  }

  #onData(chunk: Buffer): void {
    if (this.#closing || this.#closed) return;
    let events;
    try {
      events = this.#framer.push(chunk);
    } catch (err) {
      const error = err instanceof TransportError
        ? err
        : new TransportError('SIP_TRANSPORT_BAD_CONTENT_LENGTH', String(err), { cause: err });
      const raw = this.#framer.buffered();
      this.#logger.warn(
        { connectionId: this.id, peer: this.#peer(), code: error.code, buffered: raw.length },
        `closing SIP connection: ${error.message}`,
      );
      this.#events.onFramingError(error, raw, this);
      this.closeGracefully();
      return;
    }
    for (const event of events) {
      if (this.#closing || this.#closed) return;
      if (event.kind === 'ping') {
        // RFC 5626 §3.5.1: a double-CRLF ping is answered with a single CRLF pong.
        this.#socket.write(PONG);
      } else {
        this.#events.onMessage(event.data, this);
      }
    }
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearGrace();
    this.#events.onClose(this);
  }

  #clearGrace(): void {
    if (this.#graceTimer) clearTimeout(this.#graceTimer);
    this.#graceTimer = null;
  }

  #peer(): string {
    return `${this.remote.address}:${this.remote.port}`;
  }
}
