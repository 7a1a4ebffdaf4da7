/**
 * One subscription we serve as notifier, RFC 6665 §4.2: the dialog its SUBSCRIBE formed, its
 * expiry, refreshes and unsubscription by SUBSCRIBE within the dialog (§4.2.1.2, §4.2.1.4), and
 * the NOTIFY requests that carry the state (§4.2.2). NOTIFYs go one at a time through client
 * transactions; while one is outstanding, newer state replaces any queued one (every NOTIFY of a
 * state package such as message-summary carries the whole state, so only the newest matters).
 *
 *   active ──SUBSCRIBE (refresh)──▶ active (NOTIFY)
 *     │ SUBSCRIBE Expires: 0, expiry, close()
 *     ▼
 *   terminating (final NOTIFY "terminated" outstanding) ──any answer──▶ terminated
 *     ▲ 481, 408 or no answer to a NOTIFY (§4.2.2) goes straight to terminated
 */
import { createResponse, formatNameAddr, parseHeaderParams } from '../message/index.js';
import type { SipRequest } from '../message/index.js';
import type { ServerTransaction } from '../transaction/index.js';
import type { Endpoint } from '../transport/index.js';
import type { TimerHandle } from '../../util/clock.js';
import { ALLOWED_METHODS, KNOWN_UNSUPPORTED_METHODS } from '../ua/capabilities.js';
import { dialogKey, type Dialog } from './dialog.js';
import { SessionError } from './inviteSession.js';
import type { SubscriptionLimits } from './limits.js';
import type { DialogUser, SessionHost } from './sessionHost.js';

export type SubscriptionState = 'active' | 'terminating' | 'terminated';

const allowed: Record<SubscriptionState, readonly SubscriptionState[]> = {
  active: ['terminating', 'terminated'],
  terminating: ['terminated'],
  terminated: [],
};

/** RFC 6665 §4.1.3: the reason codes of "Subscription-State: terminated" that we send. */
export type TerminationReason = 'timeout' | 'deactivated' | 'noresource';

export type SubscriptionEndReason =
  | 'unsubscribed' // SUBSCRIBE with Expires: 0 (or a fetch)
  | 'expired' // not refreshed in time
  | 'notify-failed' // 481, 408 or no answer to a NOTIFY
  | 'shutdown'; // close()

/** The Event header: package name (lower case) and the id parameter (RFC 6665 §8.2.1). */
export interface EventHeader {
  package: string;
  id: string | null;
}

const TOKEN = /^[A-Za-z0-9!%*_+`'~.-]+$/;

/** Reads `Event: package;id=…`; null when absent or malformed. */
export function parseEventHeader(value: string | undefined): EventHeader | null {
  if (value === undefined) return null;
  const semi = value.indexOf(';');
  const name = (semi < 0 ? value : value.slice(0, semi)).trim();
  if (!TOKEN.test(name)) return null;
  try {
    const params = semi < 0 ? new Map<string, string | null>() : parseHeaderParams(value.slice(semi).trim());
    return { package: name.toLowerCase(), id: params.get('id') ?? null };
  } catch {
    return null;
  }
}

export function formatEventHeader(event: EventHeader): string {
  return event.id === null ? event.package : `${event.package};id=${event.id}`;
}

export type ExpiresDecision = { kind: 'granted'; seconds: number } | { kind: 'too-brief' } | { kind: 'bad' };

/**
 * RFC 6665 §4.2.1.1: the duration we grant. No Expires: the package default. Below the minimum
 * (but not 0): 423 with Min-Expires. Above the maximum: shortened ("MAY shorten ... but MUST NOT
 * lengthen"). 0 is an unsubscribe (or, on an initial SUBSCRIBE, a fetch).
 */
export function grantedExpires(request: SipRequest, limits: SubscriptionLimits): ExpiresDecision {
  const value = request.headers.get('Expires');
  if (value === undefined) return { kind: 'granted', seconds: limits.defaultExpires };
  const text = value.trim();
  if (!/^\d{1,10}$/.test(text)) return { kind: 'bad' };
  const seconds = Number(text);
  if (seconds === 0) return { kind: 'granted', seconds: 0 };
  if (seconds < limits.minExpires) return { kind: 'too-brief' };
  return { kind: 'granted', seconds: Math.min(seconds, limits.maxExpires) };
}

export interface SubscriptionSpec {
  event: EventHeader;
  /** User part of the SUBSCRIBE's Request-URI: whose state this is (a mailbox extension). */
  resourceUser: string;
  contentType: string;
  /** Seconds granted by the initial SUBSCRIBE (0: a fetch, one terminated NOTIFY). */
  expires: number;
  /** The current state, for the first NOTIFY and those after a refresh. */
  body(): Buffer;
  /** Where the SUBSCRIBE came from: the connection hint for our NOTIFYs. */
  peer: Endpoint;
  limits: SubscriptionLimits;
}

interface Notification {
  final: TerminationReason | null;
  body: Buffer;
}

const quietUser = { onTimeout: () => undefined, onTransportError: () => undefined };

export class NotifierSubscription implements DialogUser {
  readonly dialog: Dialog;
  readonly event: EventHeader;
  readonly resourceUser: string;
  /** Called once when the subscription is over (the owner forgets it). */
  onEnded: ((reason: SubscriptionEndReason) => void) | null = null;
  #state: SubscriptionState = 'active';
  #endReason: SubscriptionEndReason | null = null;
  readonly #host: SessionHost;
  readonly #spec: SubscriptionSpec;
  #expiresAt: number;
  #expiry: TimerHandle | null = null;
  #sending = false;
  #queued: Notification | null = null;
  readonly #done: Promise<void>;
  #resolveDone!: () => void;

  constructor(host: SessionHost, dialog: Dialog, spec: SubscriptionSpec) {
    this.#host = host;
    this.dialog = dialog;
    this.#spec = spec;
    this.event = spec.event;
    this.resourceUser = spec.resourceUser;
    this.#expiresAt = host.clock.now() + spec.expires * 1000;
    this.#done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
  }

  get state(): SubscriptionState {
    return this.#state;
  }

  get endReason(): SubscriptionEndReason | null {
    return this.#endReason;
  }

  /** Resolves once the subscription is over and its last NOTIFY answered (or given up). */
  get done(): Promise<void> {
    return this.#done;
  }

  /** Seconds left, rounded up (what "Subscription-State: active;expires=" says). */
  get remainingSeconds(): number {
    return Math.max(0, Math.ceil((this.#expiresAt - this.#host.clock.now()) / 1000));
  }

  /**
   * Files the dialog and sends the first NOTIFY: RFC 6665 §4.2.2 has the notifier send a NOTIFY
   * with the current state at once after accepting or refreshing a subscription.
   */
  start(): void {
    this.#host.registered(dialogKey(this.dialog.id), this);
    if (this.#spec.expires === 0) {
      this.#terminate('timeout', 'unsubscribed');
      return;
    }
    this.#armExpiry();
    this.#queue({ final: null, body: this.#currentBody() });
  }

  /** New state to report (notifySubscribers): false when the subscription is no longer active. */
  notify(body: Buffer): boolean {
    if (this.#state !== 'active') return false;
    this.#queue({ final: null, body });
    return true;
  }

  /** Ends the subscription with a final NOTIFY (RFC 6665 §4.2.2); resolves when it was answered. */
  close(reason: TerminationReason = 'deactivated'): Promise<void> {
    if (this.#state === 'active') this.#terminate(reason, 'shutdown');
    return this.#done;
  }

  /** A request within the subscription's dialog (§12.2.2); only SUBSCRIBE belongs here. */
  receiveRequest(request: SipRequest, tx: ServerTransaction): void {
    tx.attach(quietUser);
    if (this.#state !== 'active') return this.#respond(request, tx, 481);
    if (!this.dialog.acceptRemoteCSeq(request.cseq.seq)) return this.#respond(request, tx, 500);
    if (request.method !== 'SUBSCRIBE') {
      const known = ([...ALLOWED_METHODS, ...KNOWN_UNSUPPORTED_METHODS] as readonly string[]).includes(request.method);
      return this.#respond(request, tx, known ? 405 : 501, [['Allow', ALLOWED_METHODS.join(', ')]]);
    }
    const event = parseEventHeader(request.headers.get('Event'));
    // RFC 6665 §4.2.1.2 / §8.2.1: a refresh names the same package and id as the subscription.
    if (!event || event.package !== this.event.package || event.id !== this.event.id) {
      return this.#respond(request, tx, 489, [['Allow-Events', this.event.package]]);
    }
    const expires = grantedExpires(request, this.#spec.limits);
    if (expires.kind === 'bad') return this.#respond(request, tx, 400, [['Warning', '399 openum "Expires is not a number of seconds"']]);
    if (expires.kind === 'too-brief') return this.#respond(request, tx, 423, [['Min-Expires', String(this.#spec.limits.minExpires)]]);
    // A refresh may carry a new Contact: SUBSCRIBE is a target refresh request (RFC 6665, §12.2).
    this.dialog.refreshTarget(request);
    this.#respond(request, tx, 200, [['Expires', String(expires.seconds)], ['Contact', formatNameAddr(this.#host.contact(this.#spec.peer.transport))]]);
    if (expires.seconds === 0) {
      // RFC 6665 §4.2.1.4: unsubscribing ends with a NOTIFY whose state is "terminated".
      this.#terminate('timeout', 'unsubscribed');
      return;
    }
    this.#expiresAt = this.#host.clock.now() + expires.seconds * 1000;
    this.#armExpiry();
    this.#queue({ final: null, body: this.#currentBody() });
  }

  toJSON(): Record<string, unknown> {
    return { event: formatEventHeader(this.event), resourceUser: this.resourceUser, state: this.#state, remainingSeconds: this.remainingSeconds, callId: this.dialog.id.callId };
  }

  #currentBody(): Buffer {
    try {
      return this.#spec.body();
    } catch (err) {
      this.#host.logger.warn({ callId: this.dialog.id.callId, err: String(err) }, 'subscription body() threw: NOTIFY without a body');
      return Buffer.alloc(0);
    }
  }

  #armExpiry(): void {
    this.#expiry?.cancel();
    this.#expiry = this.#host.clock.setTimer(this.#expiresAt - this.#host.clock.now(), () => {
      // RFC 6665 §4.1.3 "timeout": "The subscription has been terminated because it was not refreshed before it expired."
      this.#host.logger.info({ callId: this.dialog.id.callId, resourceUser: this.resourceUser }, 'subscription expired');
      this.#terminate('timeout', 'expired');
    });
  }

  #terminate(reason: TerminationReason, why: SubscriptionEndReason): void {
    if (this.#state !== 'active') return;
    this.#transition('terminating');
    this.#endReason = why;
    this.#expiry?.cancel();
    this.#queued = { final: reason, body: this.#currentBody() };
    void this.#pump();
  }

  #queue(notification: Notification): void {
    this.#queued = notification;
    void this.#pump();
  }

  /** Sends the queued NOTIFY when none is outstanding. */
  async #pump(): Promise<void> {
    if (this.#sending || !this.#queued || this.#state === 'terminated') return;
    const n = this.#queued;
    this.#queued = null;
    this.#sending = true;
    // RFC 6665 §4.1.3: "active" with the seconds left, or "terminated" with a reason.
    const state = n.final === null ? `active;expires=${this.remainingSeconds}` : `terminated;reason=${n.final}`;
    let status: number | null = null;
    try {
      const { response } = await this.#host.requestInDialog(this.dialog, 'NOTIFY', this.#spec.peer, {
        headers: [['Event', formatEventHeader(this.event)], ['Subscription-State', state]],
        body: n.body,
        contentType: this.#spec.contentType,
      });
      status = response.status;
    } catch (err) {
      this.#host.logger.info({ callId: this.dialog.id.callId, err: String(err) }, 'NOTIFY not answered');
    }
    this.#sending = false;
    if (n.final !== null) return this.#finish();
    // RFC 6665 §4.2.2: a NOTIFY that times out (Timer F) or gets 481 removes the subscription;
    // RFC 3261 §12.2.1.2 ends the dialog on 408 and 481 alike.
    if (status === null || status === 408 || status === 481) {
      if (this.#state === 'active') this.#endReason = 'notify-failed';
      this.#queued = null;
      return this.#finish();
    }
    void this.#pump();
  }

  #respond(request: SipRequest, tx: ServerTransaction, status: number, headers: Array<readonly [string, string]> = []): void {
    tx.respond(createResponse(request, status, undefined, { toTag: this.dialog.id.localTag, headers }));
  }

  #transition(to: SubscriptionState): void {
    if (!allowed[this.#state].includes(to)) throw new SessionError('SIP_SESSION_BAD_STATE', `subscription ${this.dialog.id.callId} cannot go from ${this.#state} to ${to}`);
    this.#state = to;
  }

  #finish(): void {
    if (this.#state === 'terminated') return;
    this.#transition('terminated');
    this.#expiry?.cancel();
    if (this.dialog.state !== 'terminated') this.dialog.transition('terminated');
    this.#host.released(dialogKey(this.dialog.id));
    this.#resolveDone();
    try {
      this.onEnded?.(this.#endReason ?? 'notify-failed');
    } catch (err) {
      this.#host.logger.warn({ callId: this.dialog.id.callId, err: String(err) }, 'subscription onEnded threw');
    }
  }
}
