/**
 * The non-INVITE client transaction: RFC 3261 §17.1.2, Figure 6.
 *
 *                          |Request from TU
 *                          |send request
 *      Timer E             V
 *      send request  +-----------+
 *          +---------|  Trying   |-------------+
 *          +-------->|           |             |  Timer F or Transport Err.
 *                    +-----------+             |  inform TU
 *        200-699        |  |                   |
 *        resp. to TU    |  |1xx resp. to TU    |
 *      +----------------+  |                   |
 *      |   Timer E         V       Timer F     |
 *      |   send req  +-----------+ or Transp.  |
 *      |  +----------| Proceeding|-------------+
 *      |  +--------->|           |-----+       |
 *      |             +-----------+1xx  |       |
 *      |              |      ^ resp to TU      |
 *      | 200-699      |      +--------+        |
 *      | resp. to TU  |                        |
 *      V              V                        |
 *   +-----------+                              |
 *   | Completed |  Timer K fires               V
 *   +-----------+------------------------> Terminated
 */
import type { SipRequest, SipResponse } from '../message/index.js';
import type { Endpoint } from '../transport/index.js';
import { Transaction, type MachineTable, type TransactionContext } from './transaction.js';
import type { ClientTransactionUser } from './types.js';

export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';
type NonInviteClientTimer = 'E' | 'F' | 'K';

const table: MachineTable<NonInviteClientState, NonInviteClientTimer> = {
  initial: 'trying',
  allowed: {
    trying: ['proceeding', 'completed', 'terminated'],
    proceeding: ['completed', 'terminated'],
    completed: ['terminated'],
    terminated: [],
  },
  timers: {
    trying: ['E', 'F'],
    // §17.1.2.2: Timer E keeps retransmitting in "Proceeding" (at T2), and Timer F keeps running.
    proceeding: ['E', 'F'],
    completed: ['K'],
    terminated: [],
  },
};

export class NonInviteClientTransaction extends Transaction<NonInviteClientState, NonInviteClientTimer, ClientTransactionUser> {
  readonly kind = 'nict' as const;

  constructor(ctx: TransactionContext, id: string, request: SipRequest, target: Endpoint, user: ClientTransactionUser) {
    super(ctx, table, id, request, target, user);
  }

  /** Sends the request and arms the timers of "Trying". Called once by the layer. */
  start(): void {
    this.send(this.request);
    this.onEnter('trying');
  }

  /** A response whose top Via branch and CSeq method matched this transaction (§17.1.3). */
  receiveResponse(response: SipResponse): void {
    switch (this.state) {
      case 'trying':
      case 'proceeding':
        if (response.status < 200) {
          // §17.1.2.2: "If a provisional response is received while in the 'Trying' state, the
          // response MUST be passed to the TU, and then the client transaction SHOULD move to the
          // 'Proceeding' state." In "Proceeding", provisionals are passed up as well.
          this.callUser((u) => u.receiveResponse(response));
          if (this.state === 'trying') this.transition('proceeding');
        } else {
          // §17.1.2.2: "If a final response (status codes 200-699) is received while in the
          // 'Trying' state [or 'Proceeding'], the response MUST be passed to the TU, and the
          // client transaction MUST transition to the 'Completed' state."
          this.callUser((u) => u.receiveResponse(response));
          this.transition('completed');
        }
        return;
      case 'completed':
        // §17.1.2.2: the "Completed" state exists "to buffer any additional response
        // retransmissions that may be received"; they are absorbed.
      case 'terminated':
        return;
    }
  }

  protected onEnter(state: NonInviteClientState): void {
    const d = this.durations;
    switch (state) {
      case 'trying':
        // §17.1.2.2: "If an unreliable transport is in use, the client transaction MUST set timer
        // E to fire in T1 seconds." "… the client transaction MUST set timer F to fire in 64*T1
        // seconds."
        if (d.E !== null) this.#armTimerE(d.E);
        this.startTimer('F', d.F, () => {
          // §17.1.2.2: "If Timer F fires while the client transaction is still in the 'Trying'
          // state, the client transaction SHOULD inform the TU about the timeout, and then it
          // SHOULD enter the 'Terminated' state." (Likewise in "Proceeding".)
          this.callUser((u) => u.onTimeout());
          this.transition('terminated');
        });
        return;
      case 'completed':
        // §17.1.2.2: "Once the client transaction enters the 'Completed' state, it MUST set Timer
        // K to fire in T4 seconds for unreliable transports, and zero seconds for reliable
        // transports." "If Timer K fires while in this state, the client transaction MUST
        // transition to the 'Terminated' state."
        this.startTimer('K', d.K, () => this.transition('terminated'));
        return;
      case 'proceeding':
      case 'terminated':
        return;
    }
  }

  /**
   * §17.1.2.2: "If timer E fires while still in this state [Trying], the timer is reset, but this
   * time with a value of MIN(2*T1, T2). When the timer fires again, it is reset to a MIN(4*T1,
   * T2)." "If Timer E fires while in the 'Proceeding' state, the request MUST be passed to the
   * transport layer for retransmission, and Timer E MUST be reset with a value of T2 seconds."
   */
  #armTimerE(interval: number): void {
    this.timers.start('E', interval, () => {
      this.send(this.request);
      const next = this.state === 'proceeding' ? this.durations.T2 : Math.min(interval * 2, this.durations.T2);
      this.#armTimerE(next);
    });
  }
}
