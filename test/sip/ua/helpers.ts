/**
 * Loopback scaffolding for the user agent core: a real server from startServer() on 127.0.0.1
 * with port 0, configured through parseConfig like a file would be, and a gateway stand-in that
 * writes raw SIP text over UDP or TCP and parses what comes back.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket as TcpSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../../src/config/index.js';
import type { InviteSession } from '../../../src/sip/dialog/index.js';
import { frameStream, parseMessage, type SipMessage, type SipRequest, type SipResponse } from '../../../src/sip/message/index.js';
import type { Endpoint } from '../../../src/sip/transport/index.js';
import type { IncomingCallContext } from '../../../src/sip/ua/index.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { createLogger } from '../../../src/util/logger.js';

export interface ServerSpec {
  /** The configured gateway's address (127.0.0.1 makes the test client trusted). */
  gateway?: string;
  untrusted?: 'drop' | 'reject';
  maxCalls?: number;
  t1Ms?: number;
}

export function testConfig(spec: ServerSpec, dataDir: string): Config {
  const yaml = [
    `dataDir: ${JSON.stringify(dataDir)}`,
    'sip:',
    '  domain: um.example.test',
    '  listen:',
    '    - { transport: udp, host: 127.0.0.1, port: 0 }',
    '    - { transport: tcp, host: 127.0.0.1, port: 0 }',
    `  untrusted: ${spec.untrusted ?? 'drop'}`,
    `  maxCalls: ${spec.maxCalls ?? 50}`,
    '  optionsPingSeconds: 0',
    `  timers: { t1Ms: ${spec.t1Ms ?? 50}, t2Ms: 400, t4Ms: 500 }`,
    'rtp: { host: 127.0.0.1 }',
    'dialPlans:',
    '  - { name: HQ, extensionDigits: 4, countryCode: "1" }',
    'gateways:',
    `  - { name: pbx, address: ${spec.gateway ?? '127.0.0.1'}, port: 5080, transport: udp, dialPlan: HQ }`,
    '',
  ].join('\n');
  return parseConfig(yaml, 'test.yaml').config;
}

export type App = (session: InviteSession, context: IncomingCallContext) => void;

export interface TestServer {
  server: RunningServer;
  udp: Endpoint;
  tcp: Endpoint;
  /** The application new calls go to; tests swap it. Default: 480 as the placeholder does. */
  app: App;
  /** Every session the application was given, in order. */
  sessions: InviteSession[];
  close(): Promise<void>;
}

export async function startTestServer(spec: ServerSpec = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openum-ua-'));
  const config = testConfig(spec, dataDir);
  const holder: TestServer = {
    server: undefined as unknown as RunningServer,
    udp: undefined as unknown as Endpoint,
    tcp: undefined as unknown as Endpoint,
    app: (session) => session.reject(480, 'Temporarily Unavailable'),
    sessions: [],
    close: async () => {
      await holder.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  holder.server = await startServer(config, {
    logger: createLogger({ level: 'silent' }),
    configPath: join(dataDir, 'test.yaml'),
    onInvite: (session, context) => {
      holder.sessions.push(session);
      holder.app(session, context);
    },
  });
  const endpoints = holder.server.sipEndpoints();
  const udp = endpoints.find((e) => e.transport === 'UDP');
  const tcp = endpoints.find((e) => e.transport === 'TCP');
  assert.ok(udp && tcp, `server bound UDP and TCP: ${JSON.stringify(endpoints)}`);
  holder.udp = udp;
  holder.tcp = tcp;
  return holder;
}

/** The whole server (startServer) with an application that answers trusted calls 480. */
export async function startPlaceholderServer(spec: ServerSpec = {}): Promise<{ server: RunningServer; udp: Endpoint; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openum-ua-'));
  // The whole server, with an application that declines every call (the UM application answers).
  const server = await startServer(testConfig(spec, dataDir), {
    logger: createLogger({ level: 'silent' }),
    configPath: join(dataDir, 'test.yaml'),
    onInvite: (session) => session.reject(480, 'Temporarily Unavailable'),
  });
  const udp = server.sipEndpoints().find((e) => e.transport === 'UDP');
  assert.ok(udp);
  return {
    server,
    udp,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Received {
  message: SipMessage | null;
  raw: Buffer;
  at: number;
}

/** What arrived, and a way to wait for the next message that matches. */
class Inbox {
  readonly received: Received[] = [];
  #waiters: Array<() => void> = [];

  push(raw: Buffer, datagram: boolean): void {
    let message: SipMessage | null = null;
    try {
      message = parseMessage(raw, { datagram });
    } catch {
      message = null;
    }
    this.received.push({ message, raw, at: performance.now() });
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  responses(pick: (r: SipResponse) => boolean = () => true): SipResponse[] {
    return this.received.flatMap((r) => (r.message?.type === 'response' && pick(r.message) ? [r.message] : []));
  }

  requests(pick: (r: SipRequest) => boolean = () => true): SipRequest[] {
    return this.received.flatMap((r) => (r.message?.type === 'request' && pick(r.message) ? [r.message] : []));
  }

  /** Resolves with the n-th (1-based) message matching `pick`, or rejects after timeoutMs. */
  async waitFor<T extends SipMessage>(pick: (m: SipMessage) => m is T, what: string, nth = 1, timeoutMs = 3000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.received.flatMap((r) => (r.message && pick(r.message) ? [r.message] : []));
      if (found.length >= nth) return found[nth - 1]!;
      const left = deadline - performance.now();
      if (left <= 0) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; got: ${this.summary()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  summary(): string {
    return JSON.stringify(this.received.map((r) => (r.message ? (r.message.type === 'response' ? `${r.message.status} ${r.message.cseq.method}` : r.message.method) : `<${r.raw.length} unparsed bytes>`)));
  }
}

/** The n-th response of `status` to `method` with this Call-ID. */
export const response = (callId: string, status: number, method?: string) =>
  (m: SipMessage): m is SipResponse => m.type === 'response' && m.callId === callId && m.status === status && (method === undefined || m.cseq.method === method);

/** Any response with this Call-ID. */
export const anyResponse = (callId: string) => (m: SipMessage): m is SipResponse => m.type === 'response' && m.callId === callId;

/** The gateway stand-in over UDP. */
export class UdpGateway {
  readonly inbox = new Inbox();
  readonly #socket: UdpSocket;
  readonly #server: Endpoint;
  port = 0;

  private constructor(server: Endpoint) {
    this.#server = server;
    this.#socket = createSocket('udp4');
    this.#socket.on('message', (data) => this.inbox.push(data, true));
  }

  static async open(server: Endpoint): Promise<UdpGateway> {
    const gw = new UdpGateway(server);
    await new Promise<void>((resolve) => gw.#socket.bind(0, '127.0.0.1', resolve));
    gw.port = gw.#socket.address().port;
    return gw;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  send(text: string | Buffer): Promise<void> {
    const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    return new Promise((resolve, reject) => this.#socket.send(data, this.#server.port, this.#server.address, (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }
}

/** The gateway stand-in over one TCP connection. */
export class TcpGateway {
  readonly inbox = new Inbox();
  readonly #socket: TcpSocket;
  #buffer: Buffer = Buffer.alloc(0);

  private constructor(socket: TcpSocket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      for (;;) {
        const framed = frameStream(this.#buffer);
        if (!('messageLength' in framed)) break;
        this.inbox.push(this.#buffer.subarray(0, framed.messageLength), false);
        this.#buffer = this.#buffer.subarray(framed.messageLength);
      }
    });
  }

  static async open(server: Endpoint): Promise<TcpGateway> {
    const socket = connect({ host: server.address, port: server.port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new TcpGateway(socket);
  }

  get host(): string {
    return `127.0.0.1:${this.#socket.localPort}`;
  }

  send(text: string): Promise<void> {
    return new Promise((resolve, reject) => this.#socket.write(text, (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.destroyed) return resolve();
      this.#socket.once('close', () => resolve());
      this.#socket.end();
      this.#socket.destroySoon?.();
    });
  }
}

export interface RequestText {
  method: string;
  /** `host:port` of the sender, for Via and Contact. */
  from: string;
  transport?: 'UDP' | 'TCP';
  uri?: string;
  callId?: string;
  branch?: string;
  cseq?: number;
  cseqMethod?: string;
  fromTag?: string;
  toTag?: string | null;
  headers?: string[];
  body?: string;
  contentType?: string;
  /** Omit Content-Length (to break it on purpose, put one in `headers`). */
  noContentLength?: boolean;
}

export const newId = (prefix: string): string => `${prefix}${randomBytes(6).toString('hex')}`;

/** A request as a gateway would write it. */
export function requestText(spec: RequestText): string {
  const body = spec.body ?? '';
  const lines = [
    `${spec.method} ${spec.uri ?? 'sip:1001@um.example.test'} SIP/2.0`,
    `Via: SIP/2.0/${spec.transport ?? 'UDP'} ${spec.from};branch=${spec.branch ?? newId('z9hG4bK')};rport`,
    'Max-Forwards: 70',
    `From: <sip:alice@pbx.example.test>;tag=${spec.fromTag ?? 'gw1'}`,
    `To: <sip:1001@um.example.test>${spec.toTag ? `;tag=${spec.toTag}` : ''}`,
    `Call-ID: ${spec.callId ?? newId('call-')}`,
    `CSeq: ${spec.cseq ?? 1} ${spec.cseqMethod ?? spec.method}`,
    `Contact: <sip:alice@${spec.from}${spec.transport === 'TCP' ? ';transport=tcp' : ''}>`,
    ...(spec.headers ?? []),
    ...(body === '' ? [] : [`Content-Type: ${spec.contentType ?? 'application/sdp'}`]),
    ...(spec.noContentLength ? [] : [`Content-Length: ${Buffer.byteLength(body)}`]),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The ACK for a non-2xx final response: same branch as the INVITE, To with the response's tag (§17.1.1.3). */
export function ackForFailure(inviteSpec: RequestText & { branch: string; callId: string }, final: SipResponse): string {
  return requestText({ ...inviteSpec, method: 'ACK', toTag: final.to.params.get('tag') ?? null, body: '', cseq: inviteSpec.cseq ?? 1 });
}

export const sdpOffer = 'v=0\r\no=gw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n';
export const sdpAnswer = 'v=0\r\no=um 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\n';

/** Waits `ms` of real time: only for asserting that nothing arrives within a bounded window. */
export function quietPeriod(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Names of the header fields of a message, in order. */
export function headerNames(m: SipMessage): string[] {
  return m.headers.fields().map((f) => f.name);
}
