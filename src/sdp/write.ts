/**
 * Writing our SDP (an answer or an offer) with sdp-transform. One c= at session level carries our
 * address; every m= line the answer rejects has port 0 and the offer's formats (RFC 3264 §6).
 */
import sdpTransform from 'sdp-transform';
import { RTP_CLOCK_RATE } from './codecs.js';
import { LOCAL_PTIME_MS } from './limits.js';
import type { Direction } from './types.js';

export interface AudioSectionToWrite {
  kind: 'audio';
  port: number;
  protocol: string;
  codecs: readonly { payloadType: number; name: string }[];
  telephoneEvent: { payloadType: number; events: string } | null;
  direction: Direction;
  crypto: readonly { tag: number; suite: string; keyParams: string }[];
  rtcpMux: boolean;
}

export interface RejectedSectionToWrite {
  kind: 'rejected';
  type: string;
  protocol: string;
  formats: readonly string[];
}

export interface SdpToWrite {
  userName: string;
  sessionId: string;
  sessionVersion: number;
  address: string;
  family: 'IP4' | 'IP6';
  timing: { start: string; stop: string };
  media: readonly (AudioSectionToWrite | RejectedSectionToWrite)[];
}

type TransformSession = Parameters<typeof sdpTransform.write>[0];
type TransformMedia = TransformSession['media'][number];

export function writeSdp(s: SdpToWrite): string {
  const ipVer = s.family === 'IP4' ? 4 : 6;
  const session: TransformSession = {
    version: 0,
    origin: { username: s.userName, sessionId: s.sessionId, sessionVersion: s.sessionVersion, netType: 'IN', ipVer, address: s.address },
    name: '-',
    connection: { version: ipVer, ip: s.address },
    timing: { start: Number(s.timing.start), stop: Number(s.timing.stop) },
    media: s.media.map((m) => (m.kind === 'audio' ? audioSection(m) : rejectedSection(m))),
  };
  return sdpTransform.write(session);
}

function audioSection(m: AudioSectionToWrite): TransformMedia {
  const rtp = m.codecs.map((c) => ({ payload: c.payloadType, codec: c.name, rate: RTP_CLOCK_RATE }));
  const fmtp: TransformMedia['fmtp'] = [];
  const payloads = m.codecs.map((c) => c.payloadType);
  if (m.telephoneEvent !== null) {
    rtp.push({ payload: m.telephoneEvent.payloadType, codec: 'telephone-event', rate: RTP_CLOCK_RATE });
    fmtp.push({ payload: m.telephoneEvent.payloadType, config: m.telephoneEvent.events });
    payloads.push(m.telephoneEvent.payloadType);
  }
  const section: TransformMedia = {
    type: 'audio',
    port: m.port,
    protocol: m.protocol,
    payloads: payloads.join(' '),
    rtp,
    fmtp,
    ptime: LOCAL_PTIME_MS,
    direction: m.direction,
  };
  if (m.crypto.length > 0) section.crypto = m.crypto.map((c) => ({ id: c.tag, suite: c.suite, config: c.keyParams }));
  if (m.rtcpMux) section.rtcpMux = 'rtcp-mux';
  return section;
}

function rejectedSection(m: RejectedSectionToWrite): TransformMedia {
  // RFC 3264 §6: a rejected stream keeps its media type, transport and at least one format.
  const formats = m.formats.length > 0 ? m.formats.join(' ') : '0';
  return { type: m.type, port: 0, protocol: m.protocol, payloads: formats, rtp: [], fmtp: [] };
}
