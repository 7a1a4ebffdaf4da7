/** SIP over TCP (RFC 3261 §18): plain sockets for the shared stream transport. */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { StreamSocketFactory } from './streamTransport.js';

export const tcpSocketFactory: StreamSocketFactory = {
  transport: 'TCP',
  createServer(onSocket: (socket: Socket) => void): Server {
    return createServer({ noDelay: true }, onSocket);
  },
  connect(address: string, port: number) {
    return { socket: connect({ host: address, port, noDelay: true }), readyEvent: 'connect' as const };
  },
};
