/**
 * One outgoing call once it is answered, from the UAC side: the dialog our INVITE's 2xx formed
 * (RFC 3261 §12.1.2), the ACK for that 2xx, sent again for each retransmission of it (§13.2.2.4),
 * the requests the far end sends within the dialog (§12.2.2: BYE §15.1.2, re-INVITE §14.2,
 * UPDATE RFC 3311, INFO RFC 6086, OPTIONS §11.2), and our own BYE (§15.1.1) and INFO.
 * The INVITE transaction before the 2xx (provisional responses, CANCEL, challenges) is the UA
 * core's (sip/ua/outgoingCall.ts); this object exists from the 2xx on.
 */
import { createResponse, formatNameAddr, parseContentType } from '../message/index.js';
import type { SipRequest, SipResponse } from '../message/index.js';
import type { ServerTransaction } from '../transaction/index.js';
import type { Endpoint } from '../transport/index.js';
import { ALLOWED_METHODS, KNOWN_UNSUPPORTED_METHODS } from '../ua/capabilities.js';
import type { Dialog } from './dialog.js';
import { dialogKey } from './dialog.js';
import { SessionError } from './inviteSession.js';
import { TwoXxRetransmitter } from './retransmit2xx.js';
import type { AckResult, DialogUser, SessionHost } from './sessionHost.js';

/** The session exists from the 2xx on: it is up until either side ends it. */
export type ClientSessionState = 'confirmed' | 'terminated';

const allowed: Record<ClientSessionState, readonly ClientSessionState[]> = {
  confirmed: ['terminated'],
  terminated: [],
};

export type ClientEndReason =
  | 'local-bye' // we hung up (bye(), or the UA closing)
  | 'remote-bye' // the far end hung up
  | 'failed'; // §12.2.1.2: 408/481 or no answer to a request in the dialog; 2xx to a re-INVITE never ACKed

export interface ClientSessionHandlers {
  /** INFO from the far end; returns the status to answer (default 200). */
  onInfo?(request: SipRequest): number;
  /**
   * A re-INVITE or UPDATE with an offer (or a re-INVITE without one): the answer body, or null for
   * 488. Default: our original offer, when it has as many m= lines as theirs (RFC 3264 §8).
   */
  onOffer?(offer: Buffer | null, request: SipRequest): Buffer | null;
  onEnded?(reason: ClientEndReason): void;
}

export interface ClientSessionInit {
  /** The INVITE as sent (after any challenge), which the 2xx answers. */
  invite: SipRequest;
  /** The first 2xx from this dialog's peer. */
  response: SipResponse;
  dialog: Dialog;
  /** The ACK already sent for that 2xx, and where it went. */
  ack: AckResult;
  /** Where the INVITE went: the connection hint for requests in the dialog. */
  peer: Endpoint;
}

const quietUser = { onTimeout: () => undefined, onTransportError: () => undefined };

/** m= lines of an SDP body (an answer must keep the offer's count and order, RFC 3264 §6). */
function mediaLines(sdp: Buffer): number {
  return (sdp.toString('latin1').match(/^m=/gm) ?? []).length;
}

function isSdp(request: SipRequest): boolean {
  return (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase() === 'application/sdp';
}

export class ClientInviteSession implements DialogUser {
  readonly callId: string;
  /** The 2xx status (200, or another 2xx). */
  readonly status: number;
  readonly reason: string;
  /** The SDP answer from the 2xx. */
  readonly remoteSdp: Buffer;
  /** Our offer, which is also what we answer an unchanged re-offer with. */
  readonly localSdp: Buffer;
  readonly dialog: Dialog;
  handlers: ClientSessionHandlers = {};
  #state: ClientSessionState = 'confirmed';
  #endReason: ClientEndReason | null = null;
  readonly #abort = new AbortController();
  readonly #host: SessionHost;
  readonly #peer: Endpoint;
  readonly #ack: AckResult;
  readonly #inviteSeq: number;
  #bye: Promise<void> | null = null;
  /** An incoming re-INVITE whose 2xx awaits its ACK (§14.2, §13.3.1.4). */
  #reinvite: { cseq: number; retransmit: TwoXxRetransmitter } | null = null;

  constructor(host: SessionHost, init: ClientSessionInit) {
    this.#host = host;
    this.callId = init.invite.callId;
    this.status = init.response.status;
    this.reason = init.response.reason;
    this.remoteSdp = init.response.body;
    this.localSdp = init.invite.body;
    this.dialog = init.dialog;
    this.#peer = init.peer;
    this.#ack = init.ack;
    this.#inviteSeq = init.invite.cseq.seq;
    host.registered(dialogKey(init.dialog.id), this);
  }

  get state(): ClientSessionState {
    return this.#state;
  }

  /** Aborts when the dialog ends, whoever ends it. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get endReason(): ClientEndReason | null {
    return this.#endReason;
  }

  /**
   * §13.2.2.4: a retransmission of the 2xx (our ACK was lost): "The UAC core MUST generate an ACK
   * request for each 2xx received from the transaction layer". The same ACK goes again, even
   * after we hung up, since the peer keeps retransmitting until it has one.
   */
  receive2xx(response: SipResponse): void {
    if (response.cseq.seq !== this.#inviteSeq || response.to.params.get('tag') !== this.dialog.id.remoteTag) return;
    void this.#host.sendDirect(this.#ack.ack, this.#ack.target).catch(() => undefined);
  }

  /** The ACK for our 2xx to the far end's re-INVITE. */
  receiveAck(ack: SipRequest): void {
    if (this.#reinvite && ack.cseq.seq === this.#reinvite.cseq) {
      this.#reinvite.retransmit.acknowledge();
      this.#reinvite = null;
    }
  }

  /** A request from the far end within the dialog (§12.2.2), routed here by the UA core. */
  receiveRequest(request: SipRequest, tx: ServerTransaction): void {
    tx.attach(quietUser);
    if (this.#state === 'terminated') return this.#respond(request, tx, 481);
    // §12.2.2: a request with a lower CSeq than the last one "is out of order and MUST be
    // rejected with a 500 (Server Internal Error) response".
    if (!this.dialog.acceptRemoteCSeq(request.cseq.seq)) return this.#respond(request, tx, 500);
    switch (request.method) {
      case 'BYE':
        // §15.1.2: "the UAS core ... MUST generate a 2xx response to the BYE".
        this.#respond(request, tx, 200);
        this.#end('remote-bye');
        return;
      case 'INVITE':
        return this.#receiveReinvite(request, tx);
      case 'UPDATE':
        return this.#receiveUpdate(request, tx);
      case 'INFO':
        return this.#respond(request, tx, this.#infoStatus(request));
      case 'OPTIONS':
        return this.#respond(request, tx, 200, [['Allow', ALLOWED_METHODS.join(', ')]]);
      default: {
        // §8.2.1: 405 with Allow for a method we know but do not serve here, 501 for one we do not know.
        const known = ([...ALLOWED_METHODS, ...KNOWN_UNSUPPORTED_METHODS] as readonly string[]).includes(request.method);
        this.#respond(request, tx, known ? 405 : 501, [['Allow', ALLOWED_METHODS.join(', ')]]);
      }
    }
  }

  /** Hangs up with BYE (§15.1.1). Idempotent: later calls return the first call's promise. */
  bye(): Promise<void> {
    return this.#sendBye('local-bye');
  }

  /**
   * INFO within the dialog (RFC 6086, e.g. application/dtmf-relay); resolves with the final
   * status. §12.2.1.2: a 408 or 481, or no answer at all, ends the call ('failed').
   */
  async info(contentType: string, body: string | Buffer): Promise<number> {
    if (this.#state !== 'confirmed') throw new SessionError('SIP_SESSION_NOT_ESTABLISHED', `call ${this.callId} has ended`);
    parseContentType(contentType);
    try {
      const { response } = await this.#host.requestInDialog(this.dialog, 'INFO', this.#peer, { body, contentType });
      if (response.status === 408 || response.status === 481) this.#end('failed');
      return response.status;
    } catch (err) {
      this.#end('failed');
      throw err;
    }
  }

  toJSON(): Record<string, unknown> {
    return { callId: this.callId, state: this.#state, endReason: this.#endReason, peer: `${this.#peer.address}:${this.#peer.port}` };
  }

  #sendBye(reason: ClientEndReason): Promise<void> {
    if (this.#bye) return this.#bye;
    if (this.#state === 'terminated') return Promise.resolve();
    this.#end(reason);
    this.#bye = this.#host.requestInDialog(this.dialog, 'BYE', this.#peer).then(
      ({ response }) => this.#host.logger.debug({ callId: this.callId, status: response.status }, 'BYE answered'),
      (err: unknown) => this.#host.logger.debug({ callId: this.callId, err: String(err) }, 'BYE not answered'),
    );
    return this.#bye;
  }

  #infoStatus(request: SipRequest): number {
    try {
      return this.handlers.onInfo?.(request) ?? 200;
    } catch (err) {
      this.#host.logger.warn({ callId: this.callId, err: String(err) }, 'INFO handler threw');
      return 500;
    }
  }

  /** The answer to the far end's offer, or our offer when it sent none; null → 488. */
  #answerTo(request: SipRequest): Buffer | null {
    const offer = request.body.length > 0 ? request.body : null;
    if (offer !== null && !isSdp(request)) return null;
    if (this.handlers.onOffer) {
      try {
        return this.handlers.onOffer(offer, request);
      } catch (err) {
        this.#host.logger.warn({ callId: this.callId, err: String(err) }, 'offer handler threw');
        return null;
      }
    }
    // RFC 3264 §8: answering with the session we already have keeps every stream as it is; that
    // is only an answer when the offer has the same number of m= lines (§6).
    if (offer !== null && mediaLines(offer) !== mediaLines(this.localSdp)) return null;
    return this.localSdp;
  }

  /** §14.2: a re-INVITE while another incoming one awaits its ACK gets 500 with Retry-After. */
  #receiveReinvite(request: SipRequest, tx: ServerTransaction): void {
    if (this.#reinvite) {
      // §14.2: "MUST return a 500 (Server Internal Error) response and MUST include a Retry-After
      // header field with a randomly chosen value of between 0 and 10 seconds".
      return this.#respond(request, tx, 500, [['Retry-After', String(Math.floor(Math.random() * 11))]]);
    }
    const answer = this.#answerTo(request);
    if (answer === null) return this.#respond(request, tx, 488);
    this.dialog.refreshTarget(request);
    const response = this.#answer(request, answer);
    tx.respond(response);
    const target = 'responseTarget' in tx ? tx.responseTarget : this.#peer;
    // §13.3.1.4: the 2xx to a re-INVITE is made reliable by the UAS core as for any INVITE.
    this.#reinvite = {
      cseq: request.cseq.seq,
      retransmit: new TwoXxRetransmitter(
        this.#host.clock,
        this.#host.timers,
        () => void this.#host.sendDirect(response, target).catch(() => undefined),
        () => {
          this.#reinvite = null;
          this.#host.logger.warn({ callId: this.callId }, 'no ACK for the 2xx to a re-INVITE within 64*T1: BYE (RFC 3261 §13.3.1.4)');
          void this.#sendBye('failed');
        },
      ),
    };
  }

  /** RFC 3311 §5.2: UPDATE refreshes the target and may carry an offer, answered in its 200. */
  #receiveUpdate(request: SipRequest, tx: ServerTransaction): void {
    if (request.body.length === 0) {
      this.dialog.refreshTarget(request);
      return this.#respond(request, tx, 200, [['Contact', formatNameAddr(this.#host.contact(this.#peer.transport))]]);
    }
    const answer = this.#answerTo(request);
    if (answer === null) return this.#respond(request, tx, 488);
    this.dialog.refreshTarget(request);
    tx.respond(this.#answer(request, answer));
  }

  #answer(request: SipRequest, body: Buffer): SipResponse {
    return createResponse(request, 200, undefined, {
      headers: [['Contact', formatNameAddr(this.#host.contact(this.#peer.transport))], ['Allow', ALLOWED_METHODS.join(', ')]],
      body,
      contentType: 'application/sdp',
    });
  }

  #respond(request: SipRequest, tx: ServerTransaction, status: number, headers: Array<readonly [string, string]> = []): void {
    tx.respond(createResponse(request, status, undefined, { toTag: this.dialog.id.localTag, headers }));
  }

  #transition(to: ClientSessionState): void {
    if (!allowed[this.#state].includes(to)) throw new SessionError('SIP_SESSION_BAD_STATE', `call ${this.callId} cannot go from ${this.#state} to ${to}`);
    this.#state = to;
  }

  #end(reason: ClientEndReason): void {
    if (this.#state === 'terminated') return;
    this.#transition('terminated');
    this.#endReason = reason;
    this.#reinvite?.retransmit.stop();
    this.#reinvite = null;
    if (this.dialog.state !== 'terminated') this.dialog.transition('terminated');
    this.#host.released(dialogKey(this.dialog.id));
    this.#abort.abort(reason);
    try {
      this.handlers.onEnded?.(reason);
    } catch (err) {
      this.#host.logger.warn({ callId: this.callId, err: String(err) }, 'onEnded handler threw');
    }
  }
}
