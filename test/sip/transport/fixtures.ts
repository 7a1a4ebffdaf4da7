/**
 * Test helpers for the transport layer: a minimal codec for the simple messages these tests send
 * (the real parser lives in sip/message), message builders, a seeded random source, a waiter
 * for callbacks, and a self-signed certificate made with openssl.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SipHeaders } from '../../../src/sip/message/headers.js';
import type { NameAddr, Params, SipMessage, Via } from '../../../src/sip/message/types.js';
import type { MessageCodec } from '../../../src/sip/transport/codec.js';
import type { ListenConfig, TransportManagerOptions } from '../../../src/sip/transport/manager.js';
import { TransportManager } from '../../../src/sip/transport/manager.js';
import type { Endpoint, InboundMessage } from '../../../src/sip/transport/types.js';

function parseParams(parts: string[]): Params {
  const params: Params = new Map();
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) params.set(p.trim().toLowerCase(), null);
    else params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
  }
  return params;
}

function parseVia(value: string): Via {
  const m = /^(SIP\s*\/\s*2\.0)\s*\/\s*([A-Za-z]+)\s+(\[[^\]]+\]|[^:;\s]+)(?::(\d+))?\s*((?:;.*)?)$/.exec(value.trim());
  if (!m) throw new Error(`test codec: bad Via "${value}"`);
  return {
    protocol: 'SIP/2.0',
    transport: m[2]!.toUpperCase(),
    host: m[3]!,
    port: m[4] ? Number(m[4]) : null,
    params: parseParams(m[5]!.split(';').slice(1)),
  };
}

function parseNameAddr(value: string): NameAddr {
  const [addr, ...params] = value.split(';');
  const uri = addr!.trim().replace(/^<|>$/g, '');
  const colon = uri.indexOf(':');
  return { displayName: null, uri: { scheme: uri.slice(0, colon), opaque: uri.slice(colon + 1) }, params: parseParams(params) };
}

export function formatVia(via: Via): string {
  const params = [...via.params].map(([k, v]) => (v === null ? `;${k}` : `;${k}=${v}`)).join('');
  return `${via.protocol}/${via.transport} ${via.host}${via.port !== null ? `:${via.port}` : ''}${params}`;
}

/** Enough of RFC 3261 §7 for the messages in these tests; throws on anything else. */
export const testCodec: MessageCodec = {
  parse(data: Buffer, datagram: boolean): SipMessage {
    const end = data.indexOf('\r\n\r\n');
    if (end < 0) throw new Error('test codec: no empty line');
    const lines = data.toString('latin1', 0, end).split('\r\n');
    const startLine = lines.shift()!;
    const headers = new SipHeaders();
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`test codec: bad header line "${line}"`);
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
    const length = headers.get('Content-Length');
    const bodyStart = end + 4;
    const body = length === undefined && datagram
      ? data.subarray(bodyStart)
      : data.subarray(bodyStart, bodyStart + Number(length ?? 0));
    const cseq = (headers.get('CSeq') ?? '').split(/\s+/);
    const base = {
      version: 'SIP/2.0',
      headers,
      body: Buffer.from(body),
      via: headers.getAll('Via').map(parseVia),
      from: parseNameAddr(headers.get('From') ?? ''),
      to: parseNameAddr(headers.get('To') ?? ''),
      callId: headers.get('Call-ID') ?? '',
      cseq: { seq: Number(cseq[0]), method: cseq[1] ?? '' },
    };
    if (base.via.length === 0 || base.callId === '') throw new Error('test codec: missing Via or Call-ID');
    const status = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(startLine);
    if (status) return { ...base, type: 'response', status: Number(status[1]), reason: status[2]! };
    const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(startLine);
    if (!request) throw new Error(`test codec: bad start line "${startLine}"`);
    return { ...base, type: 'request', method: request[1]!, uri: parseNameAddr(request[2]!).uri };
  },
  serialize(msg: SipMessage): Buffer {
    const start = msg.type === 'request'
      ? `${msg.method} ${msg.uri.scheme}:${'opaque' in msg.uri ? msg.uri.opaque : ''} SIP/2.0`
      : `SIP/2.0 ${msg.status} ${msg.reason}`;
    const lines = [start, ...msg.via.map((v) => `Via: ${formatVia(v)}`)];
    for (const f of msg.headers) if (f.name !== 'Via' && f.name !== 'Content-Length') lines.push(`${f.name}: ${f.value}`);
    lines.push(`Content-Length: ${msg.body.length}`);
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), msg.body]);
  },
};

/** The bytes of a small request (OPTIONS unless told) with the given top Via and body. */
export function requestBytes(options: { via: string; callId?: string; method?: string; body?: string; compactLength?: boolean }): Buffer {
  const body = options.body ?? '';
  const method = options.method ?? 'OPTIONS';
  return Buffer.from(
    `${method} sip:um@127.0.0.1 SIP/2.0\r\n` +
      `Via: ${options.via}\r\n` +
      'From: <sip:gw@127.0.0.1>;tag=a1\r\n' +
      'To: <sip:um@127.0.0.1>\r\n' +
      `Call-ID: ${options.callId ?? 'call-1'}\r\n` +
      `CSeq: 1 ${method}\r\n` +
      `${options.compactLength ? 'l' : 'Content-Length'}: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** A 200 OK answering a parsed request (Via list copied). */
export function okFor(request: SipMessage): SipMessage {
  return {
    type: 'response', status: 200, reason: 'OK', version: 'SIP/2.0', headers: request.headers.clone(),
    body: Buffer.alloc(0), via: request.via, from: request.from, to: request.to, callId: request.callId, cseq: request.cseq,
  };
}

/** mulberry32: a small seeded generator so that a failing split can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Collects values pushed by callbacks; next() waits (bounded) for the next one. */
export class Inbox<T> {
  readonly #items: T[] = [];
  readonly #waiters: Array<(v: T) => void> = [];

  push = (value: T): void => {
    const w = this.#waiters.shift();
    if (w) w(value);
    else this.#items.push(value);
  };

  get length(): number {
    return this.#items.length;
  }

  next(timeoutMs = 2000): Promise<T> {
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(new Error(`nothing arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (v: T): void => {
        clearTimeout(timer);
        resolve(v);
      };
      this.#waiters.push(waiter);
    });
  }
}

export interface ParseFailure {
  err: unknown;
  raw: Buffer;
  source: Endpoint;
}

export interface TestServer {
  manager: TransportManager;
  messages: Inbox<InboundMessage>;
  parseErrors: Inbox<ParseFailure>;
  local(transport: Endpoint['transport']): Endpoint;
}

/** A started TransportManager with the test codec, collecting what it receives. */
export async function startServer(
  listen: ListenConfig[],
  extra: Partial<Omit<TransportManagerOptions, 'listen' | 'onMessage' | 'onParseError'>> = {},
  onMessage?: (inbound: InboundMessage, manager: TransportManager) => void,
): Promise<TestServer> {
  const messages = new Inbox<InboundMessage>();
  const parseErrors = new Inbox<ParseFailure>();
  const manager: TransportManager = new TransportManager({
    codec: testCodec,
    ...extra,
    listen,
    onMessage: (inbound) => {
      messages.push(inbound);
      onMessage?.(inbound, manager);
    },
    onParseError: (err, raw, source) => parseErrors.push({ err, raw, source }),
  });
  await manager.start();
  return {
    manager,
    messages,
    parseErrors,
    local(transport) {
      const found = manager.localEndpoints().find((e) => e.transport === transport);
      if (!found) throw new Error(`no ${transport} listener`);
      return found;
    },
  };
}

/** A self-signed certificate for localhost and 127.0.0.1 in a temp folder; remove() deletes it. */
export function selfSignedCertificate(): { cert: string; key: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'openum-tls-'));
  const cert = join(dir, 'c.pem');
  const key = join(dir, 'k.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
