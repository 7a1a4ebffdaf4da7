// Kamailio as a loopback stateful proxy (record-route + dispatcher) in front of the system under
// test, from scripts/kamailio/kamailio.cfg.tmpl. Variant `forwardNoAnswer`: Kamailio plays the PBX
// whose extension does not answer and forwards the call to the voice mail pilot, naming the
// extension in Diversion (RFC 5806) or History-Info (RFC 7044, cause RFC 4458).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort, repoRoot, requireCommand, spawnManaged, type ManagedProcess } from './processes.js';
import { waitForSipAnswer } from './sipProbe.js';

export interface KamailioOptions {
  /** SIP port (UDP and TCP) to listen on; default a free one. */
  readonly listenPort?: number;
  readonly host?: string;
  /** Destinations of dispatcher set 1, e.g. ['sip:127.0.0.1:5070']; round robin. */
  readonly dispatch: readonly string[];
  /** Folder for the config, dispatcher list, pid file and logs. */
  readonly workDir: string;
  /** Kamailio log level (debug=), default 2. */
  readonly debugLevel?: number;
  /** tm final response timers, defaults 5000 / 30000 ms. */
  readonly frTimerMs?: number;
  readonly frInvTimerMs?: number;
  /** How long to wait for it to answer OPTIONS, default 10 s. */
  readonly startTimeoutMs?: number;
  /** Act as a PBX forwarding every new INVITE to a voice mail pilot (see forwardNoAnswerScript). */
  readonly forwardNoAnswer?: ForwardNoAnswer;
}

/**
 * The PBX side of "no answer → voice mail": every new INVITE is taken as unanswered by the
 * extension it was sent to (the Request-URI's user) and relayed, still record-routed, to the
 * dispatcher set with the Request-URI's user rewritten to the pilot and a header naming the
 * extension.
 */
export interface ForwardNoAnswer {
  /** The voice mail pilot number the Request-URI's user becomes (digits). */
  readonly pilot: string;
  /**
   * 'diversion': `Diversion: <sip:EXT@HOST>;reason=no-answer;counter=1` (RFC 5806 §4), what
   * Asterisk, FreeSWITCH and CUCM send. 'history-info': `History-Info:
   * <sip:EXT@HOST?Reason=SIP%3Bcause%3D408>;index=1, <sip:PILOT@HOST;cause=408>;index=1.1;mp=1`
   * (RFC 7044 §4 with the RFC 4458 §3 cause 408 "no reply"), what IMS and BroadWorks send.
   */
  readonly header: 'diversion' | 'history-info';
}

export interface Kamailio {
  readonly host: string;
  readonly port: number;
  /** `host:port`, the sipp target. */
  readonly address: string;
  readonly configPath: string;
  readonly process: ManagedProcess;
  /** Kamailio's log (stderr, because of -E). */
  log(): string;
  /** Stops the main process (its children exit with it); idempotent. */
  stop(): Promise<void>;
}

export const kamailioTemplatePath = join(repoRoot, 'scripts', 'kamailio', 'kamailio.cfg.tmpl');

/** The modules folder of the installed Kamailio (Debian: /usr/lib/<triplet>/kamailio/modules). */
export function kamailioModulesDir(): string {
  const candidates = ['/usr/lib/kamailio/modules', '/usr/lib64/kamailio/modules'];
  try {
    for (const entry of readdirSync('/usr/lib')) candidates.push(join('/usr/lib', entry, 'kamailio', 'modules'));
  } catch {
    // no /usr/lib: fall through
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'tm.so')));
  if (found === undefined) throw new Error('Kamailio modules (tm.so) not found: install kamailio (bash scripts/install-test-peers.sh)');
  return found;
}

/** The template line before which forwardNoAnswerScript goes: where a new request is dispatched. */
const DISPATCH_ANCHOR = '    if (!ds_select_dst("1", "4")) {';

/**
 * Kamailio script for ForwardNoAnswer, run for new requests just before they are dispatched.
 * `$(rU)@$(rd)` is the Request-URI as the caller sent it (the extension at the PBX's address),
 * read before `$rU` is rewritten; append_hf adds the header to the relayed INVITE (textops).
 */
export function forwardNoAnswerScript(f: ForwardNoAnswer): string {
  if (!/^[0-9]{1,32}$/.test(f.pilot)) throw new Error(`forwardNoAnswer.pilot must be digits, not "${f.pilot}"`);
  const header = f.header === 'diversion'
    ? 'Diversion: <sip:$(rU)@$(rd)>;reason=no-answer;counter=1'
    : `History-Info: <sip:$(rU)@$(rd)?Reason=SIP%3Bcause%3D408>;index=1, <sip:${f.pilot}@$(rd);cause=408>;index=1.1;mp=1`;
  return [
    `    # PBX role (harness forwardNoAnswer, ${f.header}): the extension in the Request-URI did not`,
    `    # answer; the call goes on to the voice mail pilot ${f.pilot}, record-routed like any other.`,
    '    if (is_method("INVITE")) {',
    `        append_hf("${header}\\r\\n");`,
    // Logged before the rewrite, so that $(rU) reads as it did in append_hf: a test can assert on it.
    `        xlog("L_INFO", "forwarding $ru on no answer to ${f.pilot} with ${header}\\n");`,
    `        $rU = "${f.pilot}";`,
    '    }',
    '',
  ].join('\n');
}

/** Fills the template; exported so a test can check the config without running Kamailio. */
export function renderKamailioConfig(values: {
  host: string; port: number; modulesDir: string; dispatcherList: string; debugLevel: number;
  frTimerMs: number; frInvTimerMs: number; forwardNoAnswer?: ForwardNoAnswer;
}): string {
  const template = readFileSync(kamailioTemplatePath, 'utf8');
  const table: Record<string, string> = {
    HOST: values.host,
    PORT: String(values.port),
    MPATH: values.modulesDir.endsWith('/') ? values.modulesDir : `${values.modulesDir}/`,
    DISPATCHER_LIST: values.dispatcherList,
    DEBUG: String(values.debugLevel),
    FR_TIMER_MS: String(values.frTimerMs),
    FR_INV_TIMER_MS: String(values.frInvTimerMs),
  };
  const text = template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => {
    const value = table[key];
    if (value === undefined) throw new Error(`kamailio template: unknown placeholder ${whole}`);
    return value;
  });
  if (values.forwardNoAnswer === undefined) return text;
  const at = text.indexOf(DISPATCH_ANCHOR);
  if (at < 0) throw new Error(`kamailio template: no line "${DISPATCH_ANCHOR.trim()}" to put the forwardNoAnswer script before`);
  return `${text.slice(0, at)}${forwardNoAnswerScript(values.forwardNoAnswer)}${text.slice(at)}`;
}

/** Writes the config, checks it with `kamailio -c`, starts Kamailio and waits until it answers. */
export async function startKamailio(options: KamailioOptions): Promise<Kamailio> {
  const kamailio = requireCommand('kamailio', 'install Debian package kamailio: bash scripts/install-test-peers.sh');
  const host = options.host ?? '127.0.0.1';
  const port = options.listenPort ?? (await freePort('udp+tcp', host));
  mkdirSync(options.workDir, { recursive: true });
  const runDir = join(options.workDir, `kamailio-run-${port}`);
  mkdirSync(runDir, { recursive: true });
  const dispatcherList = join(options.workDir, `dispatcher-${port}.list`);
  writeFileSync(dispatcherList, options.dispatch.map((uri) => `1 ${uri}\n`).join(''));
  const configPath = join(options.workDir, `kamailio-${port}.cfg`);
  writeFileSync(configPath, renderKamailioConfig({
    host, port, modulesDir: kamailioModulesDir(), dispatcherList, debugLevel: options.debugLevel ?? 2,
    frTimerMs: options.frTimerMs ?? 5000, frInvTimerMs: options.frInvTimerMs ?? 30000,
    ...(options.forwardNoAnswer ? { forwardNoAnswer: options.forwardNoAnswer } : {}),
  }));

  try {
    execFileSync(kamailio, ['-c', '-f', configPath], { stdio: 'pipe', timeout: 15000 });
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`kamailio -c rejected ${configPath}:\n${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`);
  }

  const pidFile = join(runDir, 'kamailio.pid');
  const child = spawnManaged({
    label: `kamailio-${port}`,
    command: kamailio,
    args: ['-DD', '-E', '-f', configPath, '-P', pidFile, '-Y', runDir],
    logDir: options.workDir,
    cwd: options.workDir,
  });
  const result: Kamailio = {
    host,
    port,
    address: `${host}:${port}`,
    configPath,
    process: child,
    log: () => child.stderr(),
    async stop() {
      await child.stop(3000);
    },
  };
  const died = child.exited.then((status) => {
    throw new Error(`kamailio exited during start-up (code ${String(status.code)}, signal ${String(status.signal)})`);
  });
  died.catch(() => undefined); // only the race below reports it
  try {
    await Promise.race([
      waitForSipAnswer({ host, port, timeoutMs: options.startTimeoutMs ?? 10000, what: 'Kamailio' }),
      died,
    ]);
  } catch (error) {
    await child.stop(1000);
    throw new Error(`${(error as Error).message}\n${child.describe(30)}`);
  }
  return result;
}
