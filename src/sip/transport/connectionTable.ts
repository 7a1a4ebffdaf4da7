/**
 * The open TCP and TLS connections, by id (to answer on the connection a request came on,
 * RFC 3261 §18.2.2) and by peer address:port (to reuse a connection for later messages to the
 * same peer, §18.1.1). Shared by both stream transports so that one limit bounds them together.
 */
import { normalizeHost } from './address.js';
import type { StreamConnection } from './connection.js';

export function peerKey(transport: 'TCP' | 'TLS', address: string, port: number): string {
  return `${transport} ${normalizeHost(address)}:${port}`;
}

export class ConnectionTable {
  readonly #byId = new Map<string, StreamConnection>();
  readonly #byPeer = new Map<string, StreamConnection>();
  #nextId = 1;

  get size(): number {
    return this.#byId.size;
  }

  /** A new connection id, unique within this table ("tcp-1", "tls-2", …). */
  nextId(transport: 'TCP' | 'TLS'): string {
    return `${transport.toLowerCase()}-${this.#nextId++}`;
  }

  add(connection: StreamConnection): void {
    this.#byId.set(connection.id, connection);
    const key = peerKey(connection.transport, connection.remote.address, connection.remote.port);
    // The newest connection to a peer wins: it is the one most likely to be alive.
    this.#byPeer.set(key, connection);
  }

  remove(connection: StreamConnection): void {
    this.#byId.delete(connection.id);
    const key = peerKey(connection.transport, connection.remote.address, connection.remote.port);
    if (this.#byPeer.get(key) === connection) this.#byPeer.delete(key);
  }

  /** The connection with that id if it is still writable. */
  byId(id: string): StreamConnection | undefined {
    const c = this.#byId.get(id);
    return c?.writable ? c : undefined;
  }

  /** A writable connection to that peer, if any. */
  byPeer(transport: 'TCP' | 'TLS', address: string, port: number): StreamConnection | undefined {
    const c = this.#byPeer.get(peerKey(transport, address, port));
    return c?.writable ? c : undefined;
  }

  all(): StreamConnection[] {
    return [...this.#byId.values()];
  }
}
