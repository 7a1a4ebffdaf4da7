/**
 * What the transport needs from the message layer, injected at construction so that the
 * transport can be built and tested without the full parser (ARCHITECTURE: layers talk through
 * small interfaces). The server wires `parseMessage` / `serializeMessage` of sip/message here.
 */
import type { SipMessage } from '../message/index.js';

export interface MessageCodec {
  /**
   * Parses one whole message. `datagram` is true for UDP, where Content-Length may be absent and
   * the body is the rest of the datagram (RFC 3261 §18.3). Throws on a malformed message.
   */
  parse(data: Buffer, datagram: boolean): SipMessage;
  serialize(message: SipMessage): Buffer;
}

/** The slice of a pino logger the transport uses; a pino Logger fits it as is. */
export interface TransportLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: TransportLogger = {
  debug() {},
  warn() {},
};
