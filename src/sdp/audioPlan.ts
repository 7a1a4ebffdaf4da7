/**
 * Answering one offered audio m= line (RFC 3264 §6.1): the transport profile, the address, the
 * codec, telephone-event, SDES and the direction. The result is either what to write in the answer
 * with the media it describes, or why this line cannot be accepted.
 */
import type { CodecName } from '../media/types.js';
import { fmtpOf, payloadFormat, RTP_CLOCK_RATE, supportedEvents } from './codecs.js';
import { chooseCrypto, type ChosenCrypto } from './crypto.js';
import { effectiveDirection, intersect, receives, reverse, withoutReceive } from './direction.js';
import { makeLocalCrypto } from './localOptions.js';
import { reject } from './reject.js';
import { remoteEndpoint, remotePtime } from './remote.js';
import type { LocalMediaOptions, MediaSection, NegotiatedMedia, NegotiatedSrtp, SdpRejection, SessionDescription } from './types.js';
import type { AudioSectionToWrite } from './write.js';

export type LocalNoOrigin = Omit<LocalMediaOptions, 'sessionId' | 'sessionVersion'>;

export interface PlanContext {
  /** Keep this codec when it is still offered and still in our preference list (re-offers). */
  keepCodec?: CodecName;
  /** Reuse our key when the remote offers the same suite and key again (re-offers). */
  keepSrtp?: NegotiatedSrtp | null;
}

export interface AudioPlan {
  section: AudioSectionToWrite;
  media: Omit<NegotiatedMedia, 'local'>;
}

type Profile = 'RTP/AVP' | 'RTP/SAVP';

export function planAudioAnswer(offer: SessionDescription, m: MediaSection, local: LocalNoOrigin, ctx: PlanContext): { ok: true; plan: AudioPlan } | SdpRejection {
  const profile = profileOf(m);
  if (typeof profile !== 'string') return profile;
  const offeredCrypto = local.srtp === 'off' ? null : chooseCrypto(m.crypto);
  if (profile === 'RTP/SAVP' && local.srtp === 'off') {
    return reject('SDP_SRTP_POLICY', 'SRTP (RTP/SAVP) offered but secured media is off in the dial plan', 302);
  }
  if (profile === 'RTP/SAVP' && offeredCrypto === null) {
    return reject('SDP_NO_CRYPTO_SUITE', `RTP/SAVP without a usable a=crypto line (supported: AES_CM_128_HMAC_SHA1_80 and _32, one inline key, no MKI or session parameters)`, 306);
  }
  if (local.srtp === 'required' && offeredCrypto === null) {
    return reject('SDP_SRTP_POLICY', 'the dial plan requires secured media and the offer is plain RTP/AVP without a usable a=crypto line', 302);
  }

  const rtcpMux = m.rtcpMux && local.rtcpMux === true;
  const endpoint = remoteEndpoint(offer, m, rtcpMux);
  if (!endpoint.ok) return endpoint;

  const codec = chooseCodec(m, local.codecPreference, ctx.keepCodec);
  if (codec === null) {
    return reject('SDP_NO_COMMON_CODEC', `no common codec: offered [${m.formats.join(' ')}], we accept ${local.codecPreference.join(', ')}`, 305);
  }
  const telephoneEvent = chooseTelephoneEvent(m);

  // RFC 3264 §8.4: c=0.0.0.0 means "send nothing to me" (RFC 2543 hold).
  let offered = effectiveDirection(m.direction, offer.direction);
  if (endpoint.hold) offered = withoutReceive(offered);
  const direction = intersect(reverse(offered), local.direction ?? 'sendrecv');

  const srtp = offeredCrypto === null ? null : answerCrypto(offeredCrypto, local, ctx.keepSrtp ?? null);
  return {
    ok: true,
    plan: {
      section: {
        kind: 'audio',
        port: local.port,
        protocol: m.protocol,
        codecs: [{ payloadType: codec.payloadType, name: codec.codec }],
        telephoneEvent,
        direction,
        crypto: srtp === null ? [] : [{ tag: srtp.tag, suite: srtp.suite, keyParams: srtp.localKeyParams }],
        rtcpMux,
      },
      media: {
        codec: codec.codec,
        payloadType: codec.payloadType,
        receivePayloadType: codec.payloadType,
        telephoneEvent: telephoneEvent === null ? null : { ...telephoneEvent, receivePayloadType: telephoneEvent.payloadType },
        remote: endpoint.remote,
        direction,
        onHold: !receives(offered),
        ptimeMs: remotePtime(m),
        srtp,
      },
    },
  };
}

/**
 * The transport profiles we answer: RTP/AVP (RFC 3551) and RTP/SAVP with SDES (RFC 3711, 4568).
 * DTLS-SRTP (RFC 5763: UDP/TLS/RTP/SAVP[F], or a=fingerprint without a=crypto) and the feedback
 * profiles (RTP/AVPF, RTP/SAVPF, RFC 4585) are refused.
 */
export function profileOf(m: MediaSection): Profile | SdpRejection {
  const p = m.protocol.toUpperCase();
  const dtls = p.includes('TLS') || p.includes('DTLS') || (m.fingerprint && m.crypto.length === 0 && p.includes('SAVP'));
  if (dtls) return reject('SDP_DTLS_UNSUPPORTED', `DTLS-SRTP not supported (${m.protocol}); use SDES (a=crypto on RTP/SAVP)`, 302);
  if (p === 'RTP/AVP' || p === 'RTP/SAVP') return p;
  return reject('SDP_UNSUPPORTED_PROFILE', `transport ${m.protocol} not supported; use RTP/AVP or RTP/SAVP`, 302);
}

/**
 * RFC 3264 §6.1 lets the answerer choose among the offered formats. We pick by our preference
 * (so G.722 wins only where the dial plan lists it first), after the codec already in use.
 */
function chooseCodec(m: MediaSection, preference: readonly CodecName[], keep: CodecName | undefined): { codec: CodecName; payloadType: number } | null {
  const offered = new Map<CodecName, number>();
  for (const f of m.formats) {
    const format = payloadFormat(m, f);
    if (format.kind === 'codec' && !offered.has(format.codec)) offered.set(format.codec, format.payloadType);
  }
  const order = keep !== undefined && preference.includes(keep) ? [keep, ...preference] : preference;
  for (const codec of order) {
    const payloadType = offered.get(codec);
    if (payloadType !== undefined) return { codec, payloadType };
  }
  return null;
}

/** RFC 4733 §7.1.1: the first telephone-event at our RTP clock (8000) with DTMF events left. */
function chooseTelephoneEvent(m: MediaSection): { payloadType: number; events: string } | null {
  for (const f of m.formats) {
    const format = payloadFormat(m, f);
    if (format.kind !== 'telephone-event' || format.clockRate !== RTP_CLOCK_RATE) continue;
    const events = supportedEvents(fmtpOf(m, format.payloadType));
    if (events !== null) return { payloadType: format.payloadType, events };
  }
  return null;
}

/** RFC 4568 §7.1.2: the answer repeats the chosen tag and suite with our own key. */
function answerCrypto(chosen: ChosenCrypto, local: LocalNoOrigin, keep: NegotiatedSrtp | null): NegotiatedSrtp {
  const reuse = keep !== null && keep.suite === chosen.suite && keep.remoteKey.equals(chosen.remoteKey);
  const localKeyParams = reuse ? keep.localKeyParams : makeLocalCrypto(local, chosen.suite).keyParams;
  return { suite: chosen.suite, remoteKey: chosen.remoteKey, tag: chosen.tag, localKeyParams };
}
