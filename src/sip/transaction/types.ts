/** What the transaction layer shares with its users (the UA core, the dialog layer). */
import type { SipResponse } from '../message/index.js';

/** The four kinds of RFC 3261 §17: INVITE/non-INVITE × client/server. */
export type TransactionKind = 'ict' | 'nict' | 'ist' | 'nist';

/** A pino-compatible subset: one structured object, then a message. */
export interface TransactionLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export const silentLogger: TransactionLogger = {
  debug() {},
  warn() {},
};

/** Callbacks every transaction user implements (SIP.js-style TU interface, STYLE.md §8). */
export interface TransactionUserBase {
  /** Timer B, F (client) or H (server) fired: §17.1.1.2, §17.1.2.2, §17.2.1. */
  onTimeout(): void;
  /** The transport rejected a send: §17.1.4, §17.2.4. */
  onTransportError(err: Error): void;
  /** The transaction reached "Terminated" and left the layer. Called once. */
  onTerminated?(): void;
}

/** The user of a client transaction, given to `TransactionLayer.sendRequest`. */
export interface ClientTransactionUser extends TransactionUserBase {
  /**
   * A response the transaction passes up: provisional and final responses, and (INVITE, RFC 6026
   * "Accepted") every 2xx retransmission or 2xx from another fork until Timer M fires.
   * Retransmitted non-2xx finals are absorbed and not passed up.
   */
  receiveResponse(response: SipResponse): void;
}

/** The user of a server transaction, attached with `ServerTransaction.attach` (the UA core). */
export type ServerTransactionUser = TransactionUserBase;
