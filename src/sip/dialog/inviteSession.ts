/**
 * One incoming call from the SIP side: the INVITE server transaction, then the dialog it forms
 * (RFC 3261 §13.3, §12.1.1), its 2xx retransmissions (§13.3.1.4), the requests within it (§12.2.2,
 * handled in ./inDialog.ts), session timers (RFC 4028), and its end (BYE §15, CANCEL §9.2).
 * The calls/ layer drives it through accept/reject/bye/refer and hears about it through
 * SessionHandlers and `signal`.
 */
import { createResponse, newTag, type ExtraHeaders, formatNameAddr } from '../message/index.js';
import type { SipRequest, SipResponse } from '../message/index.js';
import type { InviteServerTransaction, ServerTransaction } from '../transaction/index.js';
import type { Endpoint } from '../transport/index.js';
import { OpenUmError } from '../../util/errors.js';
import type { TimerHandle } from '../../util/clock.js';
import { Dialog, dialogKey } from './dialog.js';
import { handleInDialogRequest } from './inDialog.js';
import { TwoXxRetransmitter } from './retransmit2xx.js';
import type { SessionHost } from './sessionHost.js';
import { negotiateSessionTimer, parseMinSe, parseSessionExpires, sessionTimerDelays, type SessionTimerDecision } from './sessionTimer.js';
import { ReferSubscription, type ReferOutcome } from './refer.js';

export type SessionState =
  /** INVITE received, no final response yet. */
  | 'pending'
  /** 2xx sent, waiting for its ACK (§13.3.1.4). */
  | 'accepted'
  /** ACK received: the call is up. */
  | 'confirmed'
  | 'terminated';

const allowed: Record<SessionState, readonly SessionState[]> = {
  pending: ['accepted', 'terminated'],
  accepted: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
  terminated: [],
};

export type EndReason =
  | 'rejected' // we answered non-2xx
  | 'cancelled' // CANCEL before the final response (§9.2)
  | 'remote-bye' // the peer hung up
  | 'local-bye' // we hung up
  | 'no-ack' // 2xx never acknowledged (§13.3.1.4)
  | 'session-expired' // RFC 4028 §10
  | 'dialog-gone' // 408/481 to an in-dialog request (§12.2.1.2)
  | 'transport-error'
  | 'shutdown';

export class SessionError extends OpenUmError {
  override readonly name = 'SessionError';
}

/** What the application may answer or observe while the call is up. */
export interface SessionHandlers {
  /** INFO within the dialog (DTMF relay, RFC 2976 usage); returns the status to answer. */
  onInfo?(request: SipRequest): number;
  /**
   * A re-INVITE or UPDATE carrying an offer (or, for re-INVITE, none): returns the answer body,
   * or null to answer 488. Default: the current local SDP (RFC 3264 §8 "no change").
   */
  onOffer?(offer: Buffer | null, request: SipRequest): Buffer | null;
  /** The call ended, for whatever reason. */
  onEnded?(reason: EndReason): void;
}

export interface AcceptOptions extends ExtraHeaders {
  /** SDP answer (or offer, for an INVITE without one). */
  body?: Buffer | string;
  contentType?: string;
}

export class InviteSession {
  readonly invite: SipRequest;
  readonly source: Endpoint;
  readonly localTag = newTag();
  handlers: SessionHandlers = {};
  #state: SessionState = 'pending';
  #dialog: Dialog | null = null;
  readonly #tx: InviteServerTransaction;
  readonly #host: SessionHost;
  readonly #abort = new AbortController();
  readonly #timer: SessionTimerDecision;
  #retransmit: TwoXxRetransmitter | null = null;
  #ack: { resolve: (ack: SipRequest) => void; reject: (err: Error) => void } | null = null;
  #localBody: Buffer = Buffer.alloc(0);
  #localContentType = 'application/sdp';
  #refreshTimer: TimerHandle | null = null;
  #expiryTimer: TimerHandle | null = null;
  #endReason: EndReason | null = null;
  /** An incoming re-INVITE whose 2xx awaits its ACK (§14.2). */
  reinviteInProgress: { cseq: number; retransmit: TwoXxRetransmitter } | null = null;
  /** Our own re-INVITE/UPDATE in progress (glare → 491, §14.2). */
  localOfferInProgress = false;
  /** Our request in progress carries an SDP offer (re-INVITE): an incoming offer then gets 491 (RFC 3311 §5.2). */
  outstandingOffer = false;
  readonly #refers = new Set<ReferSubscription>();

  constructor(host: SessionHost, invite: SipRequest, tx: InviteServerTransaction, source: Endpoint) {
    this.#host = host;
    this.invite = invite;
    this.#tx = tx;
    this.source = source;
    this.#timer = negotiateSessionTimer(
      {
        sessionExpires: parseSessionExpires(invite.headers.get('Session-Expires'))?.interval ?? null,
        refresher: parseSessionExpires(invite.headers.get('Session-Expires'))?.refresher ?? null,
        minSe: parseMinSe(invite.headers.get('Min-SE')),
        uacSupportsTimer: supports(invite, 'timer'),
      },
      host.sessionTimer,
    );
    tx.attach({
      onTimeout: () => this.#end('no-ack'),
      onTransportError: () => this.#end('transport-error'),
    });
  }

  get state(): SessionState {
    return this.#state;
  }

  get dialog(): Dialog | null {
    return this.#dialog;
  }

  get callId(): string {
    return this.invite.callId;
  }

  /** Fires when the call ends for any reason (the caller hung up, CANCEL, timeout, our BYE). */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get endReason(): EndReason | null {
    return this.#endReason;
  }

  get sessionTimer(): SessionTimerDecision {
    return this.#timer;
  }

  get localBody(): Buffer {
    return this.#localBody;
  }

  get localContentType(): string {
    return this.#localContentType;
  }

  /** The session timer demands 422 before anything else (RFC 4028 §8.1). */
  rejectIfIntervalTooSmall(): boolean {
    if (this.#timer.kind !== 'reject') return false;
    this.reject(422, undefined, { headers: [['Min-SE', String(this.#timer.minSe)]] });
    return true;
  }

  /** A provisional response (180 Ringing, 183 Session Progress with early media). */
  provisional(status = 180, extras: ExtraHeaders = {}): void {
    if (this.#state !== 'pending') return;
    const contact = formatNameAddr(this.#host.contact(this.source.transport));
    this.#tx.respond(
      createResponse(this.invite, status, undefined, {
        toTag: this.localTag,
        ...extras,
        headers: [['Contact', contact], ...recordRoutes(this.invite), ...(extras.headers ?? [])],
      }),
    );
  }

  /**
   * §13.3.1.4: answers 2xx, forms the dialog, retransmits the 2xx until the ACK, and resolves
   * with the ACK (whose body carries the answer when the INVITE had no offer, RFC 3264 §4).
   */
  accept(options: AcceptOptions = {}): Promise<SipRequest> {
    this.#transition('accepted');
    const dialog = Dialog.forUas(this.invite, this.localTag, this.source.transport === 'TLS' && this.invite.uri.scheme === 'sips');
    this.#dialog = dialog;
    this.#host.registered(dialogKey(dialog.id), this);
    this.#localBody = toBuffer(options.body);
    if (options.contentType) this.#localContentType = options.contentType;
    const response = this.#answer(this.invite, 200, {
      ...options,
      body: this.#localBody,
      contentType: this.#localContentType,
    });
    this.#tx.respond(response);
    const acked = new Promise<SipRequest>((resolve, reject) => {
      this.#ack = { resolve, reject };
    });
    acked.catch(() => undefined);
    this.#retransmit = new TwoXxRetransmitter(
      this.#host.clock,
      this.#host.timers,
      () => void this.#host.sendDirect(response, this.#tx.responseTarget).catch(() => undefined),
      () => {
        this.#host.logger.warn({ callId: this.callId }, 'no ACK for 2xx within 64*T1: ending the session (RFC 3261 §13.3.1.4)');
        void this.bye('no-ack');
      },
    );
    return acked;
  }

  /** A final non-2xx answer (or 3xx redirect, for a transfer before answer). */
  reject(status: number, reason?: string, extras: ExtraHeaders = {}): void {
    if (this.#state !== 'pending') return;
    if (status < 300) throw new SessionError('SIP_SESSION_BAD_STATUS', `reject() needs a status of 300 or more, got ${status}`);
    this.#tx.respond(createResponse(this.invite, status, reason, { toTag: this.localTag, ...extras }));
    this.#end(status === 487 ? 'cancelled' : 'rejected');
  }

  /** §9.2: the INVITE was cancelled before its final response: 487, the call is over. */
  cancelled(): void {
    if (this.#state === 'pending') this.reject(487);
  }

  /** The ACK for our 2xx (initial or re-INVITE), routed here by the UA core. */
  receiveAck(ack: SipRequest): void {
    if (this.reinviteInProgress && ack.cseq.seq === this.reinviteInProgress.cseq) {
      this.reinviteInProgress.retransmit.acknowledge();
      this.reinviteInProgress = null;
      return;
    }
    if (this.#state !== 'accepted' || ack.cseq.seq !== this.invite.cseq.seq) return;
    this.#retransmit?.acknowledge();
    this.#transition('confirmed');
    this.#dialog?.transition('confirmed');
    this.#armSessionTimer(this.#timer);
    this.#ack?.resolve(ack);
    this.#ack = null;
  }

  /** A request within our dialog (§12.2.2); the UA core found it by its dialog id. */
  receiveRequest(request: SipRequest, tx: ServerTransaction): void {
    handleInDialogRequest(this, request, tx);
  }

  /** Ends the call with BYE (§15.1.1). Resolves once the BYE is answered or has failed. */
  async bye(reason: EndReason = 'local-bye'): Promise<void> {
    if (this.#state === 'pending') {
      this.reject(480);
      return;
    }
    if (this.#state === 'terminated' || !this.#dialog) return;
    const dialog = this.#dialog;
    this.#end(reason);
    try {
      await this.#host.requestInDialog(dialog, 'BYE', this.source);
    } catch (err) {
      this.#host.logger.debug({ callId: this.callId, err: String(err) }, 'BYE not answered');
    }
  }

  /**
   * Blind transfer (RFC 3515): REFER within the dialog; resolves with the outcome the peer reports
   * through NOTIFY sipfrag, or with the REFER's own failure.
   */
  async refer(target: string, extras: ExtraHeaders = {}): Promise<ReferOutcome> {
    const dialog = this.#requireDialog();
    const referredBy = formatNameAddr({ displayName: null, uri: dialog.local.uri, params: new Map() });
    const subscription = new ReferSubscription(this.#host.clock, this.#host.timers.t1 * 64);
    this.#refers.add(subscription);
    try {
      const { response } = await this.#host.requestInDialog(dialog, 'REFER', this.source, {
        ...extras,
        headers: [['Refer-To', `<${target}>`], ['Referred-By', referredBy], ...(extras.headers ?? [])],
      });
      if (response.status >= 300) return { accepted: false, status: response.status, reason: response.reason };
      subscription.accepted(response.status);
      return await subscription.outcome;
    } finally {
      this.#refers.delete(subscription);
    }
  }

  /** NOTIFY for a REFER subscription (RFC 3515 §2.4.4), routed from inDialog.ts. */
  referNotify(fragStatus: number | null, terminated: boolean): void {
    for (const s of this.#refers) s.notify(fragStatus, terminated);
  }

  /** Re-arms the session timer after a refresh (RFC 4028 §10). */
  refreshed(request: SipRequest): SessionTimerDecision {
    const se = parseSessionExpires(request.headers.get('Session-Expires'));
    const decision = negotiateSessionTimer(
      { sessionExpires: se?.interval ?? null, refresher: se?.refresher ?? null, minSe: parseMinSe(request.headers.get('Min-SE')), uacSupportsTimer: supports(request, 'timer') },
      this.#host.sessionTimer,
    );
    if (decision.kind !== 'reject') this.#armSessionTimer(decision);
    return decision;
  }

  /** The host side of this session, for inDialog.ts. */
  get host(): SessionHost {
    return this.#host;
  }

  /** Builds a 2xx (or other) answer carrying Contact, Record-Route, capabilities and timer headers. */
  answerFor(request: SipRequest, status: number, extras: ExtraHeaders, decision: SessionTimerDecision = this.#timer): SipResponse {
    return this.#answer(request, status, extras, decision);
  }

  /** The call ended remotely or by a failure: for inDialog.ts and the UA core. */
  end(reason: EndReason): void {
    this.#end(reason);
  }

  setLocalBody(body: Buffer, contentType = this.#localContentType): void {
    this.#localBody = body;
    this.#localContentType = contentType;
  }

  toJSON(): Record<string, unknown> {
    return { callId: this.callId, state: this.#state, source: `${this.source.address}:${this.source.port}`, endReason: this.#endReason };
  }

  #answer(request: SipRequest, status: number, extras: ExtraHeaders, decision: SessionTimerDecision = this.#timer): SipResponse {
    const headers: Array<readonly [string, string]> = [
      ['Contact', formatNameAddr(this.#host.contact(this.source.transport))],
      ...(request === this.invite ? recordRoutes(request) : []),
      ...capabilityLines(),
    ];
    if (decision.kind === 'active') {
      headers.push(['Session-Expires', `${decision.interval};refresher=${decision.refresher}`]);
      if (decision.requireTimer) headers.push(['Require', 'timer']);
    }
    return createResponse(request, status, undefined, {
      toTag: this.localTag,
      ...extras,
      headers: [...headers, ...(extras.headers ?? [])],
    });
  }

  #armSessionTimer(decision: SessionTimerDecision): void {
    this.#refreshTimer?.cancel();
    this.#expiryTimer?.cancel();
    if (decision.kind !== 'active' || this.#state !== 'confirmed') return;
    const delays = sessionTimerDelays(decision.interval, decision.refresher, 'uas');
    if (delays.refreshAt !== undefined) {
      this.#refreshTimer = this.#host.clock.setTimer(delays.refreshAt, () => void this.#sendRefresh(decision.interval));
    }
    this.#expiryTimer = this.#host.clock.setTimer(delays.expireAt, () => {
      this.#host.logger.info({ callId: this.callId }, 'session timer expired without refresh (RFC 4028 §10): BYE');
      void this.bye('session-expired');
    });
  }

  /** RFC 4028 §7.4 / §9: as refresher we send UPDATE when the peer allows it, else re-INVITE. */
  async #sendRefresh(interval: number): Promise<void> {
    if (this.#state !== 'confirmed' || !this.#dialog || this.localOfferInProgress) return;
    const method = peerAllows(this.invite, 'UPDATE') ? 'UPDATE' : 'INVITE';
    this.localOfferInProgress = true;
    this.outstandingOffer = method === 'INVITE';
    try {
      // RFC 4028 §7.4: "refresher ... set to 'uac' if the element sending the request is currently
      // performing refreshes" (the parameter names a side of this refresh transaction).
      const { response } = await this.#host.requestInDialog(this.#dialog, method, this.source, {
        headers: [['Session-Expires', `${interval};refresher=uac`], ['Supported', 'timer']],
        ...(method === 'INVITE' ? { body: this.#localBody, contentType: this.#localContentType } : {}),
      });
      if (response.status === 408 || response.status === 481) this.#end('dialog-gone');
      else if (response.status < 300) this.#armSessionTimer(refreshOutcome(response.headers.get('Session-Expires')));
    } catch {
      this.#end('dialog-gone');
    } finally {
      this.localOfferInProgress = false;
      this.outstandingOffer = false;
    }
  }

  #requireDialog(): Dialog {
    if (this.#state !== 'confirmed' && this.#state !== 'accepted') throw new SessionError('SIP_SESSION_NOT_ESTABLISHED', `call ${this.callId} is not established`);
    return this.#dialog!;
  }

  #transition(to: SessionState): void {
    if (!allowed[this.#state].includes(to)) throw new SessionError('SIP_SESSION_BAD_STATE', `call ${this.callId} cannot go from ${this.#state} to ${to}`);
    this.#state = to;
  }

  #end(reason: EndReason): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#endReason = reason;
    this.#retransmit?.stop();
    this.reinviteInProgress?.retransmit.stop();
    this.#refreshTimer?.cancel();
    this.#expiryTimer?.cancel();
    if (this.#dialog && this.#dialog.state !== 'terminated') this.#dialog.transition('terminated');
    this.#ack?.reject(new SessionError('SIP_SESSION_ENDED', `call ${this.callId} ended before ACK (${reason})`));
    this.#ack = null;
    for (const s of this.#refers) s.notify(null, true);
    this.#host.released(this.#dialog ? dialogKey(this.#dialog.id) : null);
    this.#abort.abort(reason);
    try {
      this.handlers.onEnded?.(reason);
    } catch (err) {
      this.#host.logger.warn({ callId: this.callId, err: String(err) }, 'onEnded handler threw');
    }
  }
}

import { capabilityHeaders } from '../ua/capabilities.js';

/**
 * RFC 4028 §7.2: the 2xx to our refresh says who refreshes next ("uac" = us, the sender of this
 * refresh, which is the UAS of the dialog) and for how long; without Session-Expires, "there is
 * no session expiration".
 */
function refreshOutcome(value: string | undefined): SessionTimerDecision {
  const se = parseSessionExpires(value);
  if (!se) return { kind: 'none' };
  return { kind: 'active', interval: se.interval, refresher: se.refresher === 'uas' ? 'uac' : 'uas', requireTimer: true };
}

function capabilityLines(): Array<readonly [string, string]> {
  return capabilityHeaders.filter(([name]) => name !== 'Accept');
}

/** §12.1.1: the UAS copies Record-Route into dialog-forming responses, in order. */
function recordRoutes(request: SipRequest): Array<readonly [string, string]> {
  return request.headers.getAll('Record-Route').map((v) => ['Record-Route', v] as const);
}

function optionTags(request: SipRequest, header: string): string[] {
  return request.headers.getAll(header).flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase());
}

function supports(request: SipRequest, tag: string): boolean {
  return optionTags(request, 'Supported').includes(tag) || optionTags(request, 'Require').includes(tag);
}

function peerAllows(request: SipRequest, method: string): boolean {
  return optionTags(request, 'Allow').includes(method.toLowerCase());
}

function toBuffer(body: Buffer | string | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  return Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
}
