/**
 * SIP over UDP (RFC 3261 §18): one socket per listener, used both to receive and to send, so that
 * responses and retransmissions come back to the address our Via sent-by names. Each datagram is
 * one message (§18.3); oversize datagrams are reported, never parsed.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { normalizeHost } from './address.js';
import type { TransportLogger } from './codec.js';
import { TransportError } from './errors.js';
import type { Endpoint } from './types.js';

export interface UdpListenerOptions {
  host: string;
  port: number;
  maxDatagramSize: number;
  logger: TransportLogger;
  /** Every datagram received, with its source (IPv4-mapped addresses turned into IPv4). */
  onDatagram(data: Buffer, source: Endpoint, local: Endpoint): void;
}

export class UdpListener {
  readonly #options: UdpListenerOptions;
  readonly #socket: Socket;
  readonly #family: 4 | 6;
  #local: Endpoint | null = null;
  #closed = false;

  constructor(options: UdpListenerOptions) {
    this.#options = options;
    this.#family = isIP(normalizeHost(options.host)) === 6 ? 6 : 4;
    this.#socket = createSocket({ type: this.#family === 6 ? 'udp6' : 'udp4' });
    this.#socket.on('message', (data: Buffer, info) => this.#onMessage(data, info.address, info.port));
  }

  /** The address family this socket sends to: an IPv6 wildcard socket reaches IPv4 too. */
  reaches(address: string): boolean {
    const family = isIP(normalizeHost(address));
    if (family === 0) return true; // a host name: dgram resolves it for the socket's family
    if (family === this.#family) return true;
    return this.#family === 6 && family === 4 && normalizeHost(this.#options.host) === '::';
  }

  /** The bound address and real port; throws before listen(). */
  get local(): Endpoint {
    if (!this.#local) throw new TransportError('SIP_TRANSPORT_CLOSED', 'the UDP listener is not bound');
    return { ...this.#local };
  }

  /** Binds. Rejects with SIP_TRANSPORT_BIND_FAILED naming host:port. */
  async listen(): Promise<Endpoint> {
    const { host, port } = this.#options;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(new TransportError('SIP_TRANSPORT_BIND_FAILED', `cannot listen on UDP ${host}:${port}: ${err.code ?? err.message}`, { cause: err }));
      };
      this.#socket.once('error', onError);
      this.#socket.bind({ address: host, port, exclusive: true }, () => {
        this.#socket.off('error', onError);
        resolve();
      });
    });
    this.#socket.on('error', (err: Error) => {
      this.#options.logger.warn({ host, port, err: err.message }, 'UDP socket error');
    });
    const bound = this.#socket.address();
    this.#local = { transport: 'UDP', address: normalizeHost(host), port: bound.port };
    return this.local;
  }

  /** Sends one datagram. Rejects with DATAGRAM_TOO_LARGE or SEND_FAILED. */
  send(data: Buffer, address: string, port: number): Promise<void> {
    if (this.#closed || !this.#local) {
      return Promise.reject(new TransportError('SIP_TRANSPORT_CLOSED', 'the UDP listener is closed'));
    }
    if (data.length > this.#options.maxDatagramSize) {
      return Promise.reject(new TransportError(
        'SIP_TRANSPORT_DATAGRAM_TOO_LARGE',
        `a ${data.length}-byte message does not fit a ${this.#options.maxDatagramSize}-byte datagram (RFC 3261 §18.1.1: use TCP)`,
      ));
    }
    let to = normalizeHost(address);
    if (this.#family === 6 && isIP(to) === 4) to = `::ffff:${to}`;
    return new Promise((resolve, reject) => {
      this.#socket.send(data, port, to, (err) => {
        if (err) reject(new TransportError('SIP_TRANSPORT_SEND_FAILED', `UDP send to ${address}:${port} failed: ${(err as NodeJS.ErrnoException).code ?? err.message}`, { cause: err }));
        else resolve();
      });
    });
  }

  /** Closes the socket; idempotent. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    return new Promise((resolve) => {
      try {
        this.#socket.close(() => resolve());
      } catch {
        resolve(); // never bound: nothing to close
      }
    });
  }

  #onMessage(data: Buffer, address: string, port: number): void {
    if (this.#closed || !this.#local) return;
    this.#options.onDatagram(data, { transport: 'UDP', address: normalizeHost(address), port }, this.local);
  }
}
