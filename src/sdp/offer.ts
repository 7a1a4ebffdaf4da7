/**
 * Offers we make (RFC 3264 §5) and the answers to them (§5.1, §6.1 from the other side): an INVITE
 * without SDP, which we answer with an offer in the 200 and whose answer comes in the ACK, and
 * re-INVITEs OpenUM sends.
 *
 * What we offer: every codec of our preference list with its static payload type, telephone-event
 * at 8000 Hz as PT 101 with events 0-15, a=ptime:20 and the direction asked for (sendrecv by
 * default). With SRTP:
 *   - 'required': m=audio … RTP/SAVP with one a=crypto line per supported suite (tag 1: _80, tag 2:
 *     _32). A peer without SDES rejects the stream, which is what "required" means.
 *   - 'optional': m=audio … RTP/AVP with the same a=crypto lines ("best-effort SRTP", as offered by
 *     Asterisk, Cisco and Polycom): a peer that knows SDES answers with a=crypto and media is
 *     encrypted; a peer that does not ignores the unknown attribute and media is plain RTP.
 *   - 'off': RTP/AVP, no a=crypto.
 */
import type { CodecName } from '../media/types.js';
import { fmtpOf, OFFERED_EVENTS, payloadFormat, RTP_CLOCK_RATE, STATIC_PAYLOAD_TYPES, supportedEvents } from './codecs.js';
import { chooseCrypto } from './crypto.js';
import { effectiveDirection, intersect, receives, reverse, withoutReceive } from './direction.js';
import { localOptionsError } from './errors.js';
import { OFFER_TELEPHONE_EVENT_PT } from './limits.js';
import { checkLocalOptions, checkSessionOrigin, makeLocalCrypto } from './localOptions.js';
import { parseSdp } from './parse.js';
import { reject } from './reject.js';
import { remoteEndpoint, remotePtime } from './remote.js';
import { SRTP_SUITES, type AcceptResult, type LocalMediaOptions, type MediaSection, type NegotiatedMedia, type SdpRejection, type SessionDescription } from './types.js';
import { writeSdp } from './write.js';

export function createOffer(local: LocalMediaOptions): string {
  const family = checkLocalOptions(local);
  checkSessionOrigin(local.sessionId, local.sessionVersion);
  const crypto = local.srtp === 'off' ? [] : SRTP_SUITES.map((suite, i) => ({ tag: i + 1, suite, keyParams: makeLocalCrypto(local, suite).keyParams }));
  return writeSdp({
    userName: local.userName,
    sessionId: local.sessionId,
    sessionVersion: local.sessionVersion,
    address: local.address,
    family,
    timing: { start: '0', stop: '0' },
    media: [
      {
        kind: 'audio',
        port: local.port,
        protocol: local.srtp === 'required' ? 'RTP/SAVP' : 'RTP/AVP',
        codecs: [...new Set(local.codecPreference)].map((name) => ({ payloadType: STATIC_PAYLOAD_TYPES[name], name })),
        telephoneEvent: { payloadType: OFFER_TELEPHONE_EVENT_PT, events: OFFERED_EVENTS },
        direction: local.direction ?? 'sendrecv',
        crypto,
        rtcpMux: local.rtcpMux === true,
      },
    ],
  });
}

/**
 * Reads the answer to an offer we made. The answer must keep our m= lines in order (RFC 3264 §6),
 * use our transport, pick codecs we offered, and, when it has a=crypto, repeat one of our tags
 * with its suite (RFC 4568 §7.1.3). A failure means the session cannot go on: after an ACK the UA
 * sends BYE; after a 200 to our re-INVITE it keeps the previous session.
 */
export function acceptAnswer(offerWeMade: string, answer: SessionDescription): AcceptResult {
  const ours = parseSdp(offerWeMade);
  if (answer.media.length !== ours.media.length) {
    return reject('SDP_ANSWER_MISMATCH', `the answer has ${answer.media.length} m= lines, the offer ${ours.media.length} (RFC 3264 §6)`, 399);
  }
  for (const offered of ours.media) {
    const answered = answer.media[offered.index];
    if (answered === undefined || offered.type.toLowerCase() !== 'audio' || offered.port === 0 || answered.port === 0) continue;
    const result = acceptAudio(ours, offered, answer, answered);
    if (!result.ok) return result;
    const sessionVersion = Number(ours.origin.sessionVersion);
    if (!Number.isSafeInteger(sessionVersion)) throw localOptionsError(`our offer's o= version ${ours.origin.sessionVersion} is not a safe integer`);
    const local = { sdp: offerWeMade, sessionId: ours.origin.sessionId, sessionVersion, mediaIndex: offered.index };
    return { ok: true, media: { ...result.media, local } };
  }
  return reject('SDP_NO_AUDIO', 'the answer rejected the audio stream (port 0)', 304);
}

function acceptAudio(
  ours: SessionDescription,
  offered: MediaSection,
  answer: SessionDescription,
  answered: MediaSection,
): { ok: true; media: Omit<NegotiatedMedia, 'local'> } | SdpRejection {
  if (answered.protocol.toUpperCase() !== offered.protocol.toUpperCase()) {
    return reject('SDP_ANSWER_MISMATCH', `the answer uses ${answered.protocol} for our ${offered.protocol} stream (RFC 3264 §6)`, 302);
  }
  const endpoint = remoteEndpoint(answer, answered, answered.rtcpMux && offered.rtcpMux);
  if (!endpoint.ok) return endpoint;

  const codec = answeredCodec(offered, answered);
  if (codec === null) return reject('SDP_NO_COMMON_CODEC', `the answer [${answered.formats.join(' ')}] names no codec we offered`, 305);
  const telephoneEvent = answeredTelephoneEvent(offered, answered);

  const chosen = chooseCrypto(answered.crypto, offered.crypto);
  if (chosen === null && (answered.crypto.length > 0 || offered.protocol.toUpperCase() === 'RTP/SAVP')) {
    return reject('SDP_NO_CRYPTO_SUITE', 'the answer has no a=crypto line repeating one of our tags and suites with a usable key (RFC 4568 §7.1.3)', 306);
  }
  const localKeyParams = offered.crypto.find((c) => c.tag === chosen?.tag)?.keyParams ?? '';
  const srtp = chosen === null ? null : { ...chosen, localKeyParams };

  let remoteDirection = effectiveDirection(answered.direction, answer.direction);
  if (endpoint.hold) remoteDirection = withoutReceive(remoteDirection);
  const direction = intersect(effectiveDirection(offered.direction, ours.direction), reverse(remoteDirection));
  return {
    ok: true,
    media: {
      ...codec,
      telephoneEvent,
      remote: endpoint.remote,
      direction,
      onHold: !receives(remoteDirection),
      ptimeMs: remotePtime(answered),
      srtp,
    },
  };
}

/** The first codec of the answer that we offered: its PT in the answer (we send) and in ours. */
function answeredCodec(offered: MediaSection, answered: MediaSection): { codec: CodecName; payloadType: number; receivePayloadType: number } | null {
  for (const f of answered.formats) {
    const format = payloadFormat(answered, f);
    if (format.kind !== 'codec') continue;
    const ourFormat = offered.formats.map((o) => payloadFormat(offered, o)).find((o) => o.kind === 'codec' && o.codec === format.codec);
    if (ourFormat?.payloadType != null) return { codec: format.codec, payloadType: format.payloadType, receivePayloadType: ourFormat.payloadType };
  }
  return null;
}

function answeredTelephoneEvent(offered: MediaSection, answered: MediaSection): NegotiatedMedia['telephoneEvent'] {
  const ours = offered.formats.map((f) => payloadFormat(offered, f)).find((f) => f.kind === 'telephone-event' && f.clockRate === RTP_CLOCK_RATE);
  if (ours?.payloadType == null) return null;
  for (const f of answered.formats) {
    const format = payloadFormat(answered, f);
    if (format.kind !== 'telephone-event' || format.clockRate !== RTP_CLOCK_RATE) continue;
    const events = supportedEvents(fmtpOf(answered, format.payloadType));
    if (events !== null) return { payloadType: format.payloadType, receivePayloadType: ours.payloadType, events };
  }
  return null;
}
