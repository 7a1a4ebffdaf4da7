/**
 * RTP/RTCP port pairs for one host address (RFC 3550 §11: "RTP data SHOULD be carried on an even
 * UDP port number and the corresponding RTCP packets ... on the next higher (odd) port number").
 *
 * `allocate()` binds both UDP sockets and hands them out; a pair another process holds
 * (EADDRINUSE on either port) is skipped. The search starts after the last pair handed out and goes
 * round the range, so a pair just released is reused last: stray packets of the previous call
 * (a late RTP burst, a peer that keeps sending after BYE) then find no one listening rather than
 * the next call. `release()` closes both sockets once and gives the pair back.
 *
 * Sockets opened and not yet closed are counted (`openSockets`), so a test can prove nothing leaks.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { PortError } from './errors.js';

export interface PortPoolOptions {
  /** Address to bind, e.g. '0.0.0.0', '127.0.0.1' or '::'. */
  host: string;
  /** Lowest port of the range (rounded up to even). */
  portMin: number;
  /** Highest port of the range (an RTCP port may be this one). */
  portMax: number;
}

export interface RtpPortPair {
  readonly host: string;
  /** Even. */
  readonly rtpPort: number;
  /** rtpPort + 1. */
  readonly rtcpPort: number;
  readonly rtp: Socket;
  readonly rtcp: Socket;
  /** Closes both sockets and returns the pair to the pool; later calls do nothing. */
  release(): void;
}

type BindOutcome = { ok: true; socket: Socket } | { ok: false; inUse: boolean; error: Error };

export class PortPool {
  readonly host: string;
  readonly #firstPort: number;
  readonly #pairs: number;
  readonly #family: 'udp4' | 'udp6';
  /** Pair indexes reserved or handed out. */
  readonly #taken = new Map<number, RtpPortPair | null>();
  #next = 0;
  #openSockets = 0;
  #closed = false;

  constructor(options: PortPoolOptions) {
    const { host, portMin, portMax } = options;
    const valid = (p: number): boolean => Number.isInteger(p) && p >= 1 && p <= 65535;
    if (!valid(portMin) || !valid(portMax)) throw new PortError('MEDIA_PORTS_BAD_RANGE', `RTP port range ${portMin}-${portMax} must be whole numbers from 1 to 65535`);
    const first = portMin % 2 === 0 ? portMin : portMin + 1;
    const pairs = Math.floor((portMax - first + 1) / 2);
    if (pairs < 1) throw new PortError('MEDIA_PORTS_BAD_RANGE', `RTP port range ${portMin}-${portMax} holds no even RTP port with its RTCP port (RFC 3550 §11)`);
    const family = isIP(host);
    if (family === 0) throw new PortError('MEDIA_PORTS_BAD_RANGE', `RTP host ${host} is not an IP address`);
    this.host = host;
    this.#firstPort = first;
    this.#pairs = pairs;
    this.#family = family === 6 ? 'udp6' : 'udp4';
  }

  /** Pairs in the range. */
  get capacity(): number {
    return this.#pairs;
  }

  /** Pairs handed out (or being bound) and not released. */
  get inUse(): number {
    return this.#taken.size;
  }

  /** UDP sockets this pool opened that have not finished closing. */
  get openSockets(): number {
    return this.#openSockets;
  }

  /** Binds the next free RTP/RTCP pair. Throws MEDIA_PORTS_EXHAUSTED when none can be bound. */
  async allocate(): Promise<RtpPortPair> {
    if (this.#closed) throw new PortError('MEDIA_PORTS_CLOSED', 'the RTP port pool is closed');
    for (let tried = 0; tried < this.#pairs; tried++) {
      const index = (this.#next + tried) % this.#pairs;
      if (this.#taken.has(index)) continue;
      // Reserve before the first await, so concurrent allocations never pick the same pair.
      this.#taken.set(index, null);
      const pair = await this.#bindPair(index);
      if (pair !== null) {
        this.#next = (index + 1) % this.#pairs;
        return pair;
      }
      this.#taken.delete(index);
    }
    throw new PortError('MEDIA_PORTS_EXHAUSTED', `all ${this.#pairs} RTP port pairs of ${this.host}:${this.#firstPort}-${this.#firstPort + 2 * this.#pairs - 1} are in use (${this.inUse} by OpenUM)`);
  }

  /** Releases every pair handed out and refuses further allocations. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const pair of [...this.#taken.values()]) pair?.release();
  }

  toJSON(): { host: string; portMin: number; portMax: number; capacity: number; inUse: number } {
    return { host: this.host, portMin: this.#firstPort, portMax: this.#firstPort + 2 * this.#pairs - 1, capacity: this.capacity, inUse: this.inUse };
  }

  /** The pair at index, or null when a port of it is in use elsewhere. Other bind errors throw. */
  async #bindPair(index: number): Promise<RtpPortPair | null> {
    const rtpPort = this.#firstPort + 2 * index;
    const rtpBound = await this.#bind(rtpPort);
    if (!rtpBound.ok) return this.#bindFailed(rtpBound, index, rtpPort);
    const rtcpBound = await this.#bind(rtpPort + 1);
    if (!rtcpBound.ok) {
      rtpBound.socket.close();
      return this.#bindFailed(rtcpBound, index, rtpPort + 1);
    }
    let released = false;
    const pair: RtpPortPair = {
      host: this.host,
      rtpPort,
      rtcpPort: rtpPort + 1,
      rtp: rtpBound.socket,
      rtcp: rtcpBound.socket,
      release: () => {
        if (released) return;
        released = true;
        closeQuietly(pair.rtp);
        closeQuietly(pair.rtcp);
        this.#taken.delete(index);
      },
    };
    this.#taken.set(index, pair);
    return pair;
  }

  #bindFailed(outcome: { inUse: boolean; error: Error }, index: number, port: number): null {
    if (outcome.inUse) return null;
    this.#taken.delete(index);
    throw new PortError('MEDIA_PORTS_BIND_FAILED', `cannot bind RTP port ${this.host}:${port}: ${outcome.error.message}`, { cause: outcome.error });
  }

  #bind(port: number): Promise<BindOutcome> {
    const socket = createSocket({ type: this.#family, reuseAddr: false });
    this.#openSockets++;
    socket.once('close', () => {
      this.#openSockets--;
    });
    return new Promise((resolve) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        socket.off('listening', onListening);
        closeQuietly(socket);
        resolve({ ok: false, inUse: error.code === 'EADDRINUSE', error });
      };
      const onListening = (): void => {
        socket.off('error', onError);
        resolve({ ok: true, socket });
      };
      socket.once('error', onError);
      socket.once('listening', onListening);
      socket.bind({ port, address: this.host, exclusive: true });
    });
  }
}

function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // ERR_SOCKET_DGRAM_NOT_RUNNING: already closed by its owner.
  }
}
