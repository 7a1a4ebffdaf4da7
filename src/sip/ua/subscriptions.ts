/**
 * The notifier side of SIP events in the UA core, RFC 6665 §4.2.1.1: a SUBSCRIBE outside any
 * dialog is checked (Event package, Accept, Expires, resource, Contact), put to the application's
 * onSubscribe hook, and on acceptance answered 200 with Expires and Contact; its dialog becomes a
 * NotifierSubscription that sends the first NOTIFY at once. The manager also fans new state out to
 * the subscribers of a resource (notifySubscribers) and ends every subscription on close.
 */
import {
  DEFAULT_SUBSCRIPTION_LIMITS,
  Dialog,
  grantedExpires,
  NotifierSubscription,
  parseEventHeader,
  type SessionHost,
  type SubscriptionLimits,
} from '../dialog/index.js';
import { createResponse, formatNameAddr, formatUri, newTag } from '../message/index.js';
import type { SipRequest, SipUri } from '../message/index.js';
import type { ServerTransaction } from '../transaction/index.js';
import type { Endpoint } from '../transport/index.js';
import { EVENT_PACKAGES } from './capabilities.js';
import type { TrustedPeer } from './trust.js';
import type { UaLogger } from './userAgent.js';

/** What the application is asked about a new subscription. */
export interface SubscribeRequest {
  /** Event package, lower case (e.g. 'message-summary'). */
  event: string;
  /** User part of the Request-URI: the mailbox extension for message-summary. */
  resourceUser: string;
  /** The subscriber's From URI. */
  from: string;
  /** Seconds we grant (after clamping). */
  expires: number;
}

export type SubscribeDecision =
  | { accept: true; body(): Buffer; contentType?: string }
  | { accept: false; status: 403 | 404 | 489 };

export type SubscribeHandler = (request: SubscribeRequest, peer: TrustedPeer) => SubscribeDecision;

export interface SubscriptionManagerOptions {
  host: SessionHost;
  logger: UaLogger;
  limits?: Partial<SubscriptionLimits>;
  handler?: SubscribeHandler | null;
}

const ALLOW_EVENTS = Object.keys(EVENT_PACKAGES).join(', ');

export class SubscriptionManager {
  readonly #host: SessionHost;
  readonly #log: UaLogger;
  readonly #limits: SubscriptionLimits;
  readonly #subscriptions = new Set<NotifierSubscription>();
  #handler: SubscribeHandler | null;

  constructor(options: SubscriptionManagerOptions) {
    this.#host = options.host;
    this.#log = options.logger;
    this.#limits = { ...DEFAULT_SUBSCRIPTION_LIMITS, ...options.limits };
    this.#handler = options.handler ?? null;
  }

  get size(): number {
    return this.#subscriptions.size;
  }

  setHandler(handler: SubscribeHandler | null): void {
    this.#handler = handler;
  }

  subscriptions(): NotifierSubscription[] {
    return [...this.#subscriptions];
  }

  /** RFC 6665 §4.2.1.1: a SUBSCRIBE outside any dialog, from a trusted peer. Never throws. */
  receiveSubscribe(request: SipRequest, tx: ServerTransaction, source: Endpoint, peer: TrustedPeer): void {
    const log = this.#log.child({ callId: request.callId });
    const answer = (status: number, headers: Array<readonly [string, string]> = []): void => {
      log.info({ status }, 'SUBSCRIBE refused');
      tx.respond(createResponse(request, status, undefined, { toTag: newTag(), headers }));
    };
    const event = parseEventHeader(request.headers.get('Event'));
    if (!event) return answer(400, [['Warning', '399 openum "SUBSCRIBE needs one Event header naming a package"']]);
    // RFC 6665 §4.2.1.1: a package the notifier does not understand gets 489 Bad Event.
    const contentType = EVENT_PACKAGES[event.package];
    if (contentType === undefined || !this.#handler) return answer(489, [['Allow-Events', ALLOW_EVENTS]]);
    if (!accepts(request, contentType)) return answer(406, [['Accept', contentType]]);
    const expires = grantedExpires(request, this.#limits);
    if (expires.kind === 'bad') return answer(400, [['Warning', '399 openum "Expires is not a number of seconds"']]);
    if (expires.kind === 'too-brief') return answer(423, [['Min-Expires', String(this.#limits.minExpires)]]);
    const resourceUser = request.uri.scheme === 'sip' || request.uri.scheme === 'sips' ? (request.uri as SipUri).user : null;
    if (!resourceUser) return answer(404);
    if (this.#subscriptions.size >= this.#limits.maxSubscriptions) {
      log.warn({ subscriptions: this.#subscriptions.size }, 'subscription limit reached');
      return answer(503, [['Retry-After', '300']]);
    }
    const localTag = newTag();
    let dialog: Dialog;
    try {
      // §12.1.1 (RFC 6665 §4.2.1.1): the 200 to SUBSCRIBE forms a dialog like a 2xx to INVITE.
      dialog = Dialog.forUas(request, localTag, source.transport === 'TLS' && request.uri.scheme === 'sips');
    } catch (err) {
      return answer(400, [['Warning', `399 openum "${(err instanceof Error ? err.message : String(err)).replace(/["\\\r\n]/g, ' ')}"`]]);
    }
    let decision: SubscribeDecision;
    try {
      decision = this.#handler({ event: event.package, resourceUser, from: formatUri(request.from.uri), expires: expires.seconds }, peer);
    } catch (err) {
      log.warn({ err: String(err) }, 'onSubscribe failed: 500');
      return answer(500);
    }
    if (!decision.accept) return answer(decision.status, decision.status === 489 ? [['Allow-Events', ALLOW_EVENTS]] : []);

    tx.respond(createResponse(request, 200, undefined, {
      toTag: localTag,
      headers: [['Expires', String(expires.seconds)], ['Contact', formatNameAddr(this.#host.contact(source.transport))]],
    }));
    const subscription = new NotifierSubscription(this.#host, dialog, {
      event,
      resourceUser,
      contentType: decision.contentType ?? contentType,
      expires: expires.seconds,
      body: decision.body,
      peer: source,
      limits: this.#limits,
    });
    this.#subscriptions.add(subscription);
    subscription.onEnded = (reason) => {
      this.#subscriptions.delete(subscription);
      log.info({ reason, resourceUser }, 'subscription ended');
    };
    log.info({ event: event.package, resourceUser, expires: expires.seconds, gateway: peer.name }, 'subscription accepted');
    subscription.start();
  }

  /** New state for one resource: a NOTIFY to each of its active subscriptions. Returns how many. */
  notify(event: string, resourceUser: string, body: Buffer): number {
    const pkg = event.toLowerCase();
    let sent = 0;
    for (const s of this.#subscriptions) {
      if (s.event.package === pkg && s.resourceUser === resourceUser && s.notify(body)) sent++;
    }
    return sent;
  }

  /** Ends every subscription with a final NOTIFY ("deactivated": the subscriber may re-subscribe). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#subscriptions].map((s) => s.close('deactivated')));
  }
}

/** RFC 6665 §4.2.1.1 / RFC 3261 §21.4.7: an Accept that excludes the package's body type gets 406. */
function accepts(request: SipRequest, contentType: string): boolean {
  if (!request.headers.has('Accept')) return true;
  const [type] = contentType.split('/');
  return request.headers.getAll('Accept')
    .flatMap((v) => v.split(','))
    .map((v) => v.split(';')[0]!.trim().toLowerCase())
    .some((t) => t === contentType || t === `${type}/*` || t === '*/*');
}
