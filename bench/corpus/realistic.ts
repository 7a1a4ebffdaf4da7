/**
 * A fixed corpus of realistic SIP messages of a voice-mail call (authored for OpenUM): a diverted
 * INVITE with SDP, the provisional and final responses, ACK, BYE, a REGISTER, a message-summary
 * NOTIFY (RFC 3842) and an OPTIONS probe. Used by bench/sipParser.ts and the fuzz test.
 */
function msg(lines: string[], body = ''): Buffer {
  const bodyBytes = Buffer.from(body, 'utf8');
  const head = lines.map((l) => (l === 'Content-Length: *' ? `Content-Length: ${bodyBytes.length}` : l)).join('\r\n');
  return Buffer.concat([Buffer.from(head + '\r\n\r\n', 'utf8'), bodyBytes]);
}

const sdpOffer = [
  'v=0', 'o=gw 2890844526 2890844526 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0',
  'm=audio 49170 RTP/AVP 0 8 9 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:9 G722/8000',
  'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=ptime:20', 'a=sendrecv', '',
].join('\r\n');
const sdpAnswer = [
  'v=0', 'o=OpenUM 1 1 IN IP4 192.0.2.50', 's=OpenUM', 'c=IN IP4 192.0.2.50', 't=0 0',
  'm=audio 30000 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16',
  'a=ptime:20', 'a=sendrecv', '',
].join('\r\n');

const dialog = [
  'From: "Ann Caller" <sip:+15551230001@gw1.example.net;user=phone>;tag=9fxced76sl',
  'Call-ID: 3848276298220188511@gw1.example.net',
];
const via = 'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9;rport';

export const corpus: ReadonlyArray<{ name: string; data: Buffer }> = [
  {
    name: 'INVITE+SDP+Diversion',
    data: msg([
      'INVITE sip:2000@um.example.com:5060;transport=udp SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-sbc-77a1;received=192.0.2.20',
      via,
      'Max-Forwards: 69',
      ...dialog,
      'To: <sip:2000@um.example.com>',
      'CSeq: 101 INVITE',
      'Contact: <sip:+15551230001@192.0.2.10:5060;transport=udp>',
      'Diversion: <sip:1234@pbx.example.com;user=phone>;reason=no-answer;counter=1;privacy=off;screen=no',
      'Record-Route: <sip:192.0.2.20;lr;ftag=9fxced76sl>',
      'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, UPDATE',
      'Supported: timer, replaces, 100rel',
      'Session-Expires: 1800;refresher=uac',
      'User-Agent: ExampleGateway/15.4',
      'Content-Type: application/sdp',
      'Content-Length: *',
    ], sdpOffer),
  },
  {
    name: '100 Trying',
    data: msg([
      'SIP/2.0 100 Trying',
      'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-sbc-77a1;received=192.0.2.20',
      via,
      ...dialog,
      'To: <sip:2000@um.example.com>',
      'CSeq: 101 INVITE',
      'Content-Length: 0',
    ]),
  },
  {
    name: '180 Ringing',
    data: msg([
      'SIP/2.0 180 Ringing',
      'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-sbc-77a1;received=192.0.2.20',
      via,
      'Record-Route: <sip:192.0.2.20;lr;ftag=9fxced76sl>',
      ...dialog,
      'To: <sip:2000@um.example.com>;tag=um-5d1e0a',
      'CSeq: 101 INVITE',
      'Contact: <sip:2000@192.0.2.50:5060>',
      'Content-Length: 0',
    ]),
  },
  {
    name: '200 OK+SDP',
    data: msg([
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-sbc-77a1;received=192.0.2.20',
      via,
      'Record-Route: <sip:192.0.2.20;lr;ftag=9fxced76sl>',
      ...dialog,
      'To: <sip:2000@um.example.com>;tag=um-5d1e0a',
      'CSeq: 101 INVITE',
      'Contact: <sip:2000@192.0.2.50:5060>',
      'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY',
      'Supported: timer',
      'Server: OpenUM/0.1',
      'Content-Type: application/sdp',
      'Content-Length: *',
    ], sdpAnswer),
  },
  {
    name: 'ACK',
    data: msg([
      'ACK sip:2000@192.0.2.50:5060 SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bfa;rport',
      'Route: <sip:192.0.2.20;lr;ftag=9fxced76sl>',
      'Max-Forwards: 70',
      ...dialog,
      'To: <sip:2000@um.example.com>;tag=um-5d1e0a',
      'CSeq: 101 ACK',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'BYE',
    data: msg([
      'BYE sip:+15551230001@192.0.2.10:5060;transport=udp SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bK-um-0c3f2;rport',
      'Route: <sip:192.0.2.20;lr;ftag=9fxced76sl>',
      'Max-Forwards: 70',
      'From: <sip:2000@um.example.com>;tag=um-5d1e0a',
      'To: "Ann Caller" <sip:+15551230001@gw1.example.net;user=phone>;tag=9fxced76sl',
      'Call-ID: 3848276298220188511@gw1.example.net',
      'CSeq: 1 BYE',
      'User-Agent: OpenUM/0.1',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'REGISTER',
    data: msg([
      'REGISTER sip:um.example.com SIP/2.0',
      'Via: SIP/2.0/TCP 198.51.100.7:5060;branch=z9hG4bKnashds7;rport',
      'Max-Forwards: 70',
      'From: <sip:2001@um.example.com>;tag=a73kszlfl',
      'To: <sip:2001@um.example.com>',
      'Call-ID: 1j9FpLxk3uxtm8tn@198.51.100.7',
      'CSeq: 2 REGISTER',
      'Contact: <sip:2001@198.51.100.7:5060;transport=tcp>;expires=3600;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"',
      'Authorization: Digest username="2001", realm="um.example.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", uri="sip:um.example.com", response="dfe56131d1958046689d83306477ecc", algorithm=MD5',
      'Expires: 3600',
      'User-Agent: DeskPhone/8.1',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'NOTIFY message-summary',
    data: msg([
      'NOTIFY sip:2001@198.51.100.7:5060;transport=tcp SIP/2.0',
      'Via: SIP/2.0/TCP 192.0.2.50:5060;branch=z9hG4bK-um-mwi-81',
      'Max-Forwards: 70',
      'From: <sip:2001@um.example.com>;tag=um-mwi-4',
      'To: <sip:2001@um.example.com>',
      'Call-ID: mwi-2001-7c1b@um.example.com',
      'CSeq: 12 NOTIFY',
      'Event: message-summary',
      'Subscription-State: active;expires=3400',
      'Content-Type: application/simple-message-summary',
      'Content-Length: *',
    ], 'Messages-Waiting: yes\r\nMessage-Account: sip:2001@um.example.com\r\nVoice-Message: 2/8 (0/2)\r\n'),
  },
  {
    name: 'OPTIONS',
    data: msg([
      'OPTIONS sip:um.example.com SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-ping-1',
      'Max-Forwards: 70',
      'From: <sip:ping@sbc.example.net>;tag=p1',
      'To: <sip:um.example.com>',
      'Call-ID: ping-1@sbc.example.net',
      'CSeq: 1 OPTIONS',
      'Accept: application/sdp',
      'Content-Length: 0',
    ]),
  },
];
