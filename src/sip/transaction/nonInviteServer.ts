/**
 * The non-INVITE server transaction: RFC 3261 §17.2.2, Figure 8.
 *
 *                           |Request received
 *                           |pass to TU
 *                           V
 *                     +-----------+
 *                     |  Trying   |-------------+
 *                     +-----------+             |
 *      200-699 from TU   |  |1xx from TU        |
 *      send response     |  |send response      |
 *      +-----------------+  V                   |
 *      |  Request       +-----------+           |
 *      |  send response | Proceeding|<-+ 1xx from TU
 *      |  +-------------|           |--+ send response
 *      |  +------------>+-----------+           |
 *      |   200-699 from TU |  Transport Err.    |
 *      |   send response   |  Inform TU         |
 *      V                   V                    |
 *   +-----------+                               |
 *   | Completed |<-+ Request: send response     |
 *   +-----------+--+                            |
 *         | Timer J fires                       |
 *         V                                     |
 *   +-----------+      Transport Err. Inform TU |
 *   | Terminated|<------------------------------+
 *   +-----------+
 */
import type { SipRequest, SipResponse } from '../message/index.js';
import type { Endpoint } from '../transport/index.js';
import { Transaction, type MachineTable, type TransactionContext } from './transaction.js';
import type { ServerTransactionUser } from './types.js';

export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';
type NonInviteServerTimer = 'J';

const table: MachineTable<NonInviteServerState, NonInviteServerTimer> = {
  initial: 'trying',
  allowed: {
    trying: ['proceeding', 'completed', 'terminated'],
    proceeding: ['completed', 'terminated'],
    completed: ['terminated'],
    terminated: [],
  },
  timers: {
    trying: [],
    proceeding: [],
    completed: ['J'],
    terminated: [],
  },
};

export class NonInviteServerTransaction extends Transaction<NonInviteServerState, NonInviteServerTimer, ServerTransactionUser> {
  readonly kind = 'nist' as const;
  #lastResponse: SipResponse | null = null;

  constructor(ctx: TransactionContext, id: string, request: SipRequest, responseTarget: Endpoint) {
    super(ctx, table, id, request, responseTarget, null);
  }

  /** Where this transaction's responses go (§18.2.2), as given to `receiveRequest`. */
  get responseTarget(): Endpoint {
    return this.peer;
  }

  /** The UA core attaches itself right after `receiveRequest` returned this transaction. */
  attach(user: ServerTransactionUser): void {
    this.setUser(user);
  }

  /** Nothing to arm in "Trying"; present for symmetry with the other machines. */
  start(): void {
    this.onEnter('trying');
  }

  /** A response from the TU for this request. */
  respond(response: SipResponse): void {
    this.checkStatus(response.status);
    switch (this.state) {
      case 'trying':
      case 'proceeding':
        this.#lastResponse = response;
        this.send(response);
        if (response.status < 200) {
          // §17.2.2: "While in the 'Trying' state, if the TU passes a provisional response to the
          // server transaction, the server transaction MUST enter the 'Proceeding' state. The
          // response MUST be passed to the transport layer for transmission. Any further
          // provisional responses that are received from the TU while in the 'Proceeding' state
          // MUST be passed to the transport layer for transmission."
          if (this.state === 'trying') this.transition('proceeding');
        } else {
          // §17.2.2: "If the TU passes a final response (status codes 200-699) to the server
          // while in the 'Proceeding' state [or 'Trying'], the transaction MUST enter the
          // 'Completed' state, and the response MUST be passed to the transport layer for
          // transmission."
          this.transition('completed');
        }
        return;
      case 'completed':
        // §17.2.2: "Any other final responses passed by the TU to the server transaction MUST be
        // discarded while in the 'Completed' state."
      case 'terminated':
        this.log.debug({ transaction: this.id, state: this.state, status: response.status }, 'response from TU discarded');
        return;
    }
  }

  /** A retransmission of the request that matched this transaction (§17.2.3). */
  receiveRequest(_request: SipRequest): 'absorbed' {
    switch (this.state) {
      case 'trying':
        // §17.2.2: "Once in the 'Trying' state, any further request retransmissions are
        // discarded."
        return 'absorbed';
      case 'proceeding':
        // §17.2.2: "If a retransmission of the request is received while in the 'Proceeding'
        // state, the most recently sent provisional response MUST be passed to the transport
        // layer for retransmission."
      case 'completed':
        // §17.2.2: "While in the 'Completed' state, the server transaction MUST pass the final
        // response to the transport layer for retransmission whenever a retransmission of the
        // request is received."
        if (this.#lastResponse) this.send(this.#lastResponse);
        return 'absorbed';
      case 'terminated':
        return 'absorbed';
    }
  }

  protected onEnter(state: NonInviteServerState): void {
    if (state === 'completed') {
      // §17.2.2: "When the server transaction enters the 'Completed' state, it MUST set Timer J
      // to fire in 64*T1 seconds for unreliable transports, and zero seconds for reliable
      // transports." "The server transaction remains in this state until Timer J fires, at which
      // point it MUST transition to the 'Terminated' state."
      this.startTimer('J', this.durations.J, () => this.transition('terminated'));
    }
  }
}
