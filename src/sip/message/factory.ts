/**
 * Building the messages OpenUM sends: responses to received requests (RFC 3261 §8.2.6) and new
 * requests (§8.1.1). Typed header values are kept in the typed fields and written to the raw
 * header list with the formatters, so that what is serialized is what the layers reasoned about.
 */
import { randomBytes } from 'node:crypto';
import { SipHeaders } from './headers.js';
import { formatNameAddr, formatUri, formatVia } from './index.js';
import { reasonPhrase } from './reasons.js';
import type { NameAddr, SipRequest, SipResponse, Uri, Via } from './types.js';

export interface ExtraHeaders {
  /** Extra header fields, appended in order. */
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Buffer | string;
  /** Content-Type of the body (required with a non-empty body). */
  contentType?: string;
}

export interface ResponseOptions extends ExtraHeaders {
  /** To tag to add when the request's To has none (§8.2.6.2). */
  toTag?: string;
}

/** A random token of 64 bits, hex, for tags (§19.3: at least 32 bits of randomness). */
export function newTag(): string {
  return randomBytes(8).toString('hex');
}

/** A globally unique Call-ID (§8.1.1.4). */
export function newCallId(host: string): string {
  return `${randomBytes(12).toString('hex')}@${host}`;
}

/** A new branch with the RFC 3261 magic cookie (§8.1.1.7). */
export function newBranch(): string {
  return `z9hG4bK${randomBytes(10).toString('hex')}`;
}

function cloneNameAddr(na: NameAddr): NameAddr {
  return { displayName: na.displayName, uri: na.uri, params: new Map(na.params) };
}

function cloneVia(v: Via): Via {
  return { ...v, params: new Map(v.params) };
}

function applyExtras(headers: SipHeaders, extras: ExtraHeaders): Buffer {
  for (const [name, value] of extras.headers ?? []) headers.append(name, value);
  const body = extras.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(extras.body) ? extras.body : Buffer.from(extras.body, 'utf8');
  if (body.length > 0 && extras.contentType) headers.set('Content-Type', extras.contentType);
  headers.set('Content-Length', String(body.length));
  return body;
}

/**
 * §8.2.6.2: a response copies Via (all values, in order, with received/rport as the transport set
 * them), From, Call-ID and CSeq, and To with a tag added when absent (except on 100 Trying).
 */
export function createResponse(request: SipRequest, status: number, reason?: string, options: ResponseOptions = {}): SipResponse {
  const via = request.via.map(cloneVia);
  const from = cloneNameAddr(request.from);
  const to = cloneNameAddr(request.to);
  if (status > 100 && !to.params.has('tag') && options.toTag) to.params.set('tag', options.toTag);
  const headers = new SipHeaders();
  for (const v of via) headers.append('Via', formatVia(v));
  headers.append('From', formatNameAddr(from));
  headers.append('To', formatNameAddr(to));
  headers.append('Call-ID', request.callId);
  headers.append('CSeq', `${request.cseq.seq} ${request.cseq.method}`);
  const body = applyExtras(headers, options);
  return {
    type: 'response',
    version: 'SIP/2.0',
    status,
    reason: reason ?? reasonPhrase(status),
    headers,
    body,
    via,
    from,
    to,
    callId: request.callId,
    cseq: { ...request.cseq },
  };
}

export interface RequestSpec extends ExtraHeaders {
  method: string;
  uri: Uri;
  from: NameAddr;
  to: NameAddr;
  callId: string;
  cseq: number;
  via: Via;
  contact?: NameAddr;
  /** Route set in order (§12.2.1.1 / §8.1.2). */
  routes?: readonly NameAddr[];
  maxForwards?: number;
}

/** §8.1.1: a request with the mandatory header fields in their conventional order. */
export function createRequest(spec: RequestSpec): SipRequest {
  const headers = new SipHeaders();
  const via = cloneVia(spec.via);
  headers.append('Via', formatVia(via));
  headers.append('Max-Forwards', String(spec.maxForwards ?? 70));
  for (const r of spec.routes ?? []) headers.append('Route', formatNameAddr(r));
  headers.append('From', formatNameAddr(spec.from));
  headers.append('To', formatNameAddr(spec.to));
  headers.append('Call-ID', spec.callId);
  headers.append('CSeq', `${spec.cseq} ${spec.method}`);
  if (spec.contact) headers.append('Contact', formatNameAddr(spec.contact));
  const body = applyExtras(headers, spec);
  return {
    type: 'request',
    version: 'SIP/2.0',
    method: spec.method,
    uri: spec.uri,
    headers,
    body,
    via: [via],
    from: cloneNameAddr(spec.from),
    to: cloneNameAddr(spec.to),
    callId: spec.callId,
    cseq: { seq: spec.cseq, method: spec.method },
  };
}

export { formatUri };
