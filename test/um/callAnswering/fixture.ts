/**
 * A whole OpenUM node (startServer) on loopback for call answering tests: SIP over UDP on a free
 * port, the UM application, a SQLite store and the delivery workers under a temp data folder,
 * configured through parseConfig as a file would be. Users, mailbox policies, the dial plan's
 * operator and fax partner, and mail are per test file. The node's log is kept in memory so that
 * a failing assertion can show what the server did.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseConfig, type Config } from '../../../src/config/index.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import type { Endpoint } from '../../../src/sip/transport/index.js';
import { createLogger } from '../../../src/util/logger.js';

/** One mailbox policy, in the configuration's words (omitted keys take the defaults). */
export interface PolicySpec {
  name: string;
  maxMessageSeconds?: number;
  minMessageSeconds?: number;
  silenceTimeoutSeconds?: number;
  quotaMessages?: number;
  missedCallNotifications?: boolean;
}

export interface UserSpec {
  extension: string;
  name: string;
  email?: string;
  policy: string;
}

export interface AnsweringServerSpec {
  policies: PolicySpec[];
  users: UserSpec[];
  /** The dial plan's operator extension (0 during the greeting transfers there). */
  operatorExtension?: string;
  /** The dial plan's fax partner (a calling fax is transferred there). */
  faxPartnerUri?: string;
  /** mail.smtp on 127.0.0.1 at this port (missed-call and voice mail email). */
  smtpPort?: number;
}

export interface AnsweringServer {
  readonly server: RunningServer;
  /** Where calls go: the node's UDP listener. */
  readonly sip: Endpoint;
  readonly dataDir: string;
  readonly config: Config;
  /** The node's log lines so far (pino JSON), for assertion messages. */
  log(): string;
  /** The last `lines` log lines that mention `callId` (all lines when null). */
  logOf(callId: string | null, lines?: number): string;
  close(): Promise<void>;
}

/** The gateway the tests call from: every loopback source is the PBX "pbx" of dial plan HQ. */
export const GATEWAY = { address: '127.0.0.1', port: 5080 } as const;

function yamlValue(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function flow(entries: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(entries).flatMap(([k, v]) => (v === undefined ? [] : [`${k}: ${yamlValue(v)}`]));
  return `{ ${parts.join(', ')} }`;
}

export function answeringConfig(spec: AnsweringServerSpec, dataDir: string): Config {
  const yaml = [
    `dataDir: ${JSON.stringify(dataDir)}`,
    'sip:',
    '  domain: um.example.test',
    '  listen:',
    '    - { transport: udp, host: 127.0.0.1, port: 0 }',
    '  optionsPingSeconds: 0',
    'rtp: { host: 127.0.0.1 }',
    'dialPlans:',
    `  - ${flow({ name: 'HQ', extensionDigits: 4, countryCode: '1', operatorExtension: spec.operatorExtension, faxPartnerUri: spec.faxPartnerUri })}`,
    'gateways:',
    `  - { name: pbx, address: ${GATEWAY.address}, port: ${GATEWAY.port}, transport: udp, dialPlan: HQ }`,
    'mailboxPolicies:',
    ...spec.policies.map((p) => `  - ${flow({ ...p })}`),
    'users:',
    ...spec.users.map((u) => `  - ${flow({ extension: u.extension, name: u.name, email: u.email, dialPlan: 'HQ', mailboxPolicy: u.policy })}`),
    ...(spec.smtpPort === undefined ? [] : ['mail:', `  smtp: { host: 127.0.0.1, port: ${spec.smtpPort} }`, '  from: "OpenUM <openum@um.example.test>"']),
    'logging: { level: debug }',
    '',
  ].join('\n');
  return parseConfig(yaml, 'callAnswering-test.yaml').config;
}

export async function startAnsweringServer(spec: AnsweringServerSpec): Promise<AnsweringServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openum-ca-'));
  const config = answeringConfig(spec, dataDir);
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  const server = await startServer(config, { logger: createLogger({ level: 'debug', destination: sink }), configPath: join(dataDir, 'callAnswering-test.yaml') });
  const sip = server.sipEndpoints().find((e) => e.transport === 'UDP');
  assert.ok(sip, `the node bound UDP: ${JSON.stringify(server.sipEndpoints())}`);
  let closed: Promise<void> | null = null;
  return {
    server,
    sip,
    dataDir,
    config,
    log: () => lines.join('\n'),
    logOf: (callId, count = 60) => lines.filter((l) => callId === null || l.includes(callId)).slice(-count).join('\n'),
    close() {
      closed ??= (async () => {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

/**
 * Polls `probe` until it returns a value that is not undefined (the flow commits after the call
 * ends, so the store is read a moment later); fails with `what` and `context()` after `timeoutMs`.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, context: () => string = () => '', timeoutMs = 20_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
