/**
 * Media for a call: reserve RTP ports, run the offer/answer exchange (RFC 3264) over the INVITE
 * and its 200/ACK — answering the caller's offer, or offering in the 200 when the INVITE had none
 * (§5, the answer then comes in the ACK) — start the media session, and keep it in step with
 * re-INVITE/UPDATE offers (hold, resume, new address) and DTMF sent by SIP INFO.
 */
import { randomInt } from 'node:crypto';
import type { MediaSession } from '../media/stream/types.js';
import type { CodecName } from '../media/types.js';
import { parseSipInfoDtmf } from '../media/dtmf/index.js';
import {
  acceptAnswer, answerOffer, createOffer, negotiateReoffer, parseSdp,
  type LocalCrypto, type LocalMediaOptions, type NegotiatedMedia, type SrtpPolicy, type SrtpSuite,
} from '../sdp/index.js';
import type { InviteSession } from '../sip/dialog/index.js';
import { parseMultipart, type SipRequest } from '../sip/message/index.js';
import { OpenUmError } from '../util/errors.js';

/** Ports reserved for one call before its SDP is written. */
export interface MediaReservation {
  /** Our RTP address and port, as they go into the SDP. */
  readonly address: string;
  readonly port: number;
  /** Makes (and remembers) our SRTP master key for a suite. */
  makeCrypto(suite: SrtpSuite): LocalCrypto;
  /** Starts sending and receiving as negotiated. */
  start(media: NegotiatedMedia): MediaSession;
  /** Frees the ports when the call never got media. Idempotent. */
  release(): void;
}

export interface MediaFactory {
  readonly codecPreference: readonly CodecName[];
  readonly srtp: SrtpPolicy;
  reserve(): Promise<MediaReservation>;
  /** Applies a re-negotiated description (re-INVITE/UPDATE) to a running session. */
  update(session: MediaSession, media: NegotiatedMedia): void;
}

export interface SetupLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export class CallMediaError extends OpenUmError {
  override readonly name = 'CallMediaError';
}

function localOptions(factory: MediaFactory, reservation: MediaReservation): LocalMediaOptions {
  return {
    address: reservation.address,
    port: reservation.port,
    codecPreference: factory.codecPreference,
    srtp: factory.srtp,
    makeCrypto: (suite) => reservation.makeCrypto(suite),
    sessionId: String(randomInt(1, 2 ** 47)),
    sessionVersion: 1,
    userName: 'openum',
  };
}

/** Runs offer/answer for the INVITE and answers it; resolves with the running media session. */
export async function negotiateCallMedia(session: InviteSession, factory: MediaFactory, log: SetupLogger): Promise<MediaSession> {
  let reservation: MediaReservation;
  try {
    reservation = await factory.reserve();
  } catch (err) {
    // No RTP ports (or they cannot be bound): the node is full, not broken; the gateway may try
    // another node or retry (RFC 3261 §21.5.4).
    log.warn({ callId: session.callId, err: err instanceof Error ? err.message : String(err) }, 'no media ports: 503');
    session.reject(503, undefined, { headers: [['Retry-After', '5']] });
    throw new CallMediaError('CALL_MEDIA_UNAVAILABLE', 'no RTP ports available', { cause: err });
  }
  let media: MediaSession | null = null;
  try {
    const local = localOptions(factory, reservation);
    let negotiated: NegotiatedMedia;
    const offerBody = sdpBody(session.invite);
    if (offerBody.length > 0) {
      const answer = answerOffer(offerBody, local);
      if (!answer.ok) {
        log.info({ callId: session.callId, code: answer.code, reason: answer.reason }, 'offer refused');
        const warning = answer.warning ? [['Warning', `${answer.warning.code} openum "${answer.warning.text.replace(/["\\\r\n]/g, ' ')}"`] as const] : [];
        session.reject(answer.status, undefined, { headers: warning });
        throw new CallMediaError('CALL_MEDIA_REJECTED', `offer refused: ${answer.reason}`);
      }
      negotiated = answer.media;
      await session.accept({ body: answer.answerSdp, contentType: 'application/sdp' });
    } else {
      // RFC 3264 §5 / RFC 3261 §13.2.1: no offer in the INVITE; ours goes in the 200, the answer in the ACK.
      const offer = createOffer(local);
      const ack = await session.accept({ body: offer, contentType: 'application/sdp' });
      const accepted = ack.body.length > 0 ? acceptAnswer(offer, parseSdp(ack.body)) : null;
      if (!accepted || !accepted.ok) {
        log.warn({ callId: session.callId, reason: accepted ? accepted.reason : 'ACK without SDP' }, 'no usable answer in the ACK: hanging up');
        await session.bye();
        throw new CallMediaError('CALL_MEDIA_REJECTED', 'no usable SDP answer in the ACK');
      }
      negotiated = accepted.media;
    }
    media = reservation.start(negotiated);
    attachInDialogHandlers(session, factory, media, negotiated, local, log);
    return media;
  } catch (err) {
    if (!media) reservation.release();
    throw err;
  }
}

/**
 * The SDP of an INVITE: the body itself, or the application/sdp part of a multipart body (ISDN
 * gateways send SDP together with an ISUP or QSIG part, RFC 3204 / RFC 5621). A malformed
 * multipart body counts as no offer only if it has no SDP part at all.
 */
export function sdpBody(request: SipRequest): Buffer {
  const type = request.headers.get('Content-Type') ?? '';
  if (!/^\s*multipart\//i.test(type)) return request.body;
  try {
    const part = parseMultipart(type, request.body).find((p) => /^\s*application\/sdp\b/i.test(p.headers.get('Content-Type') ?? ''));
    return part ? part.body : Buffer.alloc(0);
  } catch {
    return request.body;
  }
}

/** re-INVITE/UPDATE offers and INFO DTMF, for the life of the call. */
function attachInDialogHandlers(
  session: InviteSession, factory: MediaFactory, media: MediaSession, first: NegotiatedMedia, local: LocalMediaOptions, log: SetupLogger,
): void {
  let current = first;
  session.handlers = {
    ...session.handlers,
    onInfo: (request) => {
      const type = request.headers.get('Content-Type') ?? '';
      const event = parseSipInfoDtmf(type, request.body.toString('utf8'));
      if (event) media.injectDtmf(event);
      // RFC 6086 §4.2.2: INFO with a body we do not understand → 415; an empty INFO is a keep-alive.
      return event || request.body.length === 0 ? 200 : 415;
    },
    onOffer: (offer) => {
      // A re-INVITE without an offer: our current SDP is the offer (RFC 3261 §14.2).
      if (offer === null) return Buffer.from(current.local.sdp);
      let result;
      try {
        result = negotiateReoffer(current, parseSdp(offer), local);
      } catch {
        return null;
      }
      if (!result.ok) return null;
      current = result.media;
      if (result.holdChange) log.info({ callId: session.callId, hold: result.holdChange }, 'hold state changed');
      factory.update(media, current);
      return Buffer.from(result.answerSdp);
    },
  };
}
