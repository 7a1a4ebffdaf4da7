/**
 * A UserAgent on a ManualClock over a recording transport (no sockets): what it sends is kept,
 * and what a gateway would send back is written as SIP (built with the message factory, then
 * serialized and parsed, so typed fields and raw header lines agree as on the wire) and handed to
 * `ua.receive`. For the state machines of outgoing calls and subscriptions.
 */
import assert from 'node:assert/strict';
import { createResponse, parseMessage, serializeMessage } from '../../../src/sip/message/index.js';
import type { SipMessage, SipRequest, SipResponse } from '../../../src/sip/message/index.js';
import type { Endpoint, TransportName } from '../../../src/sip/transport/index.js';
import { TrustedPeers, UserAgent, type SubscribeHandler, type UaLogger } from '../../../src/sip/ua/index.js';
import { ManualClock } from '../../../src/util/clock.js';
import { RecordingSender } from '../transaction/fixtures.js';

export const T1 = 500;

/** The gateway: trusted, on UDP. */
export const gateway: Endpoint = { transport: 'UDP', address: '192.0.2.10', port: 5060 };
export const ourAddress = { host: '192.0.2.1', port: 5060 };

export const offerSdp = Buffer.from('v=0\r\no=um 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0 101\r\n');
export const answerSdp = Buffer.from('v=0\r\no=gw 7 7 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n');

const silent = { debug() {}, info() {}, warn() {} };
export const silentLogger: UaLogger = { ...silent, child: () => silentLogger };

class Transport extends RecordingSender {
  viaSentBy(_transport: TransportName): { host: string; port: number } {
    return ourAddress;
  }

  sendRaw(): Promise<void> {
    return Promise.resolve();
  }
}

export interface UaFixture {
  clock: ManualClock;
  transport: Transport;
  ua: UserAgent;
  /** A message from `from` (default: the gateway), round-tripped through the serializer and parser. */
  deliver(message: SipMessage, from?: Endpoint): void;
  /** Requests we sent of that method, in order. */
  sent(method: string): SipRequest[];
  /** Responses we sent, optionally to one method. */
  responses(method?: string): SipResponse[];
  /** The last request of that method we sent. */
  last(method: string): SipRequest;
}

export function uaFixture(options: { onSubscribe?: SubscribeHandler } = {}): UaFixture {
  const clock = new ManualClock();
  const transport = new Transport();
  const ua = new UserAgent({
    transport,
    clock,
    logger: silentLogger,
    trusted: new TrustedPeers([{ name: 'gw', address: gateway.address, port: gateway.port, transport: 'udp' }]),
    untrusted: 'drop',
    maxCalls: 10,
    product: 'OpenUM-test',
    timers: { T1, T2: 4000, T4: 5000 },
    sessionTimer: { sessionExpires: 1800, minSe: 90 },
    onInvite: (session) => session.reject(480),
    ...(options.onSubscribe ? { onSubscribe: options.onSubscribe } : {}),
  });
  const deliver = (message: SipMessage, from: Endpoint = gateway): void => {
    const raw = serializeMessage(message);
    ua.receive({ message: parseMessage(raw, { datagram: true }), source: from, local: { transport: from.transport, address: ourAddress.host, port: ourAddress.port }, raw });
  };
  const sent = (method: string): SipRequest[] => transport.requests(method);
  const responses = (method?: string): SipResponse[] =>
    transport.sent.flatMap((s) => (s.message.type === 'response' && (method === undefined || s.message.cseq.method === method) ? [s.message] : []));
  const last = (method: string): SipRequest => {
    const all = sent(method);
    assert.ok(all.length > 0, `a ${method} was sent; sent: ${transport.sent.map((s) => (s.message.type === 'request' ? s.message.method : `${s.message.status}`)).join(' ')}`);
    return all[all.length - 1]!;
  };
  return { clock, transport, ua, deliver, sent, responses, last };
}

export interface ReplyOptions {
  toTag?: string;
  reason?: string;
  contact?: string;
  headers?: Array<readonly [string, string]>;
  body?: Buffer | string;
  contentType?: string;
}

/** The gateway's response to one of our requests (§8.2.6). */
export function reply(request: SipRequest, status: number, options: ReplyOptions = {}): SipResponse {
  const headers: Array<readonly [string, string]> = [...(options.contact ? [['Contact', options.contact] as const] : []), ...(options.headers ?? [])];
  return createResponse(request, status, options.reason, {
    ...(options.toTag ? { toTag: options.toTag } : {}),
    headers,
    ...(options.body !== undefined ? { body: options.body, contentType: options.contentType ?? 'application/sdp' } : {}),
  });
}

let counter = 0;

export interface PeerRequestSpec {
  method: string;
  uri?: string;
  callId: string;
  /** The gateway's tag (From). */
  fromTag: string;
  /** Our tag (To); omit for a request outside a dialog. */
  toTag?: string;
  cseq: number;
  headers?: string[];
  body?: string;
  contentType?: string;
  fromUri?: string;
  toUri?: string;
}

/** A request from the gateway, written as text and parsed. */
export function peerRequest(spec: PeerRequestSpec): SipRequest {
  counter++;
  const body = spec.body ?? '';
  const lines = [
    `${spec.method} ${spec.uri ?? 'sip:192.0.2.1:5060'} SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKpeer${counter};rport`,
    'Max-Forwards: 70',
    `From: <${spec.fromUri ?? 'sip:gw@192.0.2.10'}>;tag=${spec.fromTag}`,
    `To: <${spec.toUri ?? 'sip:2000@um.example.test'}>${spec.toTag ? `;tag=${spec.toTag}` : ''}`,
    `Call-ID: ${spec.callId}`,
    `CSeq: ${spec.cseq} ${spec.method}`,
    'Contact: <sip:gw@192.0.2.10:5060>',
    ...(spec.headers ?? []),
    ...(body === '' ? [] : [`Content-Type: ${spec.contentType ?? 'application/sdp'}`]),
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  const msg = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`), { datagram: true });
  assert.equal(msg.type, 'request');
  return msg as SipRequest;
}

/** Lets resolved promises run their callbacks (no time passes on any clock). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
