/**
 * What every transaction machine shares: the guarded `transition(to)` over an allowed-transitions
 * table, the named timers of each state, sending with transport-error reporting (§17.1.4, §17.2.4),
 * and removal from the layer on "Terminated". The four machines are the subclasses.
 */
import { channel } from 'node:diagnostics_channel';
import type { Clock } from '../../util/clock.js';
import type { SipMessage, SipRequest } from '../message/index.js';
import { isReliable, type Endpoint, type MessageSender } from '../transport/index.js';
import { TransactionError } from './errors.js';
import { TimerSet } from './timerSet.js';
import { timersFor, type TimerValues, type TransactionTimers } from './timers.js';
import type { TransactionKind, TransactionLogger, TransactionUserBase } from './types.js';

/** Published on every state change, for metrics and debug logs (STYLE.md §12). */
export const transactionChannel = channel('openum:sip:transaction');

export interface TransactionStateChange {
  id: string;
  kind: TransactionKind;
  callId: string;
  from: string;
  to: string;
}

/** What the layer needs to file a transaction. */
export interface TransactionIdentity {
  readonly id: string;
  readonly kind: TransactionKind;
}

/** What the layer gives each transaction it creates. */
export interface TransactionContext {
  clock: Clock;
  sender: MessageSender;
  logger: TransactionLogger;
  timers: TimerValues;
  /** Called once when the transaction enters "Terminated", so the layer forgets it. */
  removed(transaction: TransactionIdentity): void;
}

/** A state machine's shape: which transitions it allows and which timers each state keeps. */
export interface MachineTable<State extends string, TimerName extends string> {
  initial: State;
  allowed: Readonly<Record<State, readonly State[]>>;
  timers: Readonly<Record<State, readonly TimerName[]>>;
}

export abstract class Transaction<State extends string, TimerName extends string, User extends TransactionUserBase>
  implements TransactionIdentity {
  abstract readonly kind: TransactionKind;
  /** The matching key the layer files this transaction under. */
  readonly id: string;
  /** The request that created the transaction. */
  readonly request: SipRequest;
  /** Where this transaction's messages go (the request target, or the response target). */
  readonly peer: Endpoint;
  readonly reliable: boolean;

  protected readonly timers: TimerSet<TimerName>;
  protected readonly durations: TransactionTimers;
  protected readonly log: TransactionLogger;

  readonly #ctx: TransactionContext;
  readonly #table: MachineTable<State, TimerName>;
  #state: State;
  #user: User | null;

  constructor(
    ctx: TransactionContext,
    table: MachineTable<State, TimerName>,
    id: string,
    request: SipRequest,
    peer: Endpoint,
    user: User | null,
  ) {
    this.#ctx = ctx;
    this.#table = table;
    this.#state = table.initial;
    this.#user = user;
    this.id = id;
    this.request = request;
    this.peer = peer;
    this.reliable = isReliable(peer.transport);
    this.timers = new TimerSet<TimerName>(ctx.clock);
    this.durations = timersFor(ctx.timers, this.reliable);
    this.log = ctx.logger;
  }

  get state(): State {
    return this.#state;
  }

  get isTerminated(): boolean {
    return this.#state === 'terminated';
  }

  /** Number of timers this transaction has armed (0 once terminated). */
  get armedTimers(): number {
    return this.timers.size;
  }

  /** Ends the transaction now, without telling the peer (used by `TransactionLayer.close`). */
  terminate(): void {
    if (!this.isTerminated) this.transition('terminated' as State);
  }

  toJSON(): Record<string, unknown> {
    return { id: this.id, kind: this.kind, state: this.#state, callId: this.request.callId };
  }

  protected setUser(user: User): void {
    this.#user = user;
  }

  /**
   * The one way a machine changes state: checks the table, keeps only the timers the new state
   * uses, then lets the machine arm the timers of the state entered (`onEnter`).
   */
  protected transition(to: State): void {
    const from = this.#state;
    if (!this.#table.allowed[from].includes(to)) {
      throw new TransactionError('SIP_TXN_INVALID_TRANSITION', `${this.kind} ${this.id}: ${from} → ${to} is not allowed`);
    }
    this.#state = to;
    this.timers.retain(this.#table.timers[to]);
    this.log.debug({ transaction: this.id, kind: this.kind, from, to }, 'transaction state');
    if (transactionChannel.hasSubscribers) {
      const change: TransactionStateChange = { id: this.id, kind: this.kind, callId: this.request.callId, from, to };
      transactionChannel.publish(change);
    }
    if (to === 'terminated') {
      this.timers.cancelAll();
      this.#ctx.removed(this);
      this.callUser((u) => u.onTerminated?.());
      return;
    }
    this.onEnter(to);
  }

  /** Arms the timers of the state just entered (and sends what entering it sends). */
  protected abstract onEnter(state: State): void;

  /**
   * Arms `name` for `ms`, or runs `fn` at once when `ms` is 0 (Timers D, I, J and K over reliable
   * transports, Table 4: the transaction goes straight to "Terminated").
   */
  protected startTimer(name: TimerName, ms: number, fn: () => void): void {
    if (ms <= 0) fn();
    else this.timers.start(name, ms, fn);
  }

  /** Passes a message to the transport; a rejection is a transport error (§17.1.4, §17.2.4). */
  protected send(message: SipMessage): void {
    let sent: Promise<void>;
    try {
      sent = this.#ctx.sender.send(message, this.peer);
    } catch (err) {
      sent = Promise.reject(err);
    }
    sent.catch((err: unknown) => {
      const error = err instanceof Error
        ? err
        : new TransactionError('SIP_TXN_TRANSPORT', `transport rejected a send: ${String(err)}`, { cause: err });
      if (this.isTerminated) {
        this.log.debug({ transaction: this.id, err: error.message }, 'transport error after termination');
        return;
      }
      this.log.warn({ transaction: this.id, kind: this.kind, err: error.message }, 'transport error');
      this.onTransportFailure(error);
    });
  }

  /**
   * §17.1.4: "the client transaction SHOULD inform the TU that a transport failure has occurred,
   * and the client transaction SHOULD transition directly to the 'Terminated' state."
   * §17.2.4 says the same for server transactions. Machines may refine (RFC 6026 "Accepted").
   */
  protected onTransportFailure(err: Error): void {
    this.callUser((u) => u.onTransportError(err));
    this.terminate();
  }

  /** Throws SIP_TXN_BAD_STATUS unless 100 <= status <= 699 (§7.2, §21). */
  protected checkStatus(status: number): void {
    if (!Number.isInteger(status) || status < 100 || status > 699) {
      throw new TransactionError('SIP_TXN_BAD_STATUS', `${this.kind} ${this.id}: status ${status} is not a SIP status code (100-699)`);
    }
  }

  /** Calls the user, logging (not rethrowing) its exception so a timer callback never throws. */
  protected callUser(fn: (user: User) => void): void {
    const user = this.#user;
    if (!user) {
      this.log.warn({ transaction: this.id, kind: this.kind }, 'transaction event with no user attached');
      return;
    }
    try {
      fn(user);
    } catch (err) {
      this.log.warn({ transaction: this.id, err: err instanceof Error ? err.message : String(err) }, 'transaction user threw');
    }
  }
}
