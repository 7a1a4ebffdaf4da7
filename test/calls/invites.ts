/**
 * INVITEs as gateways and PBXs send them to a voice mail server, parsed by our own parser. They
 * are written by hand, modelled on what each product is documented and commonly seen to send
 * (not captures): header order, tags, Diversion and History-Info forms, tel URIs. Each keeps only
 * the headers that matter here plus the mandatory ones; there is no body (routing reads none).
 */
import assert from 'node:assert/strict';
import { parseMessage, type SipRequest } from '../../src/sip/message/index.js';

/** Parses header lines (start line first) as one request; Content-Length 0 is added. */
export function parseInvite(lines: readonly string[]): SipRequest {
  const text = `${[...lines, 'Content-Length: 0'].join('\r\n')}\r\n\r\n`;
  const msg = parseMessage(Buffer.from(text, 'utf8'));
  assert.equal(msg.type, 'request');
  return msg as SipRequest;
}

export interface InviteParts {
  requestUri?: string;
  from?: string;
  to?: string;
  /** Further header lines: Diversion, History-Info, P-Asserted-Identity, Privacy, … */
  headers?: readonly string[];
}

let counter = 0;

/** A plain INVITE from the PBX at 192.0.2.10: by default 2001 calls 8000 directly. */
export function invite(parts: InviteParts = {}): SipRequest {
  counter++;
  const requestUri = parts.requestUri ?? 'sip:8000@192.0.2.1:5060';
  return parseInvite([
    `INVITE ${requestUri} SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKroute${counter}`,
    'Max-Forwards: 70',
    `From: ${parts.from ?? '"Carol Caller" <sip:2001@192.0.2.10>'};tag=f${counter}`,
    `To: ${parts.to ?? `<${requestUri}>`}`,
    `Call-ID: route-${counter}@192.0.2.10`,
    'CSeq: 1 INVITE',
    'Contact: <sip:2001@192.0.2.10:5060>',
    ...(parts.headers ?? []),
  ]);
}

/** Cisco CUCM, SIP trunk to the UM pilot: 1001 did not answer (CFNA), caller 2001 on the same cluster. */
export const cucmNoAnswer = [
  'INVITE sip:8000@192.0.2.1:5060 SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK3f1b6a2c91',
  'From: "Carol Caller" <sip:2001@192.0.2.10>;tag=98211~4bfe1a8e-3c2f-4a3b-9f0e-5d6a',
  'To: <sip:8000@192.0.2.1>',
  'Date: Wed, 25 Nov 2026 14:02:11 GMT',
  'Call-ID: 8d47bd00-1ed1a2f3-5a-a0a0c0@192.0.2.10',
  'Supported: timer,resource-priority,replaces',
  'Min-SE:  1800',
  'User-Agent: Cisco-CUCM14.0',
  'Allow: INVITE, OPTIONS, INFO, BYE, CANCEL, ACK, PRACK, UPDATE, REFER, SUBSCRIBE, NOTIFY',
  'CSeq: 101 INVITE',
  'Expires: 180',
  'Allow-Events: presence, kpml',
  'Diversion: "Alice Example" <sip:1001@192.0.2.10>;reason=no-answer;privacy=off;screen=yes',
  'Remote-Party-ID: "Carol Caller" <sip:2001@192.0.2.10>;party=calling;screen=yes;privacy=off',
  'Contact: <sip:2001@192.0.2.10:5060>;video;audio',
  'Max-Forwards: 69',
];

/** Cisco CUCM: 1001 forwards all calls to 1002 (CFA), which is busy and forwards to voice mail. */
export const cucmChain = [
  'INVITE sip:8000@192.0.2.1:5060 SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK3f1b6a2c92',
  'From: "Carol Caller" <sip:2001@192.0.2.10>;tag=98212~aa',
  'To: <sip:8000@192.0.2.1>',
  'Call-ID: 8d47bd00-1ed1a2f3-5b-a0a0c0@192.0.2.10',
  'CSeq: 101 INVITE',
  'Diversion: "Bob Sample" <sip:1002@192.0.2.10>;reason=user-busy;privacy=off;screen=yes',
  'Diversion: "Alice Example" <sip:1001@192.0.2.10>;reason=unconditional;privacy=off;screen=yes',
  'Contact: <sip:2001@192.0.2.10:5060>',
  'Max-Forwards: 68',
];

/** Asterisk (chan_pjsip) forwarding 1001's busy call to the UM trunk, with counter. */
export const asteriskBusy = [
  'INVITE sip:8000@192.0.2.1 SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.20:5060;rport;branch=z9hG4bKPj5f8b8a2e-8a59-4b8c-9c3f-0d2f5b7c1e11',
  'From: "Dave Dialer" <sip:2002@192.0.2.20>;tag=7a1d2f0b-6c33-4e0a-9d7b-3a9f4c2b8e55',
  'To: <sip:8000@192.0.2.1>',
  'Contact: <sip:asterisk@192.0.2.20:5060>',
  'Call-ID: 0f5a7c1e-3b2d-4a6f-8e9c-1d2b3a4c5d6e',
  'CSeq: 31415 INVITE',
  'Allow: OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, INFO, MESSAGE, REFER',
  'Supported: 100rel, timer, replaces, norefersub',
  'Session-Expires: 1800',
  'Min-SE: 90',
  'Diversion: <sip:1001@192.0.2.20>;reason=user-busy;counter=1',
  'P-Asserted-Identity: "Dave Dialer" <sip:2002@192.0.2.20>',
  'Max-Forwards: 70',
  'User-Agent: Asterisk PBX 20.5.0',
];

/** FreeSWITCH bridging a no-answer call from a +E.164 PSTN caller to the UM trunk. */
export const freeswitchNoAnswer = [
  'INVITE sip:8000@192.0.2.1:5060;transport=udp SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.30:5080;rport;branch=z9hG4bKm1cXy6pQ7r3Sa',
  'Max-Forwards: 69',
  'From: "ACME Corp" <sip:+14255552000@192.0.2.30>;tag=Nc1v2a3B4e5Q6',
  'To: <sip:8000@192.0.2.1:5060;transport=udp>',
  'Call-ID: 4e0f7a2b-91c3-123e-7d1a-52540012ab34',
  'CSeq: 12830001 INVITE',
  'Contact: <sip:gw+pbx@192.0.2.30:5080;transport=udp;gw=pbx>',
  'User-Agent: FreeSWITCH-mod_sofia/1.10.11-release~64bit',
  'Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, UPDATE, REGISTER, REFER, NOTIFY',
  'Supported: timer, path, replaces',
  'Allow-Events: talk, hold, conference, refer',
  'Diversion: <sip:1001@192.0.2.30>;reason=no-answer',
  'Privacy: none',
  'P-Asserted-Identity: "ACME Corp" <sip:+14255552000@192.0.2.30>',
];

/** AudioCodes gateway in front of an ISDN PBX: tel: Diversion in E.164 with counter, PAI as tel. */
export const audiocodesTelDiversion = [
  'INVITE sip:8000@192.0.2.1;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.40;branch=z9hG4bKac1187654321',
  'Max-Forwards: 70',
  'From: <sip:+14255552000@192.0.2.40;user=phone>;tag=1c1506765432',
  'To: <sip:8000@192.0.2.1;user=phone>',
  'Call-ID: 1506713398241201923932@192.0.2.40',
  'CSeq: 1 INVITE',
  'Contact: <sip:+14255552000@192.0.2.40:5060>',
  'Supported: em,100rel,timer,replaces,path,resource-priority,sdp-anat',
  'Allow: REGISTER,OPTIONS,INVITE,ACK,CANCEL,BYE,NOTIFY,PRACK,REFER,INFO,SUBSCRIBE,UPDATE',
  'Diversion: <tel:+1-425-555-1001>;reason=user-busy;counter=1;screen=no;privacy=off',
  'P-Asserted-Identity: <tel:+14255552000>',
  'User-Agent: Mediant 800/v.7.40A.250.003',
];

/** AudioCodes sending RFC 4244 History-Info: the Reason escaped into the failed target, no tags. */
export const audiocodesHistoryInfoReason = [
  'INVITE sip:8000@192.0.2.1;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.40;branch=z9hG4bKac1187654322',
  'Max-Forwards: 70',
  'From: <sip:2001@192.0.2.40;user=phone>;tag=1c1506765433',
  'To: <sip:8000@192.0.2.1;user=phone>',
  'Call-ID: 1506713398241201923933@192.0.2.40',
  'CSeq: 1 INVITE',
  'Contact: <sip:2001@192.0.2.40:5060>',
  'History-Info: <sip:1001@192.0.2.40;user=phone?Reason=SIP%3Bcause%3D486%3Btext%3D%22Busy%20Here%22>;index=1',
  'History-Info: <sip:8000@192.0.2.1;user=phone>;index=1.1',
];

/** IMS / BroadWorks (3GPP TS 24.604 CDIV): RFC 4458 cause 486 on the voicemail target, mp tag. */
export const imsBusy = [
  'INVITE sip:+14255558000@um.example.com;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bKbw3d4e5f6a',
  'Max-Forwards: 66',
  'From: "Erin External" <sip:+14255552000@ims.example.com;user=phone>;tag=2108765432-1',
  'To: <sip:+14255551001@ims.example.com;user=phone>',
  'Call-ID: BW1410524371003201926@192.0.2.50',
  'CSeq: 554209129 INVITE',
  'Contact: <sip:192.0.2.50:5060>',
  'P-Asserted-Identity: "Erin External" <sip:+14255552000@ims.example.com;user=phone>',
  'History-Info: <sip:+14255551001@ims.example.com;user=phone>;index=1,<sip:+14255558000@um.example.com;user=phone;cause=486>;index=1.1;mp=1',
];

/** A chain in History-Info: 1001 forwards unconditionally to 1002, which does not answer (408). */
export const historyInfoChain = [
  'INVITE sip:8000@192.0.2.1 SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKhichain',
  'Max-Forwards: 68',
  'From: <sip:2001@192.0.2.20>;tag=hc1',
  'To: <sip:1001@192.0.2.20>',
  'Call-ID: hi-chain-1@192.0.2.20',
  'CSeq: 1 INVITE',
  'Contact: <sip:2001@192.0.2.20>',
  // Out of order on purpose: receivers sort by index (RFC 7044 §9.2).
  'History-Info: <sip:8000@192.0.2.1;cause=408>;index=1.1.1;mp=1.1',
  'History-Info: <sip:1001@192.0.2.20>;index=1, <sip:1002@192.0.2.20;cause=302>;index=1.1;mp=1',
];

/** An anonymous caller: the gateway asserts the number but the caller asked for privacy. */
export const anonymousCaller = [
  'INVITE sip:8000@192.0.2.1 SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKanon1',
  'Max-Forwards: 70',
  'From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=an1',
  'To: <sip:8000@192.0.2.1>',
  'Call-ID: anon-1@192.0.2.10',
  'CSeq: 1 INVITE',
  'Contact: <sip:192.0.2.10:5060>',
  'P-Asserted-Identity: "Frank Private" <sip:+14255552999@192.0.2.10;user=phone>',
  'Privacy: id',
  'Diversion: <sip:1001@192.0.2.10>;reason=no-answer',
];
