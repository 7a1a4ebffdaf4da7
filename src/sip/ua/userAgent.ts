/**
 * The user agent core (RFC 3261 §8.2 UAS behaviour, §12.2.2, §9.2): every message from the
 * transport lands here. Requests from sources that are not configured gateways are dropped or
 * refused the same way whatever they ask for; trusted requests are validated, filed with the
 * transaction layer, and routed to a dialog, to OPTIONS, to the notifier (SUBSCRIBE, RFC 6665),
 * or to the application as a new call. It also originates calls (invite(), §13.2) and NOTIFYs.
 */
import type { Clock } from '../../util/clock.js';
import { addressList, dialogKey, InviteSession } from '../dialog/index.js';
import type { ClientInviteSession, DialogUser, SessionLogger, SessionTimerPolicy, SubscriptionLimits } from '../dialog/index.js';
import { createResponse, newTag, formatUri, validateRequestSemantics } from '../message/index.js';
import type { SipRequest } from '../message/index.js';
import { TransactionLayer, type InviteServerTransaction, type ServerTransaction, type TimerValues } from '../transaction/index.js';
import { responseTarget } from '../transport/index.js';
import type { Endpoint, InboundMessage, MessageSender } from '../transport/index.js';
import { ALLOWED_METHODS, capabilityHeaders, KNOWN_UNSUPPORTED_METHODS, SUPPORTED_EXTENSIONS } from './capabilities.js';
import { DialogHost } from './dialogHost.js';
import { OutgoingCall, type OutgoingCallOptions } from './outgoingCall.js';
import { answerForParseError } from './parseErrors.js';
import { SubscriptionManager, type SubscribeHandler } from './subscriptions.js';
import type { TrustedPeer, TrustedPeers } from './trust.js';
import { UacCore, UacError, type SentBy } from './uac.js';
import { sendUnsolicitedNotify, type UnsolicitedNotifyOptions } from './unsolicitedNotify.js';

export interface UaLogger extends SessionLogger {
  child(bindings: Record<string, unknown>): UaLogger;
}

export interface IncomingCallContext {
  /** The configured gateway the INVITE came from. */
  peer: TrustedPeer;
}

export interface UserAgentOptions {
  transport: MessageSender & SentBy & { sendRaw(data: Buffer, target: Endpoint): Promise<void> };
  clock: Clock;
  logger: UaLogger;
  trusted: TrustedPeers;
  /** What an untrusted source gets: nothing (drop) or 403 (reject). */
  untrusted: 'drop' | 'reject';
  /** Concurrent calls before new INVITEs get 503 (overload). */
  maxCalls: number;
  /** Retry-After seconds in the 503 (RFC 3261 §20.33). */
  retryAfterSeconds?: number;
  /** Server / User-Agent product token. */
  product: string;
  timers?: Partial<TimerValues>;
  sessionTimer: SessionTimerPolicy;
  /** A new call: the application answers, rejects or redirects it. */
  onInvite(session: InviteSession, context: IncomingCallContext): void;
  /** A new subscription (RFC 6665): accept with the state's body, or refuse. Without it, SUBSCRIBE gets 489. */
  onSubscribe?: SubscribeHandler;
  subscriptionLimits?: Partial<SubscriptionLimits>;
}

export class UserAgent {
  readonly layer: TransactionLayer;
  readonly uac: UacCore;
  readonly #options: UserAgentOptions;
  readonly #log: UaLogger;
  readonly #host: DialogHost;
  /** Dialog usages (calls either way, subscriptions) by dialog key (§12: Call-ID + local tag + remote tag). */
  readonly #dialogs = new Map<string, DialogUser>();
  /** Sessions by their INVITE server transaction, for CANCEL (§9.2). */
  readonly #byInvite = new Map<InviteServerTransaction, InviteSession>();
  /** Every live session (pending, accepted or confirmed). */
  readonly #sessions = new Set<InviteSession>();
  /** Outgoing calls not yet answered, and those answered and not over. */
  readonly #outgoing = new Map<OutgoingCall, Promise<unknown>>();
  readonly #clientSessions = new Set<ClientInviteSession>();
  readonly #subscriptions: SubscriptionManager;
  #closed = false;

  constructor(options: UserAgentOptions) {
    this.#options = options;
    this.#log = options.logger;
    this.layer = new TransactionLayer({ sender: options.transport, clock: options.clock, ...(options.timers ? { timers: options.timers } : {}), logger: options.logger });
    this.uac = new UacCore(this.layer);
    this.#host = new DialogHost({
      clock: options.clock,
      timers: { t1: this.layer.timers.T1, t2: this.layer.timers.T2 },
      sessionTimer: options.sessionTimer,
      logger: options.logger,
      sender: options.transport,
      sentBy: options.transport,
      uac: this.uac,
      registered: (key, user) => this.#dialogs.set(key, user),
      released: (key) => {
        if (key !== null) this.#dialogs.delete(key);
      },
    });
    this.#subscriptions = new SubscriptionManager({
      host: this.#host,
      logger: options.logger,
      handler: options.onSubscribe ?? null,
      ...(options.subscriptionLimits ? { limits: options.subscriptionLimits } : {}),
    });
  }

  /** Calls that are ringing, answered or up. */
  get activeCalls(): number {
    return this.#sessions.size;
  }

  sessions(): InviteSession[] {
    return [...this.#sessions];
  }

  /** Answered outgoing calls that are not over. */
  clientSessions(): ClientInviteSession[] {
    return [...this.#clientSessions];
  }

  /** Subscriptions being served (RFC 6665 notifier). */
  get subscriptionCount(): number {
    return this.#subscriptions.size;
  }

  /**
   * An outgoing call (RFC 3261 §13.2): resolves with the answered session once its 2xx is ACKed;
   * rejects with UacError SIP_UAC_REJECTED (.status, .reason), SIP_UAC_TIMEOUT (Timer B),
   * SIP_UAC_TRANSPORT, SIP_UAC_CANCELLED (options.signal aborted) or SIP_UAC_BAD_OPTIONS.
   */
  invite(options: OutgoingCallOptions): Promise<ClientInviteSession> {
    if (this.#closed) return Promise.reject(new UacError('SIP_UAC_TRANSPORT', 'the user agent is closed'));
    try {
      const call = new OutgoingCall({
        uac: this.uac,
        host: this.#host,
        sentBy: this.#options.transport,
        clock: this.#options.clock,
        t1: this.layer.timers.T1,
        product: this.#options.product,
        logger: this.#log,
        track: (session) => {
          this.#clientSessions.add(session);
          session.signal.addEventListener('abort', () => {
            this.#clientSessions.delete(session);
            this.#log.info({ callId: session.callId, reason: session.endReason }, 'outgoing call ended');
          });
        },
      }, options);
      const running = call.run();
      const forget = (): void => void this.#outgoing.delete(call);
      this.#outgoing.set(call, running.then(forget, forget));
      return running;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Sets (or removes) the application's SUBSCRIBE hook. */
  setSubscribeHandler(handler: SubscribeHandler | null): void {
    this.#subscriptions.setHandler(handler);
  }

  /** New state of `resourceUser` for `event`: NOTIFY to each subscriber. Returns how many were notified. */
  notifySubscribers(event: string, resourceUser: string, body: Buffer): number {
    if (this.#closed) return 0;
    return this.#subscriptions.notify(event, resourceUser, body);
  }

  /**
   * A NOTIFY outside any subscription (unsolicited MWI to a gateway): resolves with the final
   * status; rejects with UacError on timeout, transport failure or bad options.
   */
  sendNotify(options: UnsolicitedNotifyOptions): Promise<number> {
    if (this.#closed) return Promise.reject(new UacError('SIP_UAC_TRANSPORT', 'the user agent is closed'));
    return sendUnsolicitedNotify({ uac: this.uac, sentBy: this.#options.transport, product: this.#options.product }, options);
  }

  /** A message from the transport (TransportManager.onMessage). Never throws. */
  receive(inbound: InboundMessage): void {
    if (this.#closed) return;
    try {
      if (inbound.message.type === 'response') this.#receiveResponse(inbound);
      else this.#receiveRequest(inbound, inbound.message);
    } catch (err) {
      this.#log.warn({ callId: inbound.message.callId, err: String(err) }, 'error while handling a SIP message');
    }
  }

  /** A message the transport could not parse or frame (TransportManager.onParseError). */
  parseError(err: unknown, raw: Buffer, source: Endpoint): void {
    const trusted = this.#options.trusted.match(source.address) !== undefined;
    this.#log.info({ source: `${source.address}:${source.port}`, bytes: raw.length, trusted, err: err instanceof Error ? err.message : String(err) }, 'malformed SIP message');
    if (!trusted || this.#closed) return;
    const answer = answerForParseError(err, source, this.#options.product);
    if (answer) void this.#options.transport.sendRaw(answer.data, answer.target).catch(() => undefined);
  }

  /**
   * Ends every call (BYE, or 503 for pending ones; BYE to answered outgoing calls, CANCEL to
   * ringing ones), ends every subscription with a final NOTIFY, and stops the transaction layer.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    for (const call of this.#outgoing.keys()) call.abandon();
    const ending = [
      ...this.#outgoing.values(),
      ...[...this.#sessions].map((s) => (s.state === 'pending' ? (s.reject(503), Promise.resolve()) : s.bye('shutdown'))),
      ...[...this.#clientSessions].map((s) => s.bye()),
      this.#subscriptions.close(),
    ];
    // At most 2 s for the BYEs; the guard timer is cleared so it does not hold the process open.
    let guard: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(ending), new Promise((r) => { guard = setTimeout(r, 2000); })]);
    clearTimeout(guard);
    this.#closed = true;
    this.layer.close();
  }

  #receiveResponse(inbound: InboundMessage): void {
    // §8.1.3.3: "If more than one Via header field value is present in a response, the UAC SHOULD
    // discard the message" (it was meant for someone else; RFC 4475 §3.3.7 bcast).
    if (inbound.message.via.length > 1) {
      this.#log.debug({ callId: inbound.message.callId, vias: inbound.message.via.length }, 'response with more than one Via: dropped');
      return;
    }
    const result = this.layer.receiveResponse(inbound);
    if (result.kind !== 'unmatched') return;
    const response = result.response;
    // §13.2.2.4: a 2xx to our INVITE retransmitted after its transaction ended still gets an ACK.
    if (response.cseq.method === 'INVITE' && response.status >= 200 && response.status < 300) {
      const localTag = response.from.params.get('tag');
      const remoteTag = response.to.params.get('tag');
      const user = localTag && remoteTag ? this.#dialogs.get(dialogKey({ callId: response.callId, localTag, remoteTag })) : undefined;
      if (user?.receive2xx) return user.receive2xx(response);
    }
    this.#log.debug({ callId: response.callId, status: response.status }, 'response matches no transaction: dropped');
  }

  #receiveRequest(inbound: InboundMessage, request: SipRequest): void {
    const peer = this.#options.trusted.match(inbound.source.address);
    if (!peer && this.#options.untrusted === 'drop') {
      this.#logUntrusted(inbound, request, 'dropped');
      return;
    }
    const disposition = this.layer.receiveRequest(inbound, responseTarget(request.via[0]!, inbound.source));
    switch (disposition.kind) {
      case 'absorbed':
        return;
      case 'ack':
        if (peer) this.#dialogOf(request)?.receiveAck?.(request);
        return;
      case 'cancel': {
        const tx = disposition.transaction;
        tx.attach(quietUser);
        if (!peer) return this.#refuse(inbound, request, tx);
        const session = disposition.cancels ? this.#byInvite.get(disposition.cancels) : undefined;
        // §9.2: 200 to the CANCEL when it matched an INVITE transaction, else 481. "The To tag of
        // the response to the CANCEL and the To tag in the response to the original request
        // SHOULD be the same"; §8.2.6.2: a UAS adds a To tag to its responses.
        tx.respond(createResponse(request, disposition.cancels ? 200 : 481, undefined, { toTag: session?.localTag ?? newTag() }));
        session?.cancelled();
        return;
      }
      case 'new':
        if (!peer) {
          disposition.transaction.attach(quietUser);
          return this.#refuse(inbound, request, disposition.transaction);
        }
        this.#newRequest(inbound, request, disposition.transaction, peer);
    }
  }

  #logUntrusted(inbound: InboundMessage, request: SipRequest, action: string): void {
    this.#log.warn({ security: 'untrusted-source', source: `${inbound.source.address}:${inbound.source.port}`, method: request.method, callId: request.callId, action }, 'request from a source that is not a configured gateway');
  }

  /** `sip.untrusted: reject`: 403 for anything but ACK, whatever the Request-URI names. */
  #refuse(inbound: InboundMessage, request: SipRequest, tx: ServerTransaction): void {
    this.#logUntrusted(inbound, request, 'rejected');
    tx.respond(createResponse(request, 403, undefined, { toTag: newTag() }));
  }

  #newRequest(inbound: InboundMessage, request: SipRequest, tx: ServerTransaction, peer: TrustedPeer): void {
    const problem = validateRequestSemantics(request, { supportedExtensions: SUPPORTED_EXTENSIONS });
    if (problem) {
      tx.attach(quietUser);
      this.#log.info({ callId: request.callId, code: problem.code, detail: problem.detail }, 'request refused');
      tx.respond(createResponse(request, problem.status, problem.reasonPhrase, {
        toTag: newTag(),
        headers: problem.unsupported ? [['Unsupported', problem.unsupported.join(', ')]] : [],
      }));
      return;
    }
    // §12.2.2: a request with a To tag belongs to a dialog; unknown dialogs get 481.
    if (request.to.params.get('tag')) {
      const session = this.#dialogOf(request);
      if (session) return session.receiveRequest(request, tx);
      tx.attach(quietUser);
      tx.respond(createResponse(request, 481));
      return;
    }
    tx.attach(quietUser);
    switch (request.method) {
      case 'INVITE':
        return this.#newCall(inbound, request, tx as InviteServerTransaction, peer);
      case 'OPTIONS':
        // §11.2: the answer to OPTIONS lists what we can do; gateways use it as a health probe.
        tx.respond(createResponse(request, 200, undefined, { toTag: newTag(), headers: [...capabilityHeaders, ['Server', this.#options.product]] }));
        return;
      case 'SUBSCRIBE':
        return this.#subscriptions.receiveSubscribe(request, tx, inbound.source, peer);
      case 'BYE':
      case 'INFO':
      case 'UPDATE':
      case 'NOTIFY':
        tx.respond(createResponse(request, 481, undefined, { toTag: newTag() }));
        return;
      default: {
        // §8.2.1: 405 for a method we know but do not serve, 501 for one we do not know.
        const known = (KNOWN_UNSUPPORTED_METHODS as readonly string[]).includes(request.method);
        tx.respond(createResponse(request, known ? 405 : 501, undefined, { toTag: newTag(), headers: [['Allow', ALLOWED_METHODS.join(', ')]] }));
      }
    }
  }

  #newCall(inbound: InboundMessage, request: SipRequest, tx: InviteServerTransaction, peer: TrustedPeer): void {
    const log = this.#log.child({ callId: request.callId });
    // Overload protection: refuse before any work, and tell the gateway when to try again.
    if (this.#sessions.size >= this.#options.maxCalls) {
      log.warn({ activeCalls: this.#sessions.size, maxCalls: this.#options.maxCalls }, 'overloaded: INVITE refused with 503');
      tx.respond(createResponse(request, 503, undefined, { toTag: newTag(), headers: [['Retry-After', String(this.#options.retryAfterSeconds ?? 30)]] }));
      return;
    }
    // §8.2.3: a body we cannot read gets 415 with Accept; an Accept that excludes SDP, 406
    // (RFC 4475 §3.3.3 invut, §3.3.15 sdp01).
    const content = contentProblem(request);
    if (content) {
      log.info({ detail: content.detail }, `INVITE refused: ${content.status}`);
      tx.respond(createResponse(request, content.status, undefined, { toTag: newTag(), headers: [['Accept', 'application/sdp']] }));
      return;
    }
    // §8.1.1.8: an INVITE carries exactly one Contact, which becomes the dialog's remote target.
    const contact = contactProblem(request);
    if (contact) {
      log.info({ detail: contact }, 'INVITE refused: 400');
      tx.respond(createResponse(request, 400, undefined, { toTag: newTag(), headers: [['Warning', `399 openum "${contact}"`]] }));
      return;
    }
    const session = new InviteSession(this.#host, request, tx, inbound.source);
    if (session.rejectIfIntervalTooSmall()) return;
    this.#sessions.add(session);
    this.#byInvite.set(tx, session);
    session.signal.addEventListener('abort', () => {
      this.#sessions.delete(session);
      this.#byInvite.delete(tx);
      log.info({ reason: session.endReason }, 'call ended');
    });
    log.info({ from: formatUri(request.from.uri), to: formatUri(request.to.uri), requestUri: formatUri(request.uri), gateway: peer.name }, 'incoming call');
    try {
      this.#options.onInvite(session, { peer });
    } catch (err) {
      log.warn({ err: String(err) }, 'application failed on a new call: 500');
      if (session.state === 'pending') session.reject(500);
    }
  }

  #dialogOf(request: SipRequest): DialogUser | undefined {
    const localTag = request.to.params.get('tag');
    const remoteTag = request.from.params.get('tag');
    if (!localTag || !remoteTag) return undefined;
    return this.#dialogs.get(dialogKey({ callId: request.callId, localTag, remoteTag }));
  }
}

/** Media types of an INVITE we can handle: SDP, or multipart carrying SDP. */
function contentProblem(request: SipRequest): { status: 415 | 406; detail: string } | null {
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (request.body.length > 0 && type !== 'application/sdp' && !type.startsWith('multipart/')) {
    return { status: 415, detail: `body of type "${type || '(none)'}"` };
  }
  const accept = request.headers.getAll('Accept').map((v) => v.split(';')[0]!.trim().toLowerCase());
  // §20.1: an empty Accept means no body is acceptable; we always send SDP in the 200.
  if (request.headers.has('Accept') && !accept.some((t) => t === 'application/sdp' || t === 'application/*' || t === '*/*')) {
    return { status: 406, detail: `Accept: ${accept.join(', ') || '(empty)'}` };
  }
  return null;
}

function contactProblem(request: SipRequest): string | null {
  try {
    const contacts = addressList(request.headers.getAll('Contact'));
    if (contacts.length !== 1) return `INVITE needs exactly one Contact, found ${contacts.length}`;
    return null;
  } catch (err) {
    return err instanceof Error ? err.message.replace(/["\\\r\n]/g, ' ') : 'bad Contact';
  }
}

const quietUser = { onTimeout: () => undefined, onTransportError: () => undefined };
