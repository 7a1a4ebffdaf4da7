/**
 * Test builders for the transaction layer: SipRequest/SipResponse objects with both the typed
 * fields and the raw header lines (as the parser would produce them), a recording MessageSender
 * (a real sender that keeps what it was asked to send) and recording transaction users.
 */
import { SipHeaders } from '../../../src/sip/message/headers.js';
import type { NameAddr, Params, SipMessage, SipRequest, SipResponse, SipUri, Via } from '../../../src/sip/message/types.js';
import type { Endpoint, InboundMessage, MessageSender, TransportName } from '../../../src/sip/transport/types.js';
import type { ClientTransactionUser, ServerTransactionUser } from '../../../src/sip/transaction/index.js';

export const udpPeer: Endpoint = { transport: 'UDP', address: '192.0.2.10', port: 5060 };
export const tcpPeer: Endpoint = { transport: 'TCP', address: '192.0.2.10', port: 5060, connectionId: 'c1' };
export const local: Endpoint = { transport: 'UDP', address: '192.0.2.1', port: 5060 };

export interface RequestSpec {
  method?: string;
  /** Top Via branch; null for none (RFC 2543 peers). */
  branch?: string | null;
  transport?: TransportName;
  viaHost?: string;
  viaPort?: number | null;
  requestUser?: string;
  callId?: string;
  cseq?: number;
  fromTag?: string;
  toTag?: string | null;
  routes?: string[];
  /** A second Via below the top one (as when a proxy forwarded the request). */
  secondVia?: string;
  timestamp?: string;
}

let counter = 0;

function params(entries: Record<string, string | null>): Params {
  return new Map(Object.entries(entries));
}

function paramsText(p: Params): string {
  return [...p].map(([k, v]) => (v === null ? `;${k}` : `;${k}=${v}`)).join('');
}

function sipUri(user: string | null, host: string): SipUri {
  return { scheme: 'sip', user, password: null, host, port: null, params: new Map(), headers: new Map() };
}

function nameAddr(user: string, host: string, tag: string | null): NameAddr {
  return { displayName: null, uri: sipUri(user, host), params: params(tag === null ? {} : { tag }) };
}

function nameAddrText(na: NameAddr): string {
  const uri = na.uri as SipUri;
  return `<sip:${uri.user}@${uri.host}>${paramsText(na.params)}`;
}

function viaText(via: Via): string {
  return `${via.protocol}/${via.transport} ${via.host}${via.port === null ? '' : `:${via.port}`}${paramsText(via.params)}`;
}

/** A request as the parser would hand it over. */
export function makeRequest(spec: RequestSpec = {}): SipRequest {
  counter++;
  const method = spec.method ?? 'INVITE';
  const branch = spec.branch === undefined ? `z9hG4bKtest${counter}` : spec.branch;
  const via: Via = {
    protocol: 'SIP/2.0',
    transport: spec.transport ?? 'UDP',
    host: spec.viaHost ?? 'pbx.example.net',
    port: spec.viaPort === undefined ? 5060 : spec.viaPort,
    params: params(branch === null ? {} : { branch }),
  };
  const from = nameAddr('alice', 'example.net', spec.fromTag ?? `from${counter}`);
  const to = nameAddr('1001', 'um.example.com', spec.toTag ?? null);
  const callId = spec.callId ?? `call-${counter}@pbx.example.net`;
  const seq = spec.cseq ?? 1;
  const uri = sipUri(spec.requestUser ?? '1001', 'um.example.com');
  const headers = new SipHeaders();
  headers.append('Via', viaText(via));
  const vias = [via];
  if (spec.secondVia !== undefined) {
    headers.append('Via', spec.secondVia);
    vias.push({ protocol: 'SIP/2.0', transport: 'UDP', host: 'proxy.example.net', port: null, params: new Map() });
  }
  headers.append('Max-Forwards', '70');
  for (const route of spec.routes ?? []) headers.append('Route', route);
  headers.append('From', nameAddrText(from));
  headers.append('To', nameAddrText(to));
  headers.append('Call-ID', callId);
  headers.append('CSeq', `${seq} ${method}`);
  if (spec.timestamp !== undefined) headers.append('Timestamp', spec.timestamp);
  headers.append('Contact', '<sip:alice@192.0.2.10>');
  headers.append('Content-Length', '0');
  return {
    type: 'request', version: 'SIP/2.0', method, uri, headers, body: Buffer.alloc(0),
    via: vias, from, to, callId, cseq: { seq, method },
  };
}

/** A response to `request` as the UAS core would build it (§8.2.6), with an optional To tag. */
export function makeResponse(request: SipRequest, status: number, toTag: string | null = status > 100 ? 'uastag' : null): SipResponse {
  const to: NameAddr = { ...request.to, params: new Map(request.to.params) };
  if (toTag !== null && !to.params.has('tag')) to.params.set('tag', toTag);
  const headers = new SipHeaders();
  for (const v of request.headers.getAll('Via')) headers.append('Via', v);
  headers.append('From', request.headers.get('From') ?? '');
  headers.append('To', nameAddrText(to));
  headers.append('Call-ID', request.callId);
  headers.append('CSeq', `${request.cseq.seq} ${request.cseq.method}`);
  headers.append('Content-Length', '0');
  return {
    type: 'response', version: 'SIP/2.0', status, reason: status === 200 ? 'OK' : 'Test', headers,
    body: Buffer.alloc(0), via: request.via.slice(), from: request.from, to, callId: request.callId,
    cseq: { ...request.cseq },
  };
}

/**
 * The ACK a UAC sends for `response`: for a non-2xx with the INVITE's branch (§17.1.1.3), for a 2xx
 * a new transaction with a fresh branch (§13.2.2.4) unless `branch` is given.
 */
export function makeAck(invite: SipRequest, response: SipResponse, branch?: string | null): SipRequest {
  const inviteBranch = invite.via[0]?.params.get('branch') ?? null;
  const ackBranch = branch !== undefined ? branch : response.status >= 300 ? inviteBranch : `z9hG4bKack${++counter}`;
  const via: Via = { ...invite.via[0]!, params: params(ackBranch === null ? {} : { branch: ackBranch }) };
  const headers = new SipHeaders();
  headers.append('Via', viaText(via));
  headers.append('From', invite.headers.get('From') ?? '');
  headers.append('To', response.headers.get('To') ?? '');
  headers.append('Call-ID', invite.callId);
  headers.append('CSeq', `${invite.cseq.seq} ACK`);
  return {
    type: 'request', version: 'SIP/2.0', method: 'ACK', uri: invite.uri, headers, body: Buffer.alloc(0),
    via: [via], from: invite.from, to: response.to, callId: invite.callId, cseq: { seq: invite.cseq.seq, method: 'ACK' },
  };
}

export function inbound(message: SipMessage, source: Endpoint = udpPeer): InboundMessage {
  return { message, source, local: { ...local, transport: source.transport }, raw: Buffer.alloc(0) };
}

export interface SentRecord {
  message: SipMessage;
  target: Endpoint;
}

/** A MessageSender that records each send; `failWith` makes the following sends reject. */
export class RecordingSender implements MessageSender {
  readonly sent: SentRecord[] = [];
  failWith: Error | null = null;

  send(message: SipMessage, target: Endpoint): Promise<void> {
    this.sent.push({ message, target });
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve();
  }

  /** Sent requests of that method. */
  requests(method: string): SipRequest[] {
    return this.sent.flatMap((s) => (s.message.type === 'request' && s.message.method === method ? [s.message] : []));
  }

  /** Sent responses with that status. */
  responses(status: number): SipResponse[] {
    return this.sent.flatMap((s) => (s.message.type === 'response' && s.message.status === status ? [s.message] : []));
  }
}

export class RecordingClientUser implements ClientTransactionUser {
  readonly responses: SipResponse[] = [];
  readonly errors: Error[] = [];
  timeouts = 0;
  terminated = 0;
  receiveResponse(response: SipResponse): void { this.responses.push(response); }
  onTimeout(): void { this.timeouts++; }
  onTransportError(err: Error): void { this.errors.push(err); }
  onTerminated(): void { this.terminated++; }
}

export class RecordingServerUser implements ServerTransactionUser {
  readonly errors: Error[] = [];
  timeouts = 0;
  terminated = 0;
  onTimeout(): void { this.timeouts++; }
  onTransportError(err: Error): void { this.errors.push(err); }
  onTerminated(): void { this.terminated++; }
}

/** Lets pending promise callbacks (a rejected send) run. Not a sleep: no time passes. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The times at which `sender` sent messages matching `pick`, read by advancing `clock` 1 ms at a time. */
export function sendTimes(clock: { advance(ms: number): void; now(): number }, sender: RecordingSender, until: number, pick: (m: SipMessage) => boolean): number[] {
  const times: number[] = [];
  let seen = sender.sent.filter((s) => pick(s.message)).length;
  while (clock.now() < until) {
    clock.advance(1);
    const count = sender.sent.filter((s) => pick(s.message)).length;
    for (; seen < count; seen++) times.push(clock.now());
  }
  return times;
}
