/**
 * Test scaffolding for the dialog layer: SIP requests written as text and parsed (so that typed
 * fields and raw header lines agree, as on the wire), a SessionHost that records what the session
 * sends and answers its in-dialog requests with scripted responses, and a real TransactionLayer
 * over a recording sender that hands out INVITE server transactions.
 */
import assert from 'node:assert/strict';
import { InviteSession, type AckResult, type Dialog, type InDialogResult, type SessionHost, type SessionTimerPolicy } from '../../../src/sip/dialog/index.js';
import { createResponse, newBranch, type ExtraHeaders } from '../../../src/sip/message/factory.js';
import { parseMessage, type NameAddr, type SipMessage, type SipRequest, type SipResponse } from '../../../src/sip/message/index.js';
import { TransactionLayer, type InviteServerTransaction, type ServerTransaction } from '../../../src/sip/transaction/index.js';
import type { Endpoint, TransportName } from '../../../src/sip/transport/index.js';
import { ManualClock } from '../../../src/util/clock.js';
import { inbound, RecordingSender, udpPeer } from '../transaction/fixtures.js';

export const T1 = 500;
export const T2 = 4000;

/** Parses request text written with "\n" line ends; Content-Length is computed. */
export function request(head: string[], body = ''): SipRequest {
  const lines = head.filter((l) => !/^Content-Length:/i.test(l));
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  const msg = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'utf8'));
  assert.equal(msg.type, 'request');
  return msg as SipRequest;
}

export interface InviteSpec {
  callId?: string;
  cseq?: number;
  fromTag?: string;
  recordRoute?: string[];
  contact?: string;
  requestUri?: string;
  /** Extra header lines, e.g. `Session-Expires: 1800;refresher=uac`. */
  headers?: string[];
  body?: string;
}

let counter = 0;

export const offer = 'v=0\r\no=gw 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
export const answer = 'v=0\r\no=um 2 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\n';

/** An initial INVITE from the gateway at udpPeer (192.0.2.10:5060). */
export function invite(spec: InviteSpec = {}): SipRequest {
  counter++;
  const body = spec.body ?? offer;
  return request([
    `INVITE ${spec.requestUri ?? 'sip:1001@um.example.com'} SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinv${counter}`,
    'Max-Forwards: 70',
    ...(spec.recordRoute ?? []).map((r) => `Record-Route: ${r}`),
    `From: "Alice" <sip:alice@example.net>;tag=${spec.fromTag ?? `gw${counter}`}`,
    'To: <sip:1001@um.example.com>',
    `Call-ID: ${spec.callId ?? `call-${counter}@192.0.2.10`}`,
    `CSeq: ${spec.cseq ?? 101} INVITE`,
    `Contact: ${spec.contact ?? '<sip:alice@192.0.2.10:5060>'}`,
    ...(spec.headers ?? []),
    ...(body === '' ? [] : ['Content-Type: application/sdp']),
  ], body);
}

export interface InDialogSpec {
  cseq: number;
  headers?: string[];
  body?: string;
  contentType?: string;
  /** Overrides the CSeq method (defaults to the method). */
  cseqMethod?: string;
}

/** A request from the gateway within the session's dialog (To tag = ours). */
export function inDialog(session: InviteSession, method: string, spec: InDialogSpec): SipRequest {
  counter++;
  const inv = session.invite;
  const body = spec.body ?? '';
  return request([
    `${method} sip:192.0.2.1:5060 SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKdlg${counter}`,
    'Max-Forwards: 70',
    `From: ${inv.headers.get('From')}`,
    `To: <sip:1001@um.example.com>;tag=${session.localTag}`,
    `Call-ID: ${inv.callId}`,
    `CSeq: ${spec.cseq} ${spec.cseqMethod ?? method}`,
    'Contact: <sip:alice@192.0.2.10:5060>',
    ...(spec.headers ?? []),
    ...(body === '' ? [] : [`Content-Type: ${spec.contentType ?? 'application/sdp'}`]),
  ], body);
}

/** The ACK for a 2xx to INVITE number `cseq` (a new transaction, §13.2.2.4). */
export function ackFor(session: InviteSession, cseq: number, body = ''): SipRequest {
  counter++;
  const inv = session.invite;
  return request([
    'ACK sip:192.0.2.1:5060 SIP/2.0',
    `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKack${counter}`,
    'Max-Forwards: 70',
    `From: ${inv.headers.get('From')}`,
    `To: <sip:1001@um.example.com>;tag=${session.localTag}`,
    `Call-ID: ${inv.callId}`,
    `CSeq: ${cseq} ACK`,
    ...(body === '' ? [] : ['Content-Type: application/sdp']),
  ], body);
}

export interface InDialogCall {
  dialog: Dialog;
  method: string;
  hint: Endpoint;
  extras: ExtraHeaders;
  /** The request as the dialog builds it (§12.2.1.1), for header checks. */
  request: SipRequest;
  at: number;
}

interface Deferred {
  call: InDialogCall;
  resolve(status: number): void;
  reject(err: Error): void;
}

/**
 * A SessionHost over a ManualClock. `sendDirect` records (2xx retransmissions); `requestInDialog`
 * records and answers with `answer(method)` (a status, or 'hold' to leave it pending until
 * `release`).
 */
export class ScriptedHost implements SessionHost {
  readonly clock: ManualClock;
  readonly timers = { t1: T1, t2: T2 };
  readonly sessionTimer: SessionTimerPolicy;
  readonly logger = { debug() {}, info() {}, warn() {} };
  readonly direct: Array<{ message: SipMessage; target: Endpoint; at: number }> = [];
  readonly calls: InDialogCall[] = [];
  readonly held: Deferred[] = [];
  readonly registeredKeys: string[] = [];
  readonly releasedKeys: Array<string | null> = [];
  answer: (method: string) => number | 'hold' = (method) => (method === 'REFER' ? 202 : 200);
  /** Whether 2xx answers echo the request's Session-Expires (a peer that supports RFC 4028). */
  echoSessionExpires = true;

  constructor(clock: ManualClock, sessionTimer: SessionTimerPolicy = { sessionExpires: 1800, minSe: 90 }) {
    this.clock = clock;
    this.sessionTimer = sessionTimer;
  }

  sendDirect(message: SipMessage, target: Endpoint): Promise<void> {
    this.direct.push({ message, target, at: this.clock.now() });
    return Promise.resolve();
  }

  requestInDialog(dialog: Dialog, method: string, hint: Endpoint, extras: ExtraHeaders = {}): Promise<InDialogResult> {
    const via = { protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.1', port: 5060, params: new Map([['branch', newBranch()]]) };
    const req = dialog.createRequest(method, via, method === 'INVITE' || method === 'UPDATE' ? this.contact('UDP') : undefined, extras);
    const call: InDialogCall = { dialog, method, hint, extras, request: req, at: this.clock.now() };
    this.calls.push(call);
    return new Promise<InDialogResult>((resolve, reject) => {
      // A peer that supports RFC 4028 echoes the refresh's Session-Expires in its 2xx (§9), which
      // is what tells the refresher to keep refreshing (§7.2).
      const se = req.headers.get('Session-Expires');
      const finish = (status: number): void =>
        resolve({ request: req, response: createResponse(req, status, undefined, status < 300 && se && this.echoSessionExpires ? { headers: [['Session-Expires', se]] } : {}), target: hint });
      const verdict = this.answer(method);
      if (verdict === 'hold') this.held.push({ call, resolve: finish, reject });
      else finish(verdict);
    });
  }

  /** ACKs for 2xx (§13.2.2.4), recorded with the direct sends. */
  sendAck(dialog: Dialog, seq: number, hint: Endpoint, extras: ExtraHeaders = {}): Promise<AckResult> {
    const via = { protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.1', port: 5060, params: new Map([['branch', newBranch()]]) };
    const ack = dialog.createRequest('ACK', via, undefined, extras, seq);
    this.direct.push({ message: ack, target: hint, at: this.clock.now() });
    return Promise.resolve({ ack, target: hint });
  }

  contact(transport: TransportName): NameAddr {
    return {
      displayName: null,
      uri: { scheme: 'sip', user: null, password: null, host: '192.0.2.1', port: 5060, params: new Map(transport === 'UDP' ? [] : [['transport', transport.toLowerCase()]]), headers: new Map() },
      params: new Map(),
    };
  }

  released(key: string | null): void {
    this.releasedKeys.push(key);
  }

  registered(key: string): void {
    this.registeredKeys.push(key);
  }

  /** In-dialog requests of that method sent so far. */
  sent(method: string): InDialogCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** 2xx retransmissions sent for INVITE number `cseq` (times). */
  retransmitTimes(cseq: number): number[] {
    return this.direct.filter((d) => d.message.type === 'response' && d.message.cseq.seq === cseq && d.message.status === 200).map((d) => d.at);
  }
}

export interface SessionFixture {
  clock: ManualClock;
  host: ScriptedHost;
  sender: RecordingSender;
  layer: TransactionLayer;
  tx: InviteServerTransaction;
  session: InviteSession;
  /** Feeds an in-dialog request through the transaction layer to the session; returns the response it got. */
  send(req: SipRequest): SipResponse | undefined;
  /** The responses sent through transactions, in order. */
  responses(): SipResponse[];
}

export function sessionFixture(inv: SipRequest = invite(), policy?: SessionTimerPolicy): SessionFixture {
  const clock = new ManualClock();
  const sender = new RecordingSender();
  const layer = new TransactionLayer({ sender, clock });
  const host = new ScriptedHost(clock, policy);
  const disposition = layer.receiveRequest(inbound(inv, udpPeer), udpPeer);
  assert.equal(disposition.kind, 'new');
  const tx = disposition.transaction as InviteServerTransaction;
  const session = new InviteSession(host, inv, tx, udpPeer);
  const responses = (): SipResponse[] => sender.sent.flatMap((s) => (s.message.type === 'response' ? [s.message] : []));
  const send = (req: SipRequest): SipResponse | undefined => {
    const before = sender.sent.length;
    const d = layer.receiveRequest(inbound(req, udpPeer), udpPeer);
    assert.equal(d.kind, 'new', `${req.method} should start a new server transaction`);
    session.receiveRequest(req, (d as { transaction: ServerTransaction }).transaction);
    const out = sender.sent.slice(before).flatMap((s) => (s.message.type === 'response' ? [s.message] : []));
    return out[out.length - 1];
  };
  return { clock, host, sender, layer, tx, session, send, responses };
}

/** Accepts with the SDP answer and confirms with the ACK; returns the 200. */
export async function established(f: SessionFixture): Promise<SipResponse> {
  const acked = f.session.accept({ body: answer, contentType: 'application/sdp' });
  const ok = f.responses().find((r) => r.status === 200);
  assert.ok(ok, 'accept() sent a 200');
  f.session.receiveAck(ackFor(f.session, f.session.invite.cseq.seq));
  await acked;
  assert.equal(f.session.state, 'confirmed');
  return ok;
}

/** Lets resolved promises run their callbacks (no time passes on any clock). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
