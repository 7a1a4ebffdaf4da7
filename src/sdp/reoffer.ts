/**
 * negotiateReoffer: the answer to an offer inside an established session (a re-INVITE or UPDATE,
 * RFC 3264 §8). The same rules as the first answer, plus:
 *   - §8: the new offer MUST NOT have fewer m= lines than the previous SDP;
 *   - hold (sendonly, inactive, or the RFC 2543 c=0.0.0.0 of §8.4) and resume are reported;
 *   - the codec in use is kept while it is still offered, and our SRTP key while the remote's
 *     suite and key are unchanged, so a hold/resume re-INVITE does not re-key or switch codecs;
 *   - §8: o= keeps our session id, and the version is incremented only when the answer differs
 *     from the SDP we sent last ("if the SDP is unchanged, the version MUST stay the same").
 */
import { planAnswer, withLocal, writeAnswer } from './answer.js';
import type { LocalNoOrigin } from './audioPlan.js';
import { parseSdp } from './parse.js';
import { reject } from './reject.js';
import type { NegotiatedMedia, ReofferResult, SessionDescription } from './types.js';

export function negotiateReoffer(previous: NegotiatedMedia, offer: SessionDescription, local: LocalNoOrigin): ReofferResult {
  const before = parseSdp(previous.local.sdp).media.length;
  if (offer.media.length < before) {
    return reject('SDP_MEDIA_REMOVED', `re-offer has ${offer.media.length} m= lines, fewer than the ${before} of the session (RFC 3264 §8)`, 399);
  }
  const planned = planAnswer(offer, local, { keepCodec: previous.codec, keepSrtp: previous.srtp });
  if (!planned.ok) return planned;

  const { sessionId, sessionVersion } = previous.local;
  let answerSdp = writeAnswer(offer, planned, local, sessionId, sessionVersion);
  const changed = answerSdp !== previous.local.sdp;
  const version = changed ? sessionVersion + 1 : sessionVersion;
  if (changed) answerSdp = writeAnswer(offer, planned, local, sessionId, version);

  const media = withLocal(planned, answerSdp, sessionId, version);
  const holdChange = media.onHold === previous.onHold ? null : media.onHold ? 'held' : 'resumed';
  return { ok: true, answerSdp, media, changed, holdChange };
}
