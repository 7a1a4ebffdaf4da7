/**
 * The INVITE server transaction: RFC 3261 §17.2.1, Figure 7, with the "Accepted" state of
 * RFC 6026 §7.1 (the TU, i.e. the dialog layer, retransmits its 2xx itself, §13.3.1.4).
 *
 *                               |INVITE
 *                               |pass INV to TU
 *            INVITE             V send 100 if TU won't in 200 ms
 *            send response+-----------+
 *                +--------|           |--------+ 101-199 from TU
 *                |        |Proceeding |        | send response
 *                +------->|           |<-------+
 *                         |           |          Transport Err.
 *                         |           |          Inform TU
 *                         |           |---------------------------->+
 *                         +-----------+                             |
 *            300-699 from TU |     |2xx from TU                     |
 *            send response   |     |send response                   |
 *                            |     +------------------>+            |
 *            INVITE          V          Timer G fires  |  INVITE    |
 *            send response+-----------+ send response  |  -         |
 *                +--------|           |--------+       V  +-----+   |
 *                |        | Completed |        |  +----------+  |   |
 *                +------->|           |<-------+  | Accepted |<-+   |
 *                         +-----------+           +----------+      |
 *                            |    |   ACK / -      | 2xx from TU: send
 *                            |    |   Timer H /    | ACK: to TU     |
 *                            |    |   inform TU    | Timer L        |
 *                            |    V                V                |
 *                            | +-----------+   +------------+       |
 *                            | | Confirmed |-->| Terminated |<------+
 *                            | +-----------+ I +------------+
 *                            +-------------------->^ Timer H, Transport Err.
 */
import type { SipRequest, SipResponse } from '../message/index.js';
import type { Endpoint } from '../transport/index.js';
import { buildTrying } from './messages.js';
import { Transaction, type MachineTable, type TransactionContext } from './transaction.js';
import type { ServerTransactionUser } from './types.js';

export type InviteServerState = 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';
/** `Trying` is the unnamed 200 ms of §17.2.1 after which the transaction sends 100 itself. */
type InviteServerTimer = 'Trying' | 'G' | 'H' | 'I' | 'L';

const table: MachineTable<InviteServerState, InviteServerTimer> = {
  initial: 'proceeding',
  allowed: {
    proceeding: ['accepted', 'completed', 'terminated'],
    accepted: ['terminated'],
    completed: ['confirmed', 'terminated'],
    confirmed: ['terminated'],
    terminated: [],
  },
  timers: {
    proceeding: ['Trying'],
    accepted: ['L'],
    completed: ['G', 'H'],
    confirmed: ['I'],
    terminated: [],
  },
};

/** What the layer does with a request that matched this transaction. */
export type InviteServerDisposition = 'absorbed' | 'ack-to-tu';

export class InviteServerTransaction extends Transaction<InviteServerState, InviteServerTimer, ServerTransactionUser> {
  readonly kind = 'ist' as const;
  #lastProvisional: SipResponse | null = null;
  #lastFinal: SipResponse | null = null;

  constructor(ctx: TransactionContext, id: string, request: SipRequest, responseTarget: Endpoint) {
    super(ctx, table, id, request, responseTarget, null);
  }

  /** Where this transaction's responses go (§18.2.2), as given to `receiveRequest`. */
  get responseTarget(): Endpoint {
    return this.peer;
  }

  /** The last final response the TU passed (its To tag identifies the ACK, §17.2.3). */
  get finalResponse(): SipResponse | null {
    return this.#lastFinal;
  }

  /** The UA core attaches itself right after `receiveRequest` returned this transaction. */
  attach(user: ServerTransactionUser): void {
    this.setUser(user);
  }

  /** Arms the timers of "Proceeding" (the automatic 100). Called once by the layer. */
  start(): void {
    this.onEnter('proceeding');
  }

  /** A response from the TU for this INVITE. */
  respond(response: SipResponse): void {
    this.checkStatus(response.status);
    const status = response.status;
    switch (this.state) {
      case 'proceeding':
        this.timers.cancel('Trying');
        if (status < 200) {
          // §17.2.1: "The TU passes any number of provisional responses to the server
          // transaction. So long as the server transaction is in the 'Proceeding' state, each of
          // these MUST be passed to the transport layer for transmission."
          this.#lastProvisional = response;
          this.send(response);
        } else if (status < 300) {
          // RFC 6026 §8.5: "If, while in the 'Proceeding' state, the TU passes a 2xx response to
          // the server transaction, the server transaction MUST pass this response to the
          // transport layer for transmission … The server transaction MUST then transition to
          // the 'Accepted' state."
          this.#lastFinal = response;
          this.send(response);
          this.transition('accepted');
        } else {
          // §17.2.1: "While in the 'Proceeding' state, if the TU passes a response with status
          // code from 300 to 699 to the server transaction, the response MUST be passed to the
          // transport layer for transmission, and the state machine MUST enter the 'Completed'
          // state."
          this.#lastFinal = response;
          this.send(response);
          this.transition('completed');
        }
        return;
      case 'accepted':
        // RFC 6026 §8.7: "Any retransmission of the 2xx response passed from the TU to the
        // transaction while in the 'Accepted' state MUST be passed to the transport layer".
        if (status >= 200 && status < 300) this.send(response);
        else this.#discard(response);
        return;
      case 'completed':
      case 'confirmed':
      case 'terminated':
        this.#discard(response);
        return;
    }
  }

  /** A retransmitted INVITE, or an ACK, that matched this transaction (§17.2.3). */
  receiveRequest(request: SipRequest): InviteServerDisposition {
    if (request.method === 'ACK') return this.#receiveAck();
    switch (this.state) {
      case 'proceeding':
        // §17.2.1: "If a request retransmission is received while in the 'Proceeding' state, the
        // most recent provisional response that was received from the TU MUST be passed to the
        // transport layer for retransmission."
        if (this.#lastProvisional) this.send(this.#lastProvisional);
        return 'absorbed';
      case 'completed':
        // §17.2.1: "while in the 'Completed' state, if a request retransmission is received, the
        // server SHOULD pass the response to the transport for retransmission."
        if (this.#lastFinal) this.send(this.#lastFinal);
        return 'absorbed';
      case 'accepted':
        // RFC 6026 §8.7: "The server transaction MUST NOT pass any retransmitted INVITE to the
        // TU while in the 'Accepted' state" — the TU retransmits its 2xx on its own schedule.
      case 'confirmed':
      case 'terminated':
        return 'absorbed';
    }
  }

  #receiveAck(): InviteServerDisposition {
    switch (this.state) {
      case 'completed':
        // §17.2.1: "If an ACK is received while the server transaction is in the 'Completed'
        // state, the server transaction MUST transition to the 'Confirmed' state."
        this.transition('confirmed');
        return 'absorbed';
      case 'accepted':
        // RFC 6026 §8.7: "If an ACK is received while the INVITE server transaction is in the
        // 'Accepted' state, then the ACK must be passed up to the TU."
        return 'ack-to-tu';
      case 'proceeding':
      case 'confirmed':
      case 'terminated':
        // §17.2.1: in "Confirmed" the transaction absorbs "any additional ACK messages,
        // triggered from retransmissions of the final response". An ACK before any final
        // response acknowledges nothing and is dropped.
        return 'absorbed';
    }
  }

  protected onEnter(state: InviteServerState): void {
    const d = this.durations;
    switch (state) {
      case 'proceeding':
        // §17.2.1: "The server transaction MUST generate a 100 (Trying) response unless it knows
        // that the TU will generate a provisional or final response within 200 ms".
        if (d.trying !== null) {
          this.startTimer('Trying', d.trying, () => {
            this.#lastProvisional = buildTrying(this.request);
            this.send(this.#lastProvisional);
          });
        }
        return;
      case 'accepted':
        // RFC 6026 §8.7: "Timer L … MUST be set to fire in 64*T1 seconds" on entering
        // "Accepted"; "If Timer L fires while the INVITE server transaction is in the 'Accepted'
        // state, the transaction MUST transition to the 'Terminated' state."
        this.startTimer('L', d.L, () => this.transition('terminated'));
        return;
      case 'completed':
        // §17.2.1: "When the 'Completed' state is entered, timer H MUST be set to fire in 64*T1
        // seconds for all transports. Timer H determines when the server transaction abandons
        // retransmitting the response. If an unreliable transport is being used, timer G is set
        // to fire in T1 seconds, and is not set to fire for reliable transports."
        if (d.G !== null) this.#armTimerG(d.G);
        this.startTimer('H', d.H, () => {
          // §17.2.1: "If timer H fires while in the 'Completed' state, it implies that the ACK
          // was never received. In this case, the server transaction MUST transition to the
          // 'Terminated' state, and MUST indicate to the TU that a transaction failure has
          // occurred."
          this.callUser((u) => u.onTimeout());
          this.transition('terminated');
        });
        return;
      case 'confirmed':
        // §17.2.1: "When this state is entered, timer I is set to fire in T4 seconds for
        // unreliable transports, and zero seconds for reliable transports. Once timer I fires,
        // the server MUST transition to the 'Terminated' state."
        this.startTimer('I', d.I, () => this.transition('terminated'));
        return;
      case 'terminated':
        return;
    }
  }

  /**
   * RFC 6026 Figure 5 keeps "Accepted" on a transport error (the TU is told; INVITE
   * retransmissions are still absorbed until Timer L). Elsewhere §17.2.4 applies: terminate.
   */
  protected override onTransportFailure(err: Error): void {
    if (this.state === 'accepted') this.callUser((u) => u.onTransportError(err));
    else super.onTransportFailure(err);
  }

  /**
   * §17.2.1: "If timer G fires, the response is passed to the transport layer once more for
   * retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds. From then on, when timer
   * G fires, the response is passed to the transport again for transmission, and timer G is reset
   * with a value that doubles, unless that value exceeds T2, in which case it is reset with the
   * value of T2."
   */
  #armTimerG(interval: number): void {
    this.timers.start('G', interval, () => {
      if (this.#lastFinal) this.send(this.#lastFinal);
      this.#armTimerG(Math.min(interval * 2, this.durations.T2));
    });
  }

  #discard(response: SipResponse): void {
    this.log.debug({ transaction: this.id, state: this.state, status: response.status }, 'response from TU discarded');
  }
}
