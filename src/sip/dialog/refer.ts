/**
 * The REFER subscription, RFC 3515 §2.4.4-2.4.5, from the referrer's side: after 202 the peer
 * reports the progress of the referred call in NOTIFY bodies of type message/sipfrag, whose first
 * line is a status line ("SIP/2.0 200 OK"). A final status (≥200) or "Subscription-State:
 * terminated" settles the outcome; silence for 64*T1 settles it as unknown (no NOTIFY came).
 */
import type { Clock, TimerHandle } from '../../util/clock.js';

export interface ReferOutcome {
  /** The REFER itself was accepted (202). */
  accepted: boolean;
  /** Final status of the referred call as the sipfrag reported it; null when none was reported. */
  status: number | null;
  reason?: string;
}

/** The status code of a message/sipfrag body's first line (RFC 3420), or null. */
export function sipfragStatus(body: Buffer): number | null {
  const firstLine = body.toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  const m = /^SIP\/2\.0\s+(\d{3})\b/i.exec(firstLine.trim());
  return m ? Number(m[1]) : null;
}

export class ReferSubscription {
  readonly outcome: Promise<ReferOutcome>;
  #resolve!: (o: ReferOutcome) => void;
  #timer: TimerHandle | null = null;
  #last: number | null = null;
  #settled = false;
  readonly #clock: Clock;
  readonly #waitMs: number;

  constructor(clock: Clock, waitMs: number) {
    this.#clock = clock;
    this.#waitMs = waitMs;
    this.outcome = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** The REFER got its 2xx: wait for NOTIFYs. */
  accepted(_status: number): void {
    this.#timer = this.#clock.setTimer(this.#waitMs, () => this.#settle());
  }

  notify(fragStatus: number | null, terminated: boolean): void {
    if (fragStatus !== null) this.#last = fragStatus;
    if (terminated || (fragStatus !== null && fragStatus >= 200)) this.#settle();
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#timer?.cancel();
    this.#resolve({ accepted: true, status: this.#last });
  }
}
