/**
 * The transaction layer (RFC 3261 §17): creates client transactions for the TU's requests, files
 * server transactions for incoming requests, and routes each message to the transaction it
 * belongs to (§17.1.3, §17.2.3). It holds no timers of its own; a transaction leaves the maps
 * when it reaches "Terminated".
 *
 * What bypasses transactions, and how (§13.3.1.4, §13.2.2.4, RFC 6026):
 * - The ACK for a 2xx is a request of its own with no transaction: the dialog layer builds it and
 *   sends it with `layer.sender.send(ack, target)`.
 * - The 2xx to an INVITE is retransmitted by the dialog layer (Timer G/H of §13.3.1.4). While the
 *   INVITE server transaction is in "Accepted" (64*T1, which spans the whole retransmission
 *   window) the dialog may pass each retransmission to `transaction.respond(response)`; after
 *   that, or in any case, it may send directly with `layer.sender.send(response,
 *   transaction.responseTarget)`.
 * - An ACK for a 2xx arrives as `{ kind: 'ack' }` from `receiveRequest`, and a 2xx that matches no
 *   client transaction (a fork after Timer M, §17.1.1.2 / RFC 6026) as `{ kind: 'unmatched' }`
 *   from `receiveResponse`: both belong to the dialog.
 */
import type { Clock } from '../../util/clock.js';
import type { SipRequest, SipResponse } from '../message/index.js';
import type { Endpoint, InboundMessage, MessageSender } from '../transport/index.js';
import { isRfc3261Branch, topBranch } from './branch.js';
import { TransactionError } from './errors.js';
import { InviteClientTransaction } from './inviteClient.js';
import { InviteServerTransaction } from './inviteServer.js';
import { clientKey, responseClientKey, serverMatch, tagOf, type ServerMatch } from './matching.js';
import { NonInviteClientTransaction } from './nonInviteClient.js';
import { NonInviteServerTransaction } from './nonInviteServer.js';
import { resolveTimerValues, type TimerValues } from './timers.js';
import type { TransactionContext, TransactionIdentity } from './transaction.js';
import { silentLogger, type ClientTransactionUser, type TransactionLogger } from './types.js';

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

export interface TransactionLayerOptions {
  sender: MessageSender;
  clock: Clock;
  timers?: Partial<TimerValues>;
  logger?: TransactionLogger;
}

/** What became of an incoming request. */
export type RequestDisposition =
  /** A new request: the core attaches a user to `transaction` and answers through it. */
  | { kind: 'new'; transaction: ServerTransaction }
  /**
   * A new CANCEL (§9.2) with its own non-INVITE server transaction, and the INVITE server
   * transaction it cancels (null: none, answer 481). The core answers 200 to the CANCEL and, if
   * `cancels` is still "proceeding", 487 to the INVITE.
   */
  | { kind: 'cancel'; transaction: NonInviteServerTransaction; cancels: InviteServerTransaction | null }
  /** A retransmission (or an ACK for a non-2xx) handled by an existing transaction. */
  | { kind: 'absorbed'; transaction: ServerTransaction }
  /**
   * An ACK for a 2xx, which belongs to the dialog: it matched no transaction (the usual case, the
   * ACK has a new branch), or an INVITE server transaction in "Accepted" (RFC 6026 §8.7).
   */
  | { kind: 'ack'; request: SipRequest; transaction: InviteServerTransaction | null };

/** What became of an incoming response. */
export type ResponseDisposition =
  | { kind: 'matched'; transaction: ClientTransaction }
  /** No client transaction: a stray 2xx to INVITE goes to the dialog layer; others are dropped. */
  | { kind: 'unmatched'; response: SipResponse };

export class TransactionLayer {
  /** The transport's sending half, for what bypasses transactions (2xx retransmissions, ACK for 2xx). */
  readonly sender: MessageSender;
  readonly clock: Clock;
  readonly timers: Readonly<TimerValues>;

  readonly #ctx: TransactionContext;
  readonly #clients = new Map<string, ClientTransaction>();
  readonly #servers3261 = new Map<string, ServerTransaction>();
  readonly #servers2543 = new Map<string, ServerTransaction[]>();
  #serverCount = 0;
  #closed = false;

  constructor(options: TransactionLayerOptions) {
    this.sender = options.sender;
    this.clock = options.clock;
    this.timers = Object.freeze(resolveTimerValues(options.timers));
    this.#ctx = {
      clock: options.clock,
      sender: options.sender,
      logger: options.logger ?? silentLogger,
      timers: this.timers,
      removed: (tx) => this.#remove(tx),
    };
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  get serverCount(): number {
    return this.#serverCount;
  }

  /** Live transactions of every kind. */
  get size(): number {
    return this.#clients.size + this.#serverCount;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Starts a client transaction and sends the request. The request's top Via must carry an RFC
   * 3261 branch (use `newBranch()`); the transaction reports to `user`.
   */
  sendRequest(request: SipRequest, target: Endpoint, user: ClientTransactionUser): ClientTransaction {
    this.#assertOpen();
    if (request.method === 'ACK') {
      throw new TransactionError('SIP_TXN_ACK_NOT_A_TRANSACTION', 'ACK has no client transaction: send it with layer.sender (RFC 3261 §17.1.1.3)');
    }
    const branch = topBranch(request);
    if (!isRfc3261Branch(branch)) {
      throw new TransactionError('SIP_TXN_MISSING_BRANCH', `the top Via of ${request.method} needs a branch starting with z9hG4bK (RFC 3261 §8.1.1.7); use newBranch()`);
    }
    const key = clientKey(branch, request.method);
    if (this.#clients.has(key)) {
      throw new TransactionError('SIP_TXN_DUPLICATE', `a ${request.method} client transaction with branch ${branch} already exists`);
    }
    const tx = request.method === 'INVITE'
      ? new InviteClientTransaction(this.#ctx, key, request, target, user)
      : new NonInviteClientTransaction(this.#ctx, key, request, target, user);
    this.#clients.set(key, tx);
    tx.start();
    return tx;
  }

  /** Routes a response to its client transaction (§17.1.3). */
  receiveResponse(inbound: InboundMessage): ResponseDisposition {
    const response = inbound.message;
    if (response.type !== 'response') {
      throw new TransactionError('SIP_TXN_WRONG_MESSAGE_TYPE', 'receiveResponse() was given a request');
    }
    const key = responseClientKey(response);
    const tx = key === null ? undefined : this.#clients.get(key);
    if (!tx) return { kind: 'unmatched', response };
    tx.receiveResponse(response);
    return { kind: 'matched', transaction: tx };
  }

  /**
   * Routes a request to its server transaction (§17.2.3), or creates one. `responseTarget` is
   * where responses go, as the transport computed it from the top Via (§18.2.2).
   */
  receiveRequest(inbound: InboundMessage, responseTarget: Endpoint): RequestDisposition {
    this.#assertOpen();
    const request = inbound.message;
    if (request.type !== 'request') {
      throw new TransactionError('SIP_TXN_WRONG_MESSAGE_TYPE', 'receiveRequest() was given a response');
    }
    const match = serverMatch(request);
    const existing = this.#findServer(match, request);
    if (existing) {
      if (existing.kind === 'ist') {
        const disposition = existing.receiveRequest(request);
        if (disposition === 'ack-to-tu') return { kind: 'ack', request, transaction: existing };
        return { kind: 'absorbed', transaction: existing };
      }
      existing.receiveRequest(request);
      return { kind: 'absorbed', transaction: existing };
    }
    // §17.2.3 / §17.1.1.3: an ACK that matches no transaction acknowledges a 2xx; the TU's.
    if (request.method === 'ACK') return { kind: 'ack', request, transaction: null };

    if (request.method === 'INVITE') {
      const tx = new InviteServerTransaction(this.#ctx, match.key, request, responseTarget);
      this.#fileServer(match, tx);
      tx.start();
      return { kind: 'new', transaction: tx };
    }
    const tx = new NonInviteServerTransaction(this.#ctx, match.key, request, responseTarget);
    this.#fileServer(match, tx);
    tx.start();
    if (request.method === 'CANCEL') {
      // §9.2: "the transaction for the original request is found by matching the CANCEL against
      // server transactions using the procedures of Section 17.2.3 … [but] the CANCEL request's
      // method is to be treated as INVITE".
      const target = this.#findServer(serverMatch(request, 'INVITE'), request);
      return { kind: 'cancel', transaction: tx, cancels: target?.kind === 'ist' ? target : null };
    }
    return { kind: 'new', transaction: tx };
  }

  /** Terminates every transaction (cancelling their timers) and refuses new ones. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const all: (ClientTransaction | ServerTransaction)[] = [...this.#clients.values(), ...this.#servers3261.values()];
    for (const list of this.#servers2543.values()) all.push(...list);
    for (const tx of all) tx.terminate();
  }

  #assertOpen(): void {
    if (this.#closed) throw new TransactionError('SIP_TXN_CLOSED', 'the transaction layer is closed');
  }

  #findServer(match: ServerMatch, request: SipRequest): ServerTransaction | undefined {
    if (match.scheme === 'rfc3261') return this.#servers3261.get(match.key);
    return this.#servers2543.get(match.key)?.find((tx) => {
      // §17.2.3: an RFC 2543 ACK matches "if … the To tag of the ACK matches the To tag of the
      // response sent by the server transaction"; any other request by the To tag of the request
      // that created the transaction.
      if (request.method === 'ACK' && tx.kind === 'ist') {
        return match.toTag === tagOf(tx.finalResponse?.to ?? tx.request.to);
      }
      return match.toTag === tagOf(tx.request.to);
    });
  }

  #fileServer(match: ServerMatch, tx: ServerTransaction): void {
    if (match.scheme === 'rfc3261') {
      this.#servers3261.set(match.key, tx);
    } else {
      const list = this.#servers2543.get(match.key);
      if (list) list.push(tx);
      else this.#servers2543.set(match.key, [tx]);
    }
    this.#serverCount++;
  }

  #remove(tx: TransactionIdentity): void {
    if (tx.kind === 'ict' || tx.kind === 'nict') {
      if (this.#clients.get(tx.id) === tx) this.#clients.delete(tx.id);
      return;
    }
    if (this.#servers3261.get(tx.id) === tx) {
      this.#servers3261.delete(tx.id);
      this.#serverCount--;
      return;
    }
    const list = this.#servers2543.get(tx.id);
    const at = list?.findIndex((t) => t === tx) ?? -1;
    if (list && at >= 0) {
      list.splice(at, 1);
      if (list.length === 0) this.#servers2543.delete(tx.id);
      this.#serverCount--;
    }
  }
}
