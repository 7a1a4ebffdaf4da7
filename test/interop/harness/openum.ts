// Starts the real OpenUM server (`node dist/src/cli/main.js serve --config FILE`, built by
// `npm run build`) on free loopback ports with a throwaway configuration, and waits until its SIP
// port answers OPTIONS.

import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { artifactsDir, freePort, repoRoot, spawnManaged, type ManagedProcess } from './processes.js';
import { waitForSipAnswer } from './sipProbe.js';

/** A JSON-like configuration value (the file is written as JSON, which YAML 1.2 accepts). */
export type ConfigValue = string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };
export type ConfigObject = { [key: string]: ConfigValue };

export interface OpenUmOptions {
  /** Deep-merged over the default test configuration (objects merge, arrays and scalars replace). */
  readonly configOverrides?: ConfigObject;
  /** Name of the folder under test-artifacts/ for the config, data and logs. */
  readonly testName: string;
  /** How long to wait for the SIP port to answer OPTIONS, default 20 s. */
  readonly startTimeoutMs?: number;
  /** Compiled entry point, default <repo>/dist/src/cli/main.js (env OPENUM_MAIN overrides). */
  readonly mainPath?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface OpenUm {
  readonly host: string;
  /** SIP port, UDP and TCP. */
  readonly sipPort: number;
  /** `host:port`, the sipp target. */
  readonly sipAddress: string;
  readonly httpPort: number;
  /** The RTP port range OpenUM was given. */
  readonly rtpMin: number;
  readonly rtpMax: number;
  readonly configPath: string;
  readonly dataDir: string;
  /** The configuration as written. */
  readonly config: ConfigObject;
  readonly process: ManagedProcess;
  /** OpenUM's log lines (pino JSON on stdout) and stderr. */
  log(): string;
  /** SIGTERM (graceful shutdown), SIGKILL after 6 s; idempotent. */
  stop(): Promise<void>;
}

/**
 * The default test configuration: SIP on udp+tcp 127.0.0.1:sipPort, every loopback source a
 * trusted gateway (dial plan HQ, 4-digit extensions), two users, SQLite under a temp data folder.
 */
export function defaultTestConfig(ports: { sipPort: number; httpPort: number; rtpMin: number }, dataDir: string): ConfigObject {
  return {
    dataDir,
    sip: {
      domain: 'um.interop.test',
      listen: [
        { transport: 'udp', host: '127.0.0.1', port: ports.sipPort },
        { transport: 'tcp', host: '127.0.0.1', port: ports.sipPort },
      ],
      untrusted: 'drop',
    },
    rtp: { host: '127.0.0.1', portMin: ports.rtpMin, portMax: ports.rtpMin + 198 },
    http: { host: '127.0.0.1', port: ports.httpPort },
    storage: { kind: 'sqlite' },
    dialPlans: [{
      name: 'HQ', extensionDigits: 4, uriType: 'telExtension', countryCode: '1', language: 'en-US',
      voiceAccessNumbers: ['8500'], operatorExtension: '1000',
    }],
    gateways: [{ name: 'loopback', address: '127.0.0.1', port: 5060, transport: 'udp', dialPlan: 'HQ' }],
    mailboxPolicies: [{ name: 'Default' }],
    users: [
      { extension: '1001', name: 'Alice Example', email: 'alice@example.test', dialPlan: 'HQ', mailboxPolicy: 'Default', pin: '739204' },
      { extension: '1002', name: 'Bob Sample', email: 'bob@example.test', dialPlan: 'HQ', mailboxPolicy: 'Default' },
    ],
    logging: { level: 'debug' },
  };
}

function isObject(value: ConfigValue | undefined): value is { [key: string]: ConfigValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; anything else in `over` replaces what is in `base`. */
export function mergeConfig(base: ConfigObject, over: ConfigObject): ConfigObject {
  const out: ConfigObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? mergeConfig(current, value) : value;
  }
  return out;
}

/** An even port with `count` free UDP ports above it (best effort) for the RTP range. */
async function rtpBase(): Promise<number> {
  const port = await freePort('udp');
  const even = port % 2 === 0 ? port : port - 1;
  return Math.min(Math.max(even, 20000), 65000 - 200);
}

export async function startOpenUm(options: OpenUmOptions): Promise<OpenUm> {
  const mainPath = options.mainPath ?? process.env['OPENUM_MAIN'] ?? join(repoRoot, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(mainPath)) {
    throw new Error(`OpenUM is not built: ${mainPath} is missing (run: npm run build)`);
  }
  const logDir = artifactsDir(options.testName);
  const workDir = mkdtempSync(join(logDir, 'openum-'));
  const dataDir = join(workDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const sipPort = await freePort('udp+tcp');
  const httpPort = await freePort('tcp');
  const rtpMin = await rtpBase();
  const config = mergeConfig(
    defaultTestConfig({ sipPort, httpPort, rtpMin }, dataDir),
    options.configOverrides ?? {},
  );
  const configPath = join(workDir, 'openum.yaml');
  writeFileSync(configPath, `# written by test/interop/harness/openum.ts (JSON is valid YAML)\n${JSON.stringify(config, null, 2)}\n`);

  const child = spawnManaged({
    label: 'openum',
    command: process.execPath,
    args: [mainPath, 'serve', '--config', configPath],
    logDir,
    cwd: workDir,
    env: { ...process.env, ...options.env },
  });
  const host = '127.0.0.1';
  const died = child.exited.then((status) => {
    throw new Error(`openum exited during start-up (code ${String(status.code)}, signal ${String(status.signal)})`);
  });
  died.catch(() => undefined); // reported through the race below only
  try {
    await Promise.race([
      waitForSipAnswer({ host, port: sipPort, timeoutMs: options.startTimeoutMs ?? 20000, what: 'OpenUM' }),
      died,
    ]);
  } catch (error) {
    await child.stop(2000);
    throw new Error(`${(error as Error).message}\nconfig: ${configPath}\n${child.describe(40)}`);
  }
  return {
    host,
    sipPort,
    sipAddress: `${host}:${sipPort}`,
    httpPort,
    rtpMin,
    rtpMax: rtpMin + 198,
    configPath,
    dataDir,
    config,
    process: child,
    log: () => `${child.stdout()}${child.stderr()}`,
    async stop() {
      await child.stop(6000);
    },
  };
}
