/**
 * Requests within an established INVITE dialog, RFC 3261 §12.2.2, from the UAS side:
 * BYE (§15.1.2), re-INVITE (§14.2), UPDATE (RFC 3311), INFO (RFC 6086), NOTIFY for our REFER
 * (RFC 3515), OPTIONS (§11.2). SUBSCRIBE gets 403 (no dialog reuse); anything else 405 with Allow.
 */
import { createResponse } from '../message/index.js';
import type { SipRequest } from '../message/index.js';
import type { ServerTransaction } from '../transaction/index.js';
import { ALLOWED_METHODS, capabilityHeaders } from '../ua/capabilities.js';
import type { InviteSession } from './inviteSession.js';
import { sipfragStatus } from './refer.js';
import { TwoXxRetransmitter } from './retransmit2xx.js';

function respond(session: InviteSession, tx: ServerTransaction, request: SipRequest, status: number, headers: Array<readonly [string, string]> = []): void {
  tx.respond(createResponse(request, status, undefined, { toTag: session.localTag, headers }));
}

export function handleInDialogRequest(session: InviteSession, request: SipRequest, tx: ServerTransaction): void {
  tx.attach({ onTimeout: () => undefined, onTransportError: () => undefined });
  const dialog = session.dialog;
  if (!dialog || session.state === 'terminated') {
    respond(session, tx, request, 481);
    return;
  }
  // §12.2.2: "If the remote sequence number is not empty, but the sequence number of the request
  // is lower than the remote sequence number, the request is out of order and MUST be rejected
  // with a 500 (Server Internal Error) response."
  if (!dialog.acceptRemoteCSeq(request.cseq.seq)) {
    respond(session, tx, request, 500);
    return;
  }
  switch (request.method) {
    case 'BYE':
      // §15.1.2: "the UAS core ... MUST generate a 2xx response to the BYE".
      respond(session, tx, request, 200);
      session.end('remote-bye');
      return;
    case 'INVITE':
      handleReinvite(session, request, tx);
      return;
    case 'UPDATE':
      handleUpdate(session, request, tx);
      return;
    case 'INFO': {
      const status = session.handlers.onInfo?.(request) ?? 200;
      respond(session, tx, request, status);
      return;
    }
    case 'NOTIFY':
      handleReferNotify(session, request, tx);
      return;
    case 'OPTIONS':
      respond(session, tx, request, 200, [...capabilityHeaders]);
      return;
    case 'SUBSCRIBE':
      // RFC 6665 §4.5.2 discourages reusing an INVITE dialog for a subscription; we serve
      // subscriptions only in dialogs of their own.
      respond(session, tx, request, 403);
      return;
    default:
      respond(session, tx, request, (ALLOWED_METHODS as readonly string[]).includes(request.method) ? 500 : 405, [
        ['Allow', ALLOWED_METHODS.join(', ')],
      ]);
  }
}

/** The answer to an offer (or our current SDP for an offerless re-INVITE). null → 488. */
function answerTo(session: InviteSession, request: SipRequest): Buffer | null {
  const offer = request.body.length > 0 ? request.body : null;
  if (session.handlers.onOffer) return session.handlers.onOffer(offer, request);
  return session.localBody;
}

/** §14.2: a re-INVITE while one of ours is pending → 491; while another incoming one waits → 500. */
function handleReinvite(session: InviteSession, request: SipRequest, tx: ServerTransaction): void {
  if (session.localOfferInProgress) {
    respond(session, tx, request, 491);
    return;
  }
  if (session.reinviteInProgress) {
    // §14.2: "MUST return a 500 (Server Internal Error) response and MUST include a Retry-After".
    respond(session, tx, request, 500, [['Retry-After', String(Math.floor(Math.random() * 10))]]);
    return;
  }
  const decision = session.refreshed(request);
  if (decision.kind === 'reject') {
    respond(session, tx, request, 422, [['Min-SE', String(decision.minSe)]]);
    return;
  }
  const answer = answerTo(session, request);
  if (answer === null) {
    respond(session, tx, request, 488);
    return;
  }
  session.dialog!.refreshTarget(request);
  session.setLocalBody(answer);
  const response = session.answerFor(request, 200, { body: answer, contentType: session.localContentType }, decision);
  tx.respond(response);
  const host = session.host;
  const target = 'responseTarget' in tx ? tx.responseTarget : session.source;
  session.reinviteInProgress = {
    cseq: request.cseq.seq,
    retransmit: new TwoXxRetransmitter(
      host.clock,
      host.timers,
      () => void host.sendDirect(response, target).catch(() => undefined),
      () => {
        session.reinviteInProgress = null;
        void session.bye('no-ack');
      },
    ),
  };
}

/** RFC 3311 §5.2: UPDATE refreshes the target and may carry an offer, answered in the 200. */
function handleUpdate(session: InviteSession, request: SipRequest, tx: ServerTransaction): void {
  // RFC 3311 §5.2: "If an UPDATE is received that contains an offer, and the UAS has generated an
  // offer (in an UPDATE, PRACK or INVITE) to which it has not yet received an answer, the UAS MUST
  // reject the UPDATE with a 491 response."
  if (request.body.length > 0 && session.outstandingOffer) {
    respond(session, tx, request, 491);
    return;
  }
  const decision = session.refreshed(request);
  if (decision.kind === 'reject') {
    respond(session, tx, request, 422, [['Min-SE', String(decision.minSe)]]);
    return;
  }
  session.dialog!.refreshTarget(request);
  if (request.body.length === 0) {
    tx.respond(session.answerFor(request, 200, {}, decision));
    return;
  }
  const answer = answerTo(session, request);
  if (answer === null) {
    respond(session, tx, request, 488);
    return;
  }
  session.setLocalBody(answer);
  tx.respond(session.answerFor(request, 200, { body: answer, contentType: session.localContentType }, decision));
}

/** RFC 3515 §2.4.4: NOTIFY with Event: refer and a message/sipfrag body reports transfer progress. */
function handleReferNotify(session: InviteSession, request: SipRequest, tx: ServerTransaction): void {
  const event = (request.headers.get('Event') ?? '').split(';')[0]!.trim().toLowerCase();
  if (event !== 'refer') {
    // RFC 6665 §8.2.1: an event package we did not subscribe to.
    respond(session, tx, request, 489);
    return;
  }
  respond(session, tx, request, 200);
  const terminated = (request.headers.get('Subscription-State') ?? '').trim().toLowerCase().startsWith('terminated');
  session.referNotify(sipfragStatus(request.body), terminated);
}
