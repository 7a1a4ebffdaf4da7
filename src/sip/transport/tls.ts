/**
 * SIP over TLS (RFC 3261 §18, §26.2.1): the stream transport over node:tls. The server presents
 * the configured certificate; outbound connections verify the peer against the configured CA
 * (else the system store) and present the same certificate when one is configured.
 */
import { readFile } from 'node:fs/promises';
import { isIP, type Server, type Socket } from 'node:net';
import { connect, createServer, type TLSSocket } from 'node:tls';
import type { TransportLogger } from './codec.js';
import { TransportError } from './errors.js';
import type { StreamSocketFactory } from './streamTransport.js';

export interface TlsFiles {
  /** PEM certificate (chain) file. */
  cert?: string;
  /** PEM private key file. */
  key?: string;
  /** PEM CA bundle to verify peers with, instead of the system store. */
  ca?: string;
}

export interface TlsMaterial {
  cert?: Buffer;
  key?: Buffer;
  ca?: Buffer;
}

/** Reads the PEM files. Rejects with SIP_TRANSPORT_TLS_CONFIG naming the file that failed. */
export async function loadTlsMaterial(files: TlsFiles): Promise<TlsMaterial> {
  const out: TlsMaterial = {};
  for (const which of ['cert', 'key', 'ca'] as const) {
    const path = files[which];
    if (path === undefined) continue;
    try {
      out[which] = await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new TransportError('SIP_TRANSPORT_TLS_CONFIG', `cannot read TLS ${which} file ${path}: ${code}`, { cause: err });
    }
  }
  return out;
}

/**
 * The TLS socket factory. `server` is needed only to listen (a certificate and key are then
 * required); `client` configures outbound connections.
 */
export function tlsSocketFactory(
  server: TlsMaterial | null,
  client: TlsMaterial,
  logger: TransportLogger,
  /** A peer that opens TCP but does not finish the handshake is dropped after this long. */
  handshakeTimeoutMs = 10_000,
): StreamSocketFactory {
  return {
    transport: 'TLS',
    createServer(onSocket: (socket: Socket) => void): Server {
      if (!server?.cert || !server.key) {
        throw new TransportError('SIP_TRANSPORT_TLS_CONFIG', 'a TLS listener needs both cert and key files');
      }
      const tlsServer = createServer({
        cert: server.cert,
        key: server.key,
        handshakeTimeout: handshakeTimeoutMs,
        ...(server.ca ? { ca: server.ca } : {}),
      });
      tlsServer.on('secureConnection', (socket: TLSSocket) => onSocket(socket));
      tlsServer.on('tlsClientError', (err: Error, socket: TLSSocket) => {
        logger.debug({ peer: `${socket.remoteAddress}:${socket.remotePort}`, err: err.message }, 'TLS handshake failed');
      });
      return tlsServer;
    },
    connect(address: string, port: number) {
      const socket = connect({
        host: address,
        port,
        // SNI carries host names only (RFC 6066 §3); an IP literal is checked against the IP SANs.
        ...(isIP(address) === 0 ? { servername: address } : {}),
        ...(client.ca ? { ca: client.ca } : {}),
        ...(client.cert && client.key ? { cert: client.cert, key: client.key } : {}),
      });
      return { socket, readyEvent: 'secureConnect' as const };
    },
  };
}
