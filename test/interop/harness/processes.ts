// Child processes for interop tests: output captured to files, bounded waits, and a process-wide
// registry so that nothing a test started outlives the test run.
//
// Every process is spawned in its own process group (detached) and stopped by signalling the
// group, so helpers that fork (Kamailio's workers, a shell wrapper) go down with it.

import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file holding package.json. */
export const repoRoot: string = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Interop test sources (scenarios, templates) live beside the TypeScript, not in the build. */
export const interopSourceDir: string = join(repoRoot, 'test', 'interop');

const clearedThisRun = new Set<string>();

/**
 * The folder `test-artifacts/<name>/` (gitignored) for one test's logs and traces. The first call
 * for a name in this process empties what an earlier run left there; later calls reuse it.
 * The name is reduced to safe characters.
 */
export function artifactsDir(testName: string): string {
  const safe = testName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'unnamed';
  const dir = resolve(repoRoot, 'test-artifacts', safe);
  if (!clearedThisRun.has(dir)) {
    clearedThisRun.add(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface ExitStatus {
  /** Exit code, or null when the process was ended by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** Short label used for the log file names (`<label>.stdout.log`, `<label>.stderr.log`). */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Folder receiving the logs (see artifactsDir). */
  readonly logDir: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

let spawnCounter = 0;

/** A child process under test control. */
export class ManagedProcess {
  readonly label: string;
  readonly commandLine: string;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ExitStatus>;
  #child: ChildProcess;
  #status: ExitStatus | undefined;
  #spawnError: Error | undefined;

  constructor(options: SpawnOptions) {
    this.label = options.label;
    this.commandLine = [options.command, ...options.args].join(' ');
    const n = ++spawnCounter;
    const base = `${options.label}.${process.pid}.${n}`;
    this.stdoutPath = join(options.logDir, `${base}.stdout.log`);
    this.stderrPath = join(options.logDir, `${base}.stderr.log`);
    mkdirSync(options.logDir, { recursive: true });
    const out = openSync(this.stdoutPath, 'w');
    const err = openSync(this.stderrPath, 'w');
    try {
      this.#child = spawn(options.command, [...options.args], {
        cwd: options.cwd ?? options.logDir,
        env: options.env ?? process.env,
        stdio: ['ignore', out, err],
        detached: true,
      });
    } finally {
      closeSync(out);
      closeSync(err);
    }
    this.exited = new Promise<ExitStatus>((resolveExit) => {
      this.#child.once('error', (error) => {
        this.#spawnError = error;
        this.#status ??= { code: null, signal: null };
        registry.delete(this);
        resolveExit(this.#status);
      });
      this.#child.once('exit', (code, signal) => {
        this.#status = { code, signal };
        registry.delete(this);
        resolveExit(this.#status);
      });
    });
    registry.add(this);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Set once the process has exited. */
  get status(): ExitStatus | undefined {
    return this.#status;
  }

  /** Set when the command could not be started at all (ENOENT, EACCES). */
  get spawnError(): Error | undefined {
    return this.#spawnError;
  }

  get running(): boolean {
    return this.#status === undefined && this.#child.pid !== undefined;
  }

  stdout(): string {
    return readIfExists(this.stdoutPath);
  }

  stderr(): string {
    return readIfExists(this.stderrPath);
  }

  /** Waits for the exit; rejects after timeoutMs (the process keeps running: call stop()). */
  async waitForExit(timeoutMs: number): Promise<ExitStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.label} still running after ${timeoutMs} ms: ${this.commandLine}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a signal to the whole process group (no-op once exited). */
  signal(signal: NodeJS.Signals): void {
    const pid = this.#child.pid;
    if (pid === undefined || this.#status !== undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        this.#child.kill(signal);
      } catch {
        // already gone
      }
    }
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves when the process has exited. Idempotent. */
  async stop(graceMs = 2000): Promise<ExitStatus> {
    if (this.#status !== undefined || this.#child.pid === undefined) return this.exited;
    this.signal('SIGTERM');
    try {
      return await this.waitForExit(graceMs);
    } catch {
      this.signal('SIGKILL');
      return this.waitForExit(5000);
    }
  }

  /** Last lines of stdout and stderr, for assertion messages. */
  describe(lines = 20): string {
    const tail = (text: string): string => text.split('\n').slice(-lines).join('\n');
    return `${this.commandLine}\n--- stdout (${this.stdoutPath})\n${tail(this.stdout())}\n--- stderr (${this.stderrPath})\n${tail(this.stderr())}`;
  }
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

const registry = new Set<ManagedProcess>();

/** Starts a process and registers it for teardown. */
export function spawnManaged(options: SpawnOptions): ManagedProcess {
  return new ManagedProcess(options);
}

/** Processes started and not yet exited. */
export function liveProcesses(): readonly ManagedProcess[] {
  return [...registry];
}

/** Stops every live process (use in after()). */
export async function stopAll(graceMs = 2000): Promise<void> {
  await Promise.all([...registry].map((p) => p.stop(graceMs)));
}

function killAllNow(): void {
  for (const p of registry) p.signal('SIGKILL');
}

// Last line of defence: a test file that crashes or is interrupted still kills its children.
process.once('exit', killAllNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    killAllNow();
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

/** Throws a clear error when a peer program is not installed (tests fail, never skip). */
export function requireCommand(command: string, hint = 'run: bash scripts/install-test-peers.sh'): string {
  const path = (process.env['PATH'] ?? '').split(':').concat(['/usr/sbin', '/sbin'])
    .map((dir) => join(dir, command))
    .find((candidate) => existsSync(candidate));
  if (path === undefined) throw new Error(`required test peer "${command}" is not installed (${hint})`);
  return path;
}

export type PortKind = 'udp' | 'tcp' | 'udp+tcp';

/**
 * A port that is free on 127.0.0.1 now: bound to 0 and released. 'udp+tcp' finds a number free
 * for both (SIP listens on both with the same number). Another process may still take it before
 * the caller binds it; tests start peers right away.
 */
export async function freePort(kind: PortKind = 'udp', host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = kind === 'tcp' ? await bindTcp(host, 0) : await bindUdp(host, 0);
    if (port === undefined) continue;
    if (kind === 'udp+tcp' && (await bindTcp(host, port)) === undefined) continue;
    return port;
  }
  throw new Error(`no free ${kind} port found on ${host}`);
}

function bindUdp(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolvePort) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolvePort(undefined);
    });
    socket.bind(port, host, () => {
      const bound = socket.address().port;
      socket.close(() => resolvePort(bound));
    });
  });
}

function bindTcp(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(undefined));
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() => resolvePort(bound));
    });
  });
}

/** Polls check() every intervalMs until it returns true; rejects with `what` after timeoutMs. */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}
