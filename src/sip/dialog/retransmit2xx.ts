/**
 * RFC 3261 §13.3.1.4: the UAS core, not the transaction, makes a 2xx to INVITE reliable. "The 2xx
 * response is passed to the transport with an interval that starts at T1 seconds and doubles for
 * each retransmission until it reaches T2 seconds. Response retransmissions cease when an ACK
 * request for the response is received." This is done whatever the transport, since hops beyond
 * a TCP peer may be UDP. "If the server retransmits the 2xx response for 64*T1 seconds without
 * receiving an ACK", the session is given up (the owner sends BYE).
 */
import type { Clock, TimerHandle } from '../../util/clock.js';

export type RetransmitState = 'waiting-ack' | 'acknowledged' | 'gave-up' | 'stopped';

export class TwoXxRetransmitter {
  #state: RetransmitState = 'waiting-ack';
  #timerG: TimerHandle | null = null;
  #timerH: TimerHandle | null = null;
  #interval: number;
  readonly #clock: Clock;
  readonly #t2: number;
  readonly #send: () => void;
  #sent = 0;

  constructor(clock: Clock, timers: { t1: number; t2: number }, send: () => void, onGiveUp: () => void) {
    this.#clock = clock;
    this.#t2 = timers.t2;
    this.#interval = timers.t1;
    this.#send = send;
    this.#armG();
    this.#timerH = clock.setTimer(64 * timers.t1, () => {
      if (this.#state !== 'waiting-ack') return;
      this.#finish('gave-up');
      onGiveUp();
    });
  }

  get state(): RetransmitState {
    return this.#state;
  }

  /** How many retransmissions were sent (the first transmission is not counted). */
  get retransmissions(): number {
    return this.#sent;
  }

  acknowledge(): void {
    if (this.#state === 'waiting-ack') this.#finish('acknowledged');
  }

  stop(): void {
    if (this.#state === 'waiting-ack') this.#finish('stopped');
  }

  #armG(): void {
    this.#timerG = this.#clock.setTimer(this.#interval, () => {
      if (this.#state !== 'waiting-ack') return;
      this.#sent++;
      this.#send();
      this.#interval = Math.min(this.#interval * 2, this.#t2);
      this.#armG();
    });
  }

  #finish(state: RetransmitState): void {
    this.#state = state;
    this.#timerG?.cancel();
    this.#timerH?.cancel();
    this.#timerG = null;
    this.#timerH = null;
  }
}
