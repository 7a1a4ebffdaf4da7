/** What the transport layer (RFC 3261 §18) shares with the layers above it. */
import type { SipMessage } from '../message/index.js';

export type TransportName = 'UDP' | 'TCP' | 'TLS';

/** A peer or local address. `connectionId` names an open TCP/TLS connection to reuse. */
export interface Endpoint {
  transport: TransportName;
  address: string;
  port: number;
  connectionId?: string;
}

/** A message as it arrived: where from, on which local socket, and its raw bytes. */
export interface InboundMessage {
  message: SipMessage;
  source: Endpoint;
  local: Endpoint;
  raw: Buffer;
}

/** True for transports whose delivery is reliable (no retransmission timers, RFC 3261 §17). */
export function isReliable(transport: TransportName): boolean {
  return transport !== 'UDP';
}

/** The sending half of the transport layer, as transactions and the UA core use it. */
export interface MessageSender {
  /**
   * Serializes and sends. Over TCP/TLS, reuses `target.connectionId` when that connection is
   * still open, else an open connection to the same address, else connects (§18.2.2).
   * Rejects on a transport error (the transaction layer reports it to its user, §17.1.4).
   */
  send(message: SipMessage, target: Endpoint): Promise<void>;
}
