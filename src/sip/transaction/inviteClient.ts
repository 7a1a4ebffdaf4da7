/**
 * The INVITE client transaction: RFC 3261 §17.1.1, Figure 5, with the "Accepted" state of
 * RFC 6026 §7.2 (a 2xx no longer terminates the transaction at once).
 *
 *                         |INVITE from TU
 *       Timer A fires     |INVITE sent            Timer B fires
 *       Reset A,          V                       or Transport Err.
 *       INVITE sent +-----------+                 inform TU
 *         +---------|  Calling  |-------------------------------+
 *         +-------->|           |-----------+                   |
 *                   +-----------+ 2xx       |                   |
 *            300-699   |  |       2xx to TU |                   |
 *            ACK sent  |  |1xx              |                   |
 *       +--------------+  |1xx to TU        |                   |
 *       |                 V                 V                   |
 *       |           +-----------+  2xx  +-----------+ 2xx to TU |
 *       |           |Proceeding |------>| Accepted  |<--+       |
 *       |           +-----------+to TU  +-----------+---+       |
 *       |  300-699 ACK sent |                 | Timer M fires   |
 *       V  resp. to TU      V                 V                 |
 *   +-----------+ 300-699 ACK sent        +------------+        |
 *   | Completed |<-+                      | Terminated |<-------+
 *   +-----------+--+                      +------------+
 *        | Timer D fires, or transport error: inform TU  ^
 *        +-----------------------------------------------+
 */
import type { SipRequest, SipResponse } from '../message/index.js';
import type { Endpoint } from '../transport/index.js';
import { buildNon2xxAck } from './messages.js';
import { Transaction, type MachineTable, type TransactionContext } from './transaction.js';
import type { ClientTransactionUser } from './types.js';

export type InviteClientState = 'calling' | 'proceeding' | 'accepted' | 'completed' | 'terminated';
type InviteClientTimer = 'A' | 'B' | 'D' | 'M';

const table: MachineTable<InviteClientState, InviteClientTimer> = {
  initial: 'calling',
  allowed: {
    calling: ['proceeding', 'accepted', 'completed', 'terminated'],
    proceeding: ['accepted', 'completed', 'terminated'],
    accepted: ['terminated'],
    completed: ['terminated'],
    terminated: [],
  },
  timers: {
    calling: ['A', 'B'],
    proceeding: [],
    accepted: ['M'],
    completed: ['D'],
    terminated: [],
  },
};

export class InviteClientTransaction extends Transaction<InviteClientState, InviteClientTimer, ClientTransactionUser> {
  readonly kind = 'ict' as const;
  /** The ACK this transaction sent for a non-2xx final response, resent on each retransmission. */
  #ack: SipRequest | null = null;

  constructor(ctx: TransactionContext, id: string, request: SipRequest, target: Endpoint, user: ClientTransactionUser) {
    super(ctx, table, id, request, target, user);
  }

  /** Sends the INVITE and arms the timers of "Calling". Called once by the layer. */
  start(): void {
    this.send(this.request);
    this.onEnter('calling');
  }

  /** A response whose top Via branch and CSeq method matched this transaction (§17.1.3). */
  receiveResponse(response: SipResponse): void {
    const status = response.status;
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        if (status < 200) {
          // §17.1.1.2: "If the client transaction receives a provisional response while in the
          // 'Calling' state, it transitions to the 'Proceeding' state. … Furthermore, the
          // provisional response MUST be passed to the TU. Any further provisional responses MUST
          // be passed up to the TU while in the 'Proceeding' state."
          if (this.state === 'calling') this.transition('proceeding');
          this.callUser((u) => u.receiveResponse(response));
        } else if (status < 300) {
          // RFC 6026 §8.4: "If a 2xx response is received while the client INVITE state machine is
          // in the 'Calling' or 'Proceeding' states, it MUST transition to the 'Accepted' state,
          // pass the 2xx response to the TU, and set Timer M to 64*T1."
          this.callUser((u) => u.receiveResponse(response));
          this.transition('accepted');
        } else {
          // §17.1.1.2: "When in either the 'Calling' or 'Proceeding' states, reception of a
          // response with status code from 300-699 MUST cause the client transaction to
          // transition to 'Completed'. The client transaction MUST pass the received response up
          // to the TU, and the client transaction MUST generate an ACK request".
          this.#ack = buildNon2xxAck(this.request, response);
          this.send(this.#ack);
          this.callUser((u) => u.receiveResponse(response));
          this.transition('completed');
        }
        return;
      case 'accepted':
        // RFC 6026 §8.4: "A 2xx response received while in the 'Accepted' state MUST be passed to
        // the TU and MUST NOT generate an ACK." Anything else is discarded.
        if (status >= 200 && status < 300) this.callUser((u) => u.receiveResponse(response));
        return;
      case 'completed':
        // §17.1.1.2: "Any retransmissions of the final response that are received while in the
        // 'Completed' state MUST cause the ACK to be re-passed to the transport layer for
        // retransmission, but the newly received response MUST NOT be passed up to the TU."
        if (status >= 300 && this.#ack) this.send(this.#ack);
        return;
      case 'terminated':
        return;
    }
  }

  protected onEnter(state: InviteClientState): void {
    const d = this.durations;
    switch (state) {
      case 'calling':
        // §17.1.1.2: "If an unreliable transport is being used, the client transaction MUST start
        // timer A with a value of T1. … For any transport, the client transaction MUST start
        // timer B with a value of 64*T1 seconds".
        if (d.A !== null) this.#armTimerA(d.A);
        this.startTimer('B', d.B, () => {
          // §17.1.1.2: "If the client transaction is still in the 'Calling' state when timer B
          // fires, the client transaction SHOULD inform the TU that a timeout has occurred."
          this.callUser((u) => u.onTimeout());
          this.transition('terminated');
        });
        return;
      case 'completed':
        // §17.1.1.2: "The client transaction SHOULD start timer D when it enters the 'Completed'
        // state, with a value of at least 32 seconds for unreliable transports, and a value of
        // zero seconds for reliable transports."
        this.startTimer('D', d.D, () => this.transition('terminated'));
        return;
      case 'accepted':
        // RFC 6026 §8.4: "If timer M fires while the client transaction is in the 'Accepted'
        // state, the client transaction MUST move to the 'Terminated' state."
        this.startTimer('M', d.M, () => this.transition('terminated'));
        return;
      case 'proceeding':
      case 'terminated':
        return;
    }
  }

  /**
   * §17.1.1.2: "When timer A fires, the client transaction MUST retransmit the request by passing
   * it to the transport layer, and MUST reset the timer with a value of 2*T1." (doubling each time,
   * with no T2 cap for INVITE).
   */
  #armTimerA(interval: number): void {
    this.timers.start('A', interval, () => {
      this.send(this.request);
      this.#armTimerA(interval * 2);
    });
  }
}
