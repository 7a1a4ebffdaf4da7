// baresip (Debian's 1.0.0 on the test machines) as a real SIP phone for the interop tests: started
// headless with a generated config folder (its own SIP and ctrl_tcp ports, an `aufile` WAV as the
// microphone, no sound card), and driven over ctrl_tcp (JSON in netstrings): dial, wait for events,
// send DTMF with `sndcode`, hang up, quit. Also builds the WAV files it plays, with sox/espeak-ng.
//
// Facts of this baresip (see shared INTEROP notes): no `stdio` module without a TTY; `aufile` ends
// the call when the WAV ends; without `net_interface` its SDP carries eth0's address; events on
// ctrl_tcp are CALL_RINGING, CALL_REMOTE_SDP, CALL_MENC (SRTP), CALL_ESTABLISHED, CALL_CLOSED, ...

import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { delay, freePort, requireCommand, spawnManaged, type ManagedProcess } from './processes.js';

const run = promisify(execFile);

export interface BaresipOptions {
  /** Label for the process logs and the config folder name. */
  readonly label: string;
  /** Folder for the config folder and the logs (a test's artifactsDir). */
  readonly dir: string;
  /** WAV played as the microphone (`aufile`); the call ends when it ends. */
  readonly audioSource: string;
  /** Codec modules, in baresip's order of preference. Default ['g711.so']. */
  readonly codecModules?: readonly string[];
  /** Further modules (e.g. 'srtp.so'). */
  readonly extraModules?: readonly string[];
  /** Account parameters after the AoR, e.g. ';mediaenc=srtp-mand' (`;regint=0` is always set). */
  readonly accountParams?: string;
  /** Account user (default 'baresip'). */
  readonly user?: string;
  /** Display name of the account (its From header), e.g. 'Carol Caller'; default none. */
  readonly displayName?: string;
  /** baresip quits on its own after this many seconds (safety net, `-t`). Default 90. */
  readonly maxSeconds?: number;
  /** Print SIP messages to the log (`-s`). */
  readonly sipTrace?: boolean;
}

/** One ctrl_tcp event, as baresip sends it. */
export interface BaresipEvent {
  readonly type: string;
  readonly class?: string;
  readonly param?: string;
  readonly peeruri?: string;
  /** ms since the harness connected to ctrl_tcp. */
  readonly atMs: number;
  readonly [key: string]: unknown;
}

export interface BaresipResponse {
  readonly ok: boolean;
  readonly data?: string;
  readonly token?: string;
}

export interface Baresip {
  readonly process: ManagedProcess;
  readonly sipPort: number;
  readonly ctrlPort: number;
  readonly configDir: string;
  /** Every event received so far, in order. */
  readonly events: readonly BaresipEvent[];
  /** Sends a ctrl_tcp command and waits for its response. */
  command(command: string, params?: string, timeoutMs?: number): Promise<BaresipResponse>;
  /** Resolves with the first event of this type (also one already received); rejects after timeoutMs. */
  waitEvent(type: string, timeoutMs: number): Promise<BaresipEvent>;
  /** baresip's log (stdout and stderr). */
  log(): string;
  /** `quit`, then SIGTERM/SIGKILL if it is still running; idempotent. */
  stop(): Promise<void>;
}

/** ctrl_tcp frames JSON in netstrings: `<length>:<json>,`. */
function netstring(obj: unknown): string {
  const json = JSON.stringify(obj);
  return `${Buffer.byteLength(json)}:${json},`;
}

function configText(o: { sipPort: number; ctrlPort: number; audioSource: string; modules: readonly string[]; dumps: string }): string {
  return [
    '# written by test/interop/harness/baresip.ts',
    'poll_method\t\tepoll',
    // Without net_interface baresip 1.0 puts eth0's address in its SDP (its RTP still leaves from 127.0.0.1).
    'net_interface\t\t127.0.0.1',
    `sip_listen\t\t127.0.0.1:${o.sipPort}`,
    'call_local_timeout\t120',
    'audio_player\t\taubridge,nil',
    `audio_source\t\taufile,${o.audioSource}`,
    'audio_alert\t\taubridge,nil',
    'rtcp_mux\t\tno',
    'jitter_buffer_delay\t5-10',
    'module_path\t\t/usr/lib/baresip/modules',
    ...o.modules.map((m) => `module\t\t\t${m}`),
    'module_tmp\t\taccount.so',
    'module_app\t\tmenu.so',
    'module_app\t\tctrl_tcp.so',
    `ctrl_tcp_listen\t\t127.0.0.1:${o.ctrlPort}`,
    `snd_path\t\t${o.dumps}`,
    '',
  ].join('\n');
}

/** Starts baresip and connects to its ctrl_tcp socket. */
export async function startBaresip(options: BaresipOptions): Promise<Baresip> {
  requireCommand('baresip');
  const sipPort = await freePort('udp+tcp');
  const ctrlPort = await freePort('tcp');
  const configDir = join(options.dir, `${options.label}-conf`);
  const dumps = join(options.dir, `${options.label}-dumps`);
  mkdirSync(configDir, { recursive: true });
  mkdirSync(dumps, { recursive: true });
  const modules = [...(options.codecModules ?? ['g711.so']), 'aufile.so', 'aubridge.so', ...(options.extraModules ?? [])];
  writeFileSync(join(configDir, 'config'), configText({ sipPort, ctrlPort, audioSource: options.audioSource, modules, dumps }));
  const display = options.displayName === undefined ? '' : `"${options.displayName.replace(/["\\\r\n]/g, '')}" `;
  writeFileSync(join(configDir, 'accounts'), `${display}<sip:${options.user ?? 'baresip'}@127.0.0.1>;regint=0${options.accountParams ?? ''}\n`);

  const proc = spawnManaged({
    label: options.label,
    command: 'baresip',
    args: ['-f', configDir, '-t', String(options.maxSeconds ?? 90), ...(options.sipTrace ? ['-s'] : [])],
    logDir: options.dir,
  });
  const log = (): string => `${proc.stdout()}${proc.stderr()}`;

  // ctrl_tcp listens once the modules are loaded: retry the connection for up to 10 s.
  let socket: Socket | undefined;
  const deadline = Date.now() + 10_000;
  while (!socket) {
    if (!proc.running) throw new Error(`baresip exited during start-up (${JSON.stringify(proc.status)})\n${proc.describe(40)}`);
    try {
      socket = await new Promise<Socket>((resolve, reject) => {
        const s = connect(ctrlPort, '127.0.0.1');
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      });
    } catch {
      if (Date.now() > deadline) {
        await proc.stop();
        throw new Error(`baresip's ctrl_tcp 127.0.0.1:${ctrlPort} did not accept a connection in 10 s\n${proc.describe(40)}`);
      }
      await delay(100);
    }
  }
  const ctrl = socket;
  ctrl.on('error', () => undefined);
  const connectedAt = Date.now();

  const events: BaresipEvent[] = [];
  const eventWaiters = new Set<() => void>();
  const pending = new Map<string, (r: BaresipResponse) => void>();
  let tokenCounter = 0;
  let buf = Buffer.alloc(0);
  ctrl.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const colon = buf.indexOf(0x3a);
      if (colon < 0) break;
      const n = Number(buf.subarray(0, colon).toString());
      if (!Number.isInteger(n) || buf.length < colon + 1 + n + 1) break;
      const text = buf.subarray(colon + 1, colon + 1 + n).toString();
      buf = buf.subarray(colon + 2 + n);
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(text) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (msg['event'] === true) {
        events.push({ ...msg, type: String(msg['type']), atMs: Date.now() - connectedAt });
        for (const w of [...eventWaiters]) w();
      } else if (msg['response'] === true) {
        const token = typeof msg['token'] === 'string' ? msg['token'] : '';
        const resolve = pending.get(token);
        pending.delete(token);
        resolve?.({ ok: msg['ok'] === true, data: typeof msg['data'] === 'string' ? msg['data'] : undefined, token });
      }
    }
  });

  const command = (cmd: string, params = '', timeoutMs = 5000): Promise<BaresipResponse> => {
    const token = `t${++tokenCounter}`;
    return new Promise<BaresipResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(token);
        reject(new Error(`baresip did not answer "${cmd} ${params}" in ${timeoutMs} ms\n${proc.describe(30)}`));
      }, timeoutMs);
      pending.set(token, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      ctrl.write(netstring({ command: cmd, params, token }));
    });
  };

  const waitEvent = (type: string, timeoutMs: number): Promise<BaresipEvent> => {
    const found = events.find((e) => e.type === type);
    if (found) return Promise.resolve(found);
    return new Promise<BaresipEvent>((resolve, reject) => {
      const check = (): void => {
        const e = events.find((x) => x.type === type);
        if (e) finish(() => resolve(e));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(
        `no baresip event ${type} in ${timeoutMs} ms; events: ${events.map((e) => e.type).join(' ')}\n${proc.describe(40)}`,
      ))), timeoutMs);
      const finish = (fn: () => void): void => {
        clearTimeout(timer);
        eventWaiters.delete(check);
        fn();
      };
      eventWaiters.add(check);
    });
  };

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (proc.running && !ctrl.destroyed) {
        ctrl.write(netstring({ command: 'quit', params: '', token: 'quit' }));
        await proc.waitForExit(3000).catch(() => undefined);
      }
      ctrl.destroy();
      await proc.stop(2000);
    })();
    return stopped;
  };

  return { process: proc, sipPort, ctrlPort, configDir, events, command, waitEvent, log, stop };
}

export interface ScriptedCallOptions {
  /** The SIP URI to dial. */
  readonly uri: string;
  /** Digits sent with `sndcode` this many ms after CALL_ESTABLISHED. */
  readonly digits?: ReadonlyArray<{ readonly atMs: number; readonly digits: string }>;
  /** Hang up this many ms after CALL_ESTABLISHED (omit: wait for the call to close by itself). */
  readonly hangupAfterMs?: number;
  /** Bound on the whole call (default 40 s). */
  readonly timeoutMs?: number;
}

export interface ScriptedCall {
  readonly established: BaresipEvent;
  readonly closed: BaresipEvent;
  /** ms from CALL_ESTABLISHED to the hangup command (null when not hung up by us). */
  readonly hungUpAfterMs: number | null;
}

/** Dials, sends the digits at their times, hangs up and waits for CALL_CLOSED. */
export async function scriptedCall(b: Baresip, options: ScriptedCallOptions): Promise<ScriptedCall> {
  const timeoutMs = options.timeoutMs ?? 40_000;
  const dial = await b.command('dial', options.uri);
  if (!dial.ok) throw new Error(`baresip refused to dial ${options.uri}: ${String(dial.data)}`);
  // A call that closes before it is established (rejected, or aufile could not start) fails at once.
  const established = await Promise.race([
    b.waitEvent('CALL_ESTABLISHED', 15_000),
    b.waitEvent('CALL_CLOSED', 15_000).then((e) => {
      throw new Error(`call closed before it was established: ${String(e.param)}\n${b.process.describe(40)}`);
    }, () => new Promise<never>(() => undefined)),
  ]);
  const t0 = Date.now();
  const timers: NodeJS.Timeout[] = [];
  let hungUpAfterMs: number | null = null;
  for (const d of options.digits ?? []) {
    timers.push(setTimeout(() => void b.command('sndcode', d.digits).catch(() => undefined), d.atMs));
  }
  if (options.hangupAfterMs !== undefined) {
    timers.push(setTimeout(() => {
      hungUpAfterMs = Date.now() - t0;
      void b.command('hangup').catch(() => undefined);
    }, options.hangupAfterMs));
  }
  try {
    const closed = await b.waitEvent('CALL_CLOSED', timeoutMs);
    return { established, closed, hungUpAfterMs };
  } finally {
    for (const t of timers) clearTimeout(t);
  }
}

/** baresip's version as [major, minor, patch] (from `baresip -h`: "baresip v1.0.0 Copyright ..."). */
export async function baresipVersion(): Promise<[number, number, number]> {
  requireCommand('baresip');
  const out = await run('baresip', ['-h']).then((r) => r.stdout + r.stderr, (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`);
  const m = /baresip v(\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!m) throw new Error(`cannot read baresip's version from: ${out.slice(0, 200)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The codec baresip's log says it encodes with ("audio: Set audio encoder: PCMU 8000Hz 1ch"). */
export function baresipEncoder(log: string): string | undefined {
  return /Set audio encoder:\s*(\S+)/.exec(log)?.[1];
}

// ---------------------------------------------------------------------------------------------
// WAV files for aufile (8 kHz mono 16-bit), made with sox and espeak-ng.

const SPEECH = 'This is a test message for the open unified messaging server. Please call me back when you get a chance. ' +
  'The number is five five five, one two three four. Thank you very much, and have a nice day. ' +
  'I will be in the office until six, and after that you can reach me on my mobile phone.';

/**
 * Speech (espeak-ng, installed by scripts/install-test-peers.sh) of exactly `seconds`,
 * mono 16-bit at `rate` Hz. baresip 1.0's aufile does not resample: the WAV's rate must be the
 * codec's (8000 for G.711, 16000 for G.722), else "start_source failed ... No such device".
 */
export async function makeSpeechWav(path: string, seconds: number, rate = 8000): Promise<void> {
  requireCommand('sox');
  requireCommand('espeak-ng');
  const raw = `${path}.espeak.wav`;
  await run('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, SPEECH]);
  // 22.05 kHz → mono 16-bit at the rate, repeated and cut to the exact length.
  await run('sox', [raw, '-r', String(rate), '-c', '1', '-b', '16', path, 'repeat', '3', 'trim', '0', String(seconds)]);
}

/**
 * A caller who waits, speaks and waits again: `leadSeconds` of silence, `speechSeconds` of speech
 * (makeSpeechWav), `tailSeconds` of silence, 8 kHz mono 16-bit. Since `aufile` starts playing at
 * the answer, the lead is the time the caller listens (to a greeting) before speaking.
 */
export async function makeDelayedSpeechWav(
  path: string,
  o: { leadSeconds: number; speechSeconds: number; tailSeconds: number },
): Promise<void> {
  requireCommand('sox');
  const speech = `${path}.speech.wav`;
  await makeSpeechWav(speech, o.speechSeconds);
  await run('sox', [speech, path, 'pad', String(o.leadSeconds), String(o.tailSeconds)]);
}

const DTMF_FREQS: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477], B: [770, 1633],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
};

/**
 * `leadSeconds` of speech, then the digits as in-band DTMF (dual tones of toneMs with gapMs of
 * silence between, each tone at about -10 dBFS), then speech until `totalSeconds`.
 */
export async function makeInbandDtmfWav(
  path: string,
  o: { digits: string; leadSeconds: number; totalSeconds: number; toneMs?: number; gapMs?: number },
): Promise<void> {
  requireCommand('sox');
  const toneS = (o.toneMs ?? 100) / 1000;
  const gapS = (o.gapMs ?? 100) / 1000;
  const speech = `${path}.speech.wav`;
  await makeSpeechWav(speech, o.totalSeconds);
  const parts: string[] = [];
  const lead = `${path}.lead.wav`;
  await run('sox', [speech, lead, 'trim', '0', String(o.leadSeconds)]);
  parts.push(lead);
  const gap = `${path}.gap.wav`;
  await run('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', gap, 'trim', '0', String(gapS)]);
  for (const [i, digit] of [...o.digits].entries()) {
    const f = DTMF_FREQS[digit];
    if (!f) throw new Error(`no DTMF frequencies for "${digit}"`);
    const tone = `${path}.dtmf${i}.wav`;
    await run('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', tone, 'synth', String(toneS), 'sine', String(f[0]), 'sine', 'mix', String(f[1]), 'vol', '0.6']);
    parts.push(gap, tone);
  }
  parts.push(gap);
  const used = o.leadSeconds + o.digits.length * (toneS + gapS) + gapS;
  const tail = `${path}.tail.wav`;
  await run('sox', [speech, tail, 'trim', String(o.leadSeconds), String(Math.max(0.1, o.totalSeconds - used))]);
  parts.push(tail);
  await run('sox', [...parts, path]);
}
