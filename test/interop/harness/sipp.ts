// Runs sipp (package sip-tester, 3.6.1 here) as a UAC or UAS and reads back what happened.
//
// sipp's exit code (from `sipp -h`):
//     0  all calls were successful
//     1  at least one call failed
//    97  exit on internal command (calls may have been processed)
//    99  normal exit without calls processed
//   255  (-1) fatal error, e.g. a scenario that does not parse
//   254  (-2) fatal error binding a socket
// We always pass `-timeout Ns -timeout_error`, so a run that hangs ends as a failure, and the harness
// kills sipp a few seconds after that as a last resort.
//
// Counts come from the statistics file (`-trace_stat -stf FILE -fd 1`): a ';'-separated CSV whose
// last row is written at exit, with cumulative columns `SuccessfulCall(C)` and `FailedCall(C)`
// (and the reasons: `FailedUnexpectedMessage(C)`, `FailedTimeoutOnRecv(C)`, ...).
//
// Every message sent and received goes to `-trace_msg -message_file FILE`, in blocks:
//   ----------------------------------------------- 2026-11-25 12:29:41.650565
//   UDP message received [271] bytes :
//   <blank>
//   SIP/2.0 480 Temporarily Unavailable
//   ...
// parseMessageTrace() turns that into TracedMessage records for timing assertions. Note that sipp
// absorbs a byte-identical retransmission of the last message it received (it never matches a
// later <recv>), so retransmissions are counted from this trace, not by the scenario.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';

import { artifactsDir, freePort, interopSourceDir, requireCommand, spawnManaged, type ExitStatus, type ManagedProcess } from './processes.js';

export type SippTransport = 'u1' | 't1';

export interface SippOptions {
  /**
   * A scenario: a path to an .xml file, the name of a file in test/interop/sipp (with or without
   * `.xml`), or a sipp built-in (`uac`, `uas`, ...).
   */
  readonly scenario: string;
  /** `host:port` of the remote side; omit to run sipp as a server (UAS) waiting for calls. */
  readonly target?: string;
  /** Local SIP port (-p). */
  readonly localPort: number;
  /** Local IP (-i), default 127.0.0.1. */
  readonly localIp?: string;
  /** u1 = UDP with one socket (default), t1 = TCP with one socket. */
  readonly transport?: SippTransport;
  /** Calls to process before exiting (-m), default 1. For a UAS: calls to serve. */
  readonly calls?: number;
  /** Calls per second (-r), default 10. */
  readonly rate?: number;
  /** Global bound (-timeout Ns -timeout_error), default 30. */
  readonly timeoutSeconds?: number;
  /** User part of the Request-URI (-s), i.e. [service], default sipp's "service". */
  readonly service?: string;
  /** Local RTP port for [media_port] (-mp). */
  readonly mediaPort?: number;
  /** Generic parameters: `-key name value` (used as [name] in the scenario). */
  readonly keys?: Readonly<Record<string, string>>;
  /** Global variables: `-set name value` (used as [$name]). */
  readonly globals?: Readonly<Record<string, string>>;
  readonly extraArgs?: readonly string[];
  /** Folder for the traces and logs (use artifactsDir(testName)). */
  readonly logDir: string;
  /** Working directory of sipp (pcap files are relative to it), default logDir. */
  readonly cwd?: string;
  /** Label of the log files, default derived from the scenario. */
  readonly label?: string;
}

export interface SippLogs {
  readonly messages: string;
  readonly errors: string;
  readonly screen: string;
  readonly stats: string;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SippResult {
  /** sipp's exit code (see the top of this file), or null when it was killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** SuccessfulCall(C) of the final statistics row (0 when there is no statistics file). */
  readonly successful: number;
  /** FailedCall(C) of the final statistics row. */
  readonly failed: number;
  /** The final statistics row, column name → value (empty when sipp died before writing it). */
  readonly stats: Readonly<Record<string, string>>;
  /** Paths of the files sipp wrote. */
  readonly logs: SippLogs;
  /** Parses the message trace (on demand: it can be large). */
  trace(): TracedMessage[];
  /** A multi-line summary for assertion messages: command, counts, errors, tail of the output. */
  describe(): string;
}

/** A sipp started in the background (typically a UAS peer); wait() gives its result. */
export interface SippProcess {
  readonly process: ManagedProcess;
  readonly logs: SippLogs;
  /** Waits for sipp to exit by itself (bounded by its -timeout plus a margin). */
  wait(): Promise<SippResult>;
  /** Stops it now and returns what it recorded. */
  stop(): Promise<SippResult>;
}

const builtInScenarios = new Set([
  'uac', 'uas', 'regexp', 'branchc', 'branchs', 'uac_pcap', '3pcc-A', '3pcc-B', '3pcc-C-A', '3pcc-C-B',
]);

/** Absolute path of a scenario file in test/interop/sipp, or of the given path. */
export function scenarioPath(scenario: string): string {
  if (isAbsolute(scenario)) return scenario;
  const inInterop = join(interopSourceDir, 'sipp', scenario.endsWith('.xml') ? scenario : `${scenario}.xml`);
  if (existsSync(inInterop)) return inInterop;
  return resolve(scenario);
}

function scenarioArgs(scenario: string): { args: string[]; name: string } {
  if (!scenario.includes('/') && !scenario.endsWith('.xml') && builtInScenarios.has(scenario)) {
    return { args: ['-sn', scenario], name: scenario };
  }
  const path = scenarioPath(scenario);
  if (!existsSync(path)) throw new Error(`sipp scenario not found: ${scenario} (looked at ${path})`);
  return { args: ['-sf', path], name: basename(path, '.xml') };
}

/** Starts sipp without waiting for it (a UAS peer, or a UAC run alongside something else). */
export function startSipp(options: SippOptions): SippProcess {
  const sipp = requireCommand('sipp', 'install Debian package sip-tester: bash scripts/install-test-peers.sh');
  const { args: scenario, name } = scenarioArgs(options.scenario);
  const label = options.label ?? `sipp-${name}`;
  const stem = join(options.logDir, `${label}.${options.localPort}`);
  const logs = {
    messages: `${stem}.messages.log`,
    errors: `${stem}.errors.log`,
    screen: `${stem}.screen.log`,
    stats: `${stem}.stats.csv`,
  };
  const timeoutSeconds = options.timeoutSeconds ?? 30;
  const args: string[] = [
    ...scenario,
    ...(options.target !== undefined ? [options.target] : []),
    '-i', options.localIp ?? '127.0.0.1',
    '-p', String(options.localPort),
    '-t', options.transport ?? 'u1',
    '-m', String(options.calls ?? 1),
    '-r', String(options.rate ?? 10),
    '-nostdin',
    '-timeout', `${timeoutSeconds}s`, '-timeout_error',
    '-trace_msg', '-message_file', logs.messages,
    '-trace_err', '-error_file', logs.errors,
    '-trace_screen', '-screen_file', logs.screen,
    '-trace_stat', '-stf', logs.stats, '-fd', '1',
  ];
  if (options.service !== undefined) args.push('-s', options.service);
  if (options.mediaPort !== undefined) args.push('-mp', String(options.mediaPort));
  for (const [key, value] of Object.entries(options.keys ?? {})) args.push('-key', key, value);
  for (const [key, value] of Object.entries(options.globals ?? {})) args.push('-set', key, value);
  args.push(...(options.extraArgs ?? []));

  const child = spawnManaged({
    label,
    command: sipp,
    args,
    logDir: options.logDir,
    cwd: options.cwd ?? options.logDir,
  });
  const allLogs: SippLogs = { ...logs, stdout: child.stdoutPath, stderr: child.stderrPath };
  const finish = (status: ExitStatus): SippResult => readSippResult(child, status, allLogs);
  return {
    process: child,
    logs: allLogs,
    async wait() {
      try {
        return finish(await child.waitForExit((timeoutSeconds + 10) * 1000));
      } catch {
        return finish(await child.stop());
      }
    },
    async stop() {
      return finish(await child.stop());
    },
  };
}

/** Runs sipp to completion (bounded) and returns its result. */
export async function runSipp(options: SippOptions): Promise<SippResult> {
  return startSipp(options).wait();
}

function readSippResult(child: ManagedProcess, status: ExitStatus, logs: SippLogs): SippResult {
  const stats = readFinalStats(logs.stats);
  const count = (column: string): number => {
    const value = Number(stats[column]);
    return Number.isFinite(value) ? value : 0;
  };
  const successful = count('SuccessfulCall(C)');
  const failed = count('FailedCall(C)');
  return {
    exitCode: status.code,
    signal: status.signal,
    successful,
    failed,
    stats,
    logs,
    trace: () => parseMessageTrace(readText(logs.messages)),
    describe: () => {
      const reasons = Object.entries(stats)
        .filter(([k, v]) => k.startsWith('Failed') && k.endsWith('(C)') && v !== '0')
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const errors = readText(logs.errors).split('\n').slice(-15).join('\n');
      return [
        `sipp exit=${String(status.code)} signal=${String(status.signal)} successful=${successful} failed=${failed} ${reasons}`,
        `errors (${logs.errors}):\n${errors}`,
        `message trace: ${logs.messages}`,
        child.describe(10),
      ].join('\n');
    },
  };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}

/** The last row of a sipp -trace_stat CSV as column → value. */
export function readFinalStats(path: string): Record<string, string> {
  return parseStatsCsv(readText(path));
}

export function parseStatsCsv(text: string): Record<string, string> {
  const rows = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = rows[0]?.split(';');
  const last = rows.length > 1 ? rows[rows.length - 1]?.split(';') : undefined;
  if (header === undefined || last === undefined) return {};
  const stats: Record<string, string> = {};
  header.forEach((column, i) => {
    if (column !== '') stats[column] = last[i] ?? '';
  });
  return stats;
}

// ---------------------------------------------------------------------------------------------
// Message trace

export interface TracedMessage {
  /** Milliseconds since the epoch (sipp logs local time with microseconds). */
  readonly time: number;
  readonly direction: 'sent' | 'received';
  /** UDP, TCP, ... as sipp printed it. */
  readonly transport: string;
  readonly startLine: string;
  /** Status code for a response. */
  readonly status?: number;
  /** Method for a request. */
  readonly method?: string;
  /** The whole message as logged. */
  readonly text: string;
  /** First value of a header (case-insensitive; compact forms understood). */
  header(name: string): string | undefined;
  /** Method of the CSeq header (which transaction a response belongs to). */
  readonly cseqMethod?: string;
  readonly callId?: string;
}

const separator = /^-{20,}\s*(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*$|^-{20,}\s*$/;
const direction = /^(\w+) message (sent|received)\b/;

const compactNames: Readonly<Record<string, string>> = {
  v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type',
  k: 'supported', s: 'subject', e: 'content-encoding', o: 'event', r: 'refer-to', u: 'allow-events',
};

/** Parses a `-trace_msg` log into messages in file order. */
export function parseMessageTrace(text: string): TracedMessage[] {
  const lines = text.split(/\r?\n/);
  const messages: TracedMessage[] = [];
  let time = 0;
  let i = 0;
  while (i < lines.length) {
    const sep = separator.exec(lines[i] ?? '');
    if (sep === null) {
      i++;
      continue;
    }
    if (sep[1] !== undefined) time = localTime(sep);
    i++;
    const dir = direction.exec(lines[i] ?? '');
    let transport = '';
    let dirName: 'sent' | 'received' | undefined;
    if (dir !== null) {
      transport = dir[1] ?? '';
      dirName = dir[2] === 'sent' ? 'sent' : 'received';
      i++;
    }
    const body: string[] = [];
    while (i < lines.length && !separator.test(lines[i] ?? '')) body.push(lines[i++] ?? '');
    while (body.length > 0 && body[0]?.trim() === '') body.shift();
    if (dirName === undefined || body.length === 0) continue;
    messages.push(makeMessage(time, dirName, transport, body));
  }
  return messages;
}

function localTime(m: RegExpExecArray): number {
  const n = (k: number): number => Number(m[k] ?? '0');
  const fraction = m[7] ?? '0';
  const ms = Number(`0.${fraction}`) * 1000;
  return new Date(n(1), n(2) - 1, n(3), n(4), n(5), n(6)).getTime() + ms;
}

function makeMessage(time: number, dir: 'sent' | 'received', transport: string, body: string[]): TracedMessage {
  const startLine = body[0] ?? '';
  const headers = new Map<string, string>();
  for (const line of body.slice(1)) {
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = compactNames[raw] ?? raw;
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  const response = /^SIP\/2\.0\s+(\d{3})\b/.exec(startLine);
  const request = /^([A-Za-z]+)\s+\S+\s+SIP\/2\.0/.exec(startLine);
  const cseq = headers.get('cseq');
  const cseqMethod = cseq?.split(/\s+/)[1];
  const callId = headers.get('call-id');
  return {
    time,
    direction: dir,
    transport,
    startLine,
    ...(response?.[1] !== undefined ? { status: Number(response[1]) } : {}),
    ...(request?.[1] !== undefined ? { method: request[1].toUpperCase() } : {}),
    ...(cseqMethod !== undefined ? { cseqMethod: cseqMethod.toUpperCase() } : {}),
    ...(callId !== undefined ? { callId } : {}),
    text: body.join('\r\n'),
    header: (name: string) => {
      const lower = name.toLowerCase();
      return headers.get(compactNames[lower] ?? lower);
    },
  };
}

export interface MessageFilter {
  readonly direction?: 'sent' | 'received';
  readonly status?: number;
  readonly method?: string;
  readonly cseqMethod?: string;
  readonly callId?: string;
  /** Only messages at or after this time (ms since epoch). */
  readonly after?: number;
}

/** Messages matching every given field. */
export function selectMessages(trace: readonly TracedMessage[], filter: MessageFilter): TracedMessage[] {
  return trace.filter((m) =>
    (filter.direction === undefined || m.direction === filter.direction) &&
    (filter.status === undefined || m.status === filter.status) &&
    (filter.method === undefined || m.method === filter.method.toUpperCase()) &&
    (filter.cseqMethod === undefined || m.cseqMethod === filter.cseqMethod.toUpperCase()) &&
    (filter.callId === undefined || m.callId === filter.callId) &&
    (filter.after === undefined || m.time >= filter.after));
}

/** Responses with this status that sipp received (optionally for one CSeq method). */
export function receivedResponses(trace: readonly TracedMessage[], status: number, cseqMethod?: string): TracedMessage[] {
  return selectMessages(trace, { direction: 'received', status, ...(cseqMethod !== undefined ? { cseqMethod } : {}) });
}

/** Gaps in milliseconds between consecutive messages (e.g. retransmission intervals). */
export function intervals(messages: readonly TracedMessage[]): number[] {
  return messages.slice(1).map((m, i) => m.time - (messages[i]?.time ?? m.time));
}

/**
 * sipp as the gateway calling OpenUM: one call to service 1001 by default, logs under
 * test-artifacts/<testName>/, a free local port (UDP, or UDP+TCP for t1).
 */
export async function runUac(testName: string, target: string, scenario: string, more: Partial<SippOptions> = {}): Promise<SippResult> {
  return runSipp({
    scenario,
    target,
    localPort: await freePort(more.transport === 't1' ? 'udp+tcp' : 'udp'),
    service: '1001',
    calls: 1,
    rate: 10,
    timeoutSeconds: 25,
    logDir: artifactsDir(testName),
    ...more,
  });
}

/**
 * A folder for a sipp run under test-artifacts/<name>, with sipp's shipped pcaps copied to pcap/
 * (scenarios play `pcap/g711a.pcap` relative to sipp's working directory).
 */
export function sippWorkDir(name: string): string {
  const dir = artifactsDir(name);
  mkdirSync(join(dir, 'pcap'), { recursive: true });
  for (const f of readdirSync('/usr/share/sip-tester').filter((n) => n.endsWith('.pcap'))) {
    copyFileSync(join('/usr/share/sip-tester', f), join(dir, 'pcap', f));
  }
  return dir;
}
