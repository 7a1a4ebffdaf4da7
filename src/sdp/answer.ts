/**
 * negotiateAnswer: our answer to an offer (RFC 3264 §6). OpenUM takes one audio stream: the first
 * audio m= line with a non-zero port that we can accept. Every other m= line (video, a second
 * audio line, application) is rejected with port 0, and the answer has the same m= lines in the
 * same order (§6: "the answer MUST contain exactly the same number of m= lines as the offer").
 */
import { SdpError } from './errors.js';
import { parseSdp } from './parse.js';
import { checkLocalOptions, checkSessionOrigin } from './localOptions.js';
import { planAudioAnswer, type AudioPlan, type LocalNoOrigin, type PlanContext } from './audioPlan.js';
import { MAX_MEDIA_SECTIONS } from './limits.js';
import { reject } from './reject.js';
import type { AnswerResult, LocalMediaOptions, NegotiatedMedia, SdpRejection, SessionDescription } from './types.js';
import { writeSdp } from './write.js';

/**
 * parseSdp + negotiateAnswer for a UAS holding an INVITE body: a malformed or oversized body becomes
 * `{ ok: false, status: 400 }` (488 for too many m= lines) instead of an exception. A bug in the
 * local options still throws.
 */
export function answerOffer(body: Buffer | string, local: LocalMediaOptions): AnswerResult {
  let offer: SessionDescription;
  try {
    offer = parseSdp(body);
  } catch (err) {
    if (!(err instanceof SdpError) || err.code === 'SDP_BAD_LOCAL_OPTIONS' || err.status === 500) throw err;
    return { ok: false, status: err.status, code: err.code, reason: err.message, warning: { code: 399, text: err.message } };
  }
  return negotiateAnswer(offer, local);
}

export function negotiateAnswer(offer: SessionDescription, local: LocalMediaOptions): AnswerResult {
  checkSessionOrigin(local.sessionId, local.sessionVersion);
  const planned = planAnswer(offer, local, {});
  if (!planned.ok) return planned;
  const answerSdp = writeAnswer(offer, planned, local, local.sessionId, local.sessionVersion);
  return { ok: true, answerSdp, media: withLocal(planned, answerSdp, local.sessionId, local.sessionVersion) };
}

export interface PlannedAnswer {
  ok: true;
  index: number;
  plan: AudioPlan;
  family: 'IP4' | 'IP6';
}

/** Chooses the m= line to accept and plans its answer; the rest are rejected when written. */
export function planAnswer(offer: SessionDescription, local: LocalNoOrigin, ctx: PlanContext): PlannedAnswer | SdpRejection {
  const family = checkLocalOptions(local);
  if (offer.media.length > MAX_MEDIA_SECTIONS) {
    return reject('SDP_TOO_MANY_MEDIA', `offer has ${offer.media.length} m= lines, more than ${MAX_MEDIA_SECTIONS}`, 399);
  }
  let firstFailure: SdpRejection | null = null;
  for (const m of offer.media) {
    if (m.type.toLowerCase() !== 'audio' || m.port === 0) continue;
    const result = planAudioAnswer(offer, m, local, ctx);
    if (result.ok) return { ok: true, index: m.index, plan: result.plan, family };
    firstFailure ??= result;
  }
  return firstFailure ?? reject('SDP_NO_AUDIO', 'the offer has no audio m= line with a non-zero port', 304);
}

export function writeAnswer(offer: SessionDescription, planned: PlannedAnswer, local: LocalNoOrigin, sessionId: string, sessionVersion: number): string {
  return writeSdp({
    userName: local.userName,
    sessionId,
    sessionVersion,
    address: local.address,
    family: planned.family,
    // RFC 3264 §6: the t= line of the answer MUST equal the offer's.
    timing: offer.timing,
    media: offer.media.map((m) =>
      m.index === planned.index ? planned.plan.section : { kind: 'rejected' as const, type: m.type, protocol: m.protocol, formats: m.formats },
    ),
  });
}

export function withLocal(planned: PlannedAnswer, sdp: string, sessionId: string, sessionVersion: number): NegotiatedMedia {
  return { ...planned.plan.media, local: { sdp, sessionId, sessionVersion, mediaIndex: planned.index } };
}
