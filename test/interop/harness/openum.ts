// Starts the real OpenUM server (`node dist/src/cli/main.js serve --config FILE`, built by
// `npm run build`) on free loopback ports with a throwaway configuration, and waits until its SIP
// port answers OPTIONS. The same server can be killed (SIGKILL, as a crash) and started again on
// the same configuration file, data folder and ports (restart()), for tests of what survives.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { artifactsDir, delay, freePort, repoRoot, spawnManaged, type ManagedProcess } from './processes.js';
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
  /** RTP ports to give OpenUM (two per call), default 200. */
  readonly rtpPorts?: number;
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
  /** The compiled entry point it runs (for CLI commands against the same build). */
  readonly mainPath: string;
  /** The current process (a new one after each restart()). */
  readonly process: ManagedProcess;
  /** Log lines (pino JSON on stdout) and stderr of the current process. */
  log(): string;
  /** The same for every process started so far, oldest first. */
  allLogs(): string;
  /** SIGTERM (graceful shutdown), SIGKILL after 6 s; idempotent. */
  stop(): Promise<void>;
  /** SIGKILL now, no shutdown at all (a crash, the OOM killer); resolves once it has exited. */
  kill(): Promise<void>;
  /**
   * Starts OpenUM again on the same configuration file, data folder and ports, stopping the
   * current process first (SIGTERM) if it still runs, and waits until SIP answers OPTIONS.
   */
  restart(options?: { startTimeoutMs?: number }): Promise<void>;
  /**
   * The first log line of the current process (parsed pino JSON) for which `match` is true,
   * polling the log file every 20 ms; rejects after timeoutMs (default 30 s) or when the process exits.
   */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** The JSON lines of a log (others, and a line cut by the process ending, are skipped). */
function jsonLines(text: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // incomplete
    }
  }
  return out;
}

/**
 * The default test configuration: SIP on udp+tcp 127.0.0.1:sipPort, every loopback source a
 * trusted gateway (dial plan HQ, 4-digit extensions), two users, SQLite under a temp data folder.
 */
export function defaultTestConfig(ports: { sipPort: number; httpPort: number; rtpMin: number; rtpCount?: number }, dataDir: string): ConfigObject {
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
    rtp: { host: '127.0.0.1', portMin: ports.rtpMin, portMax: ports.rtpMin + (ports.rtpCount ?? 200) - 2 },
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
async function rtpBase(count: number): Promise<number> {
  const port = await freePort('udp');
  const even = port % 2 === 0 ? port : port - 1;
  return Math.min(Math.max(even, 20000), 65000 - count);
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
  const rtpCount = options.rtpPorts ?? 200;
  const rtpMin = await rtpBase(rtpCount);
  const config = mergeConfig(
    defaultTestConfig({ sipPort, httpPort, rtpMin, rtpCount }, dataDir),
    options.configOverrides ?? {},
  );
  const configPath = join(workDir, 'openum.yaml');
  writeFileSync(configPath, `# written by test/interop/harness/openum.ts (JSON is valid YAML)\n${JSON.stringify(config, null, 2)}\n`);
  const host = '127.0.0.1';

  /** Spawns `serve` on the configuration and waits until SIP answers (the process is stopped on failure). */
  async function launch(startTimeoutMs: number): Promise<ManagedProcess> {
    const child = spawnManaged({
      label: 'openum',
      command: process.execPath,
      args: [mainPath, 'serve', '--config', configPath],
      logDir,
      cwd: workDir,
      env: { ...process.env, ...options.env },
    });
    const died = child.exited.then((status) => {
      throw new Error(`openum exited during start-up (code ${String(status.code)}, signal ${String(status.signal)})`);
    });
    died.catch(() => undefined); // reported through the race below only
    try {
      await Promise.race([
        waitForSipAnswer({ host, port: sipPort, timeoutMs: startTimeoutMs, what: 'OpenUM' }),
        died,
      ]);
    } catch (error) {
      await child.stop(2000);
      throw new Error(`${(error as Error).message}\nconfig: ${configPath}\n${child.describe(40)}`);
    }
    return child;
  }

  const runs: ManagedProcess[] = [await launch(options.startTimeoutMs ?? 20000)];
  const current = (): ManagedProcess => runs[runs.length - 1]!;
  const logOf = (child: ManagedProcess): string => `${child.stdout()}${child.stderr()}`;
  return {
    host,
    sipPort,
    sipAddress: `${host}:${sipPort}`,
    httpPort,
    rtpMin,
    rtpMax: rtpMin + rtpCount - 2,
    configPath,
    dataDir,
    config,
    mainPath,
    get process() {
      return current();
    },
    log: () => logOf(current()),
    allLogs: () => runs.map(logOf).join(''),
    async stop() {
      await current().stop(6000);
    },
    async kill() {
      const child = current();
      child.signal('SIGKILL');
      await child.waitForExit(10_000);
    },
    async restart(restartOptions = {}) {
      await current().stop(6000);
      runs.push(await launch(restartOptions.startTimeoutMs ?? options.startTimeoutMs ?? 20000));
    },
    async waitForLog(match, timeoutMs = 30_000) {
      const child = current();
      const deadline = Date.now() + timeoutMs;
      let scanned = 0;
      for (;;) {
        const alive = child.running; // read before the log, so a line written just before the exit is seen
        const text = child.stdout();
        // Only whole lines, each looked at once.
        const end = text.lastIndexOf('\n') + 1;
        const found = end > scanned ? jsonLines(text.slice(scanned, end)).find(match) : undefined;
        if (end > scanned) scanned = end;
        if (found !== undefined) return found;
        if (!alive) throw new Error(`openum exited before the awaited log line\n${child.describe(20)}`);
        if (Date.now() > deadline) throw new Error(`no matching openum log line after ${timeoutMs} ms\n${child.describe(20)}`);
        await delay(20);
      }
    },
  };
}

/** One row of `openum messages list --json` (a stable interface, ARCHITECTURE.md). */
export interface ListedMessage {
  id: string;
  mailbox: string;
  callerNumber: string | null;
  callerName: string | null;
  receivedAt: string;
  durationSeconds: number;
  urgent: boolean;
  private: boolean;
  state: string;
}

/** `openum messages list --mailbox EXT --json` against the server's configuration, with the same build. */
export function listMessages(server: Pick<OpenUm, 'mainPath' | 'configPath'>, mailbox: string): ListedMessage[] {
  const out = execFileSync(process.execPath, [server.mainPath, 'messages', 'list', '--mailbox', mailbox, '--json', '--config', server.configPath], { encoding: 'utf8' });
  return JSON.parse(out) as ListedMessage[];
}
