// `openum test-call` (issue 4) against a running OpenUM: the built CLI calls a server whose
// application answers like call answering (greeting, beep, record until #, goodbye, BYE), and the
// test reads both sides: the CLI's transcript and exit status, and the server's log of what it
// received (the forwarding headers, each key and how it came, the recording's length).

import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { synthesize } from '../../src/media/prompts/index.js';
import { encodeWav, WavFileReader } from '../../src/media/wav/index.js';
import { mainJs } from '../cli/run.js';
import { logLines } from './harness/media.js';
import { startOpenUm, type OpenUm } from './harness/openum.js';
import { artifactsDir, freePort, spawnManaged, stopAll } from './harness/processes.js';

after(() => stopAll());

const fixture = fileURLToPath(new URL('./fixtures/testcallServer.js', import.meta.url));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`node <build>/src/cli/main.js test-call …`) to its end. */
async function testCall(name: string, args: readonly string[], timeoutMs = 60_000): Promise<CliRun> {
  const proc = spawnManaged({ label: 'test-call', command: process.execPath, args: [mainJs, 'test-call', ...args], logDir: artifactsDir(name), env: { ...process.env, OPENUM_DEBUG: '' } });
  try {
    const status = await proc.waitForExit(timeoutMs);
    return { code: status.code, stdout: proc.stdout(), stderr: proc.stderr() };
  } catch (err) {
    await proc.stop(2000);
    throw new Error(`${(err as Error).message}\n${proc.describe(40)}`);
  }
}

/** Transcript lines as [seconds, text]; the times must never go backwards. */
function steps(stdout: string): [number, string][] {
  const out: [number, string][] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+\.\d{3})  (.*)$/.exec(line);
    if (m) out.push([Number(m[1]), m[2]!]);
  }
  out.forEach(([t], i) => assert.ok(i === 0 || t >= out[i - 1]![0], `time goes backwards at "${out[i]![1]}"`));
  return out;
}

function serverLines(server: OpenUm, since: number, msg: string): Array<Record<string, unknown>> {
  return logLines(server.log()).slice(since).filter((l) => l['msg'] === msg);
}

/** Waits for the server to log `msg` `count` times after line `since` (it logs after the CLI exits). */
async function waitForServer(server: OpenUm, since: number, msg: string, count = 1): Promise<Array<Record<string, unknown>>> {
  for (let i = 0; i < 100; i++) {
    const found = serverLines(server, since, msg);
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the server never logged "${msg}" ${count} time(s):\n${server.log().slice(-3000)}`);
}

describe('openum test-call against OpenUM (call answering stand-in)', { timeout: 240_000 }, () => {
  let server: OpenUm;
  let wav = '';
  let wavMs = 0;

  before(async () => {
    server = await startOpenUm({ testName: 'testcall-server', mainPath: fixture });
    // The caller's message: espeak-ng speech at its own 22050 Hz, so the CLI has to convert it.
    const speech = await synthesize('Hello Alice, this is Bob. Please call me back about the budget review. Thanks.');
    wav = join(artifactsDir('testcall-server'), 'message-22k.wav');
    writeFileSync(wav, encodeWav(speech.samples, speech.sampleRate));
    wavMs = (speech.samples.length * 1000) / speech.sampleRate;
    assert.ok(wavMs > 3000, `the message lasts ${wavMs} ms`);
  });
  after(async () => {
    await server?.stop();
  });

  it('deposits a diverted message: 200 OK, beep, the WAV, keys 1# by RFC 4733, and the server hangs up', async () => {
    const since = logLines(server.log()).length;
    const heard = join(artifactsDir('testcall-deposit'), 'heard.wav');
    const run = await testCall('testcall-deposit', [
      `sip:8500@${server.sipAddress}`, '--from', '2000', '--name', 'Bob Caller', '--diversion', '1001',
      '--play', wav, '--dtmf', '1#', '--record-heard', heard, '--timeout', '20', '--hangup-after', '30',
    ]);
    assert.equal(run.code, 0, `exit ${String(run.code)}\n${run.stdout}\n${run.stderr}\n--- server\n${server.log().slice(-3000)}`);
    assert.equal(run.stderr, '');
    const texts = steps(run.stdout).map(([, text]) => text);
    const order = [/^INVITE sent to udp:127\.0\.0\.1:\d+ from 127\.0\.0\.1:\d+$/, /^200 OK: G\.722, telephone-event\/8000 \(PT 101\), RTP to 127\.0\.0\.1:\d+$/,
      /^hearing greeting…$/, /^beep detected \(\d+ ms, -1\d\.\d dBFS\)$/, /^playing message-22k\.wav \(\d+\.\d s\)$/, /^DTMF "1#" sent \(RFC 4733\)$/, /^the server hung up \(BYE\)$/];
    let at = 0;
    for (const pattern of order) {
      const found = texts.findIndex((t, i) => i >= at && pattern.test(t));
      assert.ok(found >= 0, `no step ${pattern} after step ${at} in:\n${run.stdout}`);
      at = found + 1;
    }
    assert.match(run.stdout, /^summary: answered yes \(G\.722\), beep yes, heard \d+\.\d s of audio, played \d+\.\d s, DTMF "1#" of "1#" \(rfc4733\), ended by the server, heard audio saved to .*heard\.wav$/m);

    const [call] = await waitForServer(server, since, 'call received');
    assert.equal(call!['caller'], '2000');
    assert.equal(call!['callerName'], 'Bob Caller');
    assert.equal(call!['called'], '8500');
    assert.equal(call!['redirecting'], '1001');
    assert.deepEqual(call!['diversions'], [{ number: '1001', reason: 'no-answer', source: 'diversion' }]);
    const keys = await waitForServer(server, since, 'dtmf received', 2);
    assert.deepEqual(keys.map((k) => [k['digit'], k['source']]), [['1', 'rfc4733'], ['#', 'rfc4733']]);
    const [saved] = await waitForServer(server, since, 'recording saved');
    assert.equal(saved!['endedBy'], 'terminator');
    assert.equal(saved!['terminator'], '#');
    // The recording runs from the beep to the #: the message plus the two key presses.
    const durationMs = Number(saved!['durationMs']);
    assert.ok(durationMs >= wavMs - 100 && durationMs <= wavMs + 1000, `recorded ${durationMs} ms of a ${Math.round(wavMs)} ms message`);
    assert.ok(Number(saved!['voicedMs']) >= wavMs / 3, `voice in the recording: ${String(saved!['voicedMs'])} ms`);

    // What we heard, at the call's rate: the greeting, the beep and the goodbye.
    assert.ok(existsSync(heard), 'no --record-heard file');
    const reader = await WavFileReader.open(heard);
    await reader.close();
    assert.equal(reader.sampleRate, 16000);
    assert.ok(reader.durationMs > wavMs + 3000, `heard.wav lasts ${reader.durationMs} ms`);
  });

  it('sends History-Info and SIP INFO keys, offers only PCMA, and prints the JSON summary', async () => {
    const since = logLines(server.log()).length;
    const run = await testCall('testcall-info', [
      `sip:8500@${server.sipAddress}`, '--history-info', '1002', '--reason', 'user-busy', '--dtmf', '1#', '--dtmf-mode', 'info',
      '--codec', 'pcma', '--json', '--timeout', '20', '--hangup-after', '30',
    ]);
    assert.equal(run.code, 0, `exit ${String(run.code)}\n${run.stdout}\n${run.stderr}`);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.equal(summary['ok'], true);
    assert.equal(summary['answered'], true);
    assert.equal(summary['status'], 200);
    assert.equal(summary['codec'], 'PCMA');
    assert.equal(summary['beep'], true);
    assert.equal(summary['played'], 'a built-in sentence');
    assert.deepEqual(summary['dtmf'], { keys: '1#', mode: 'info', sent: '1#' });
    assert.equal(summary['endedBy'], 'server');
    assert.equal(summary['error'], null);
    assert.ok(Number(summary['heardSeconds']) > 3, `heard ${String(summary['heardSeconds'])} s`);
    assert.ok(Number(summary['beepAtSeconds']) > Number(summary['answeredAfterSeconds']));
    // The steps went to stderr, so stdout is only the JSON.
    assert.match(run.stderr, /beep detected/);
    assert.match(run.stderr, /DTMF "1#" sent \(SIP INFO, application\/dtmf-relay\)/);

    const [call] = await waitForServer(server, since, 'call received');
    assert.deepEqual(call!['diversions'], [{ number: '1002', reason: 'busy', source: 'history-info' }]);
    const keys = await waitForServer(server, since, 'dtmf received', 2);
    assert.deepEqual(keys.map((k) => [k['digit'], k['source']]), [['1', 'sip-info'], ['#', 'sip-info']]);
    const [saved] = await waitForServer(server, since, 'recording saved');
    const playedMs = Number(summary['playedSeconds']) * 1000;
    assert.ok(Math.abs(Number(saved!['durationMs']) - playedMs) <= 1000, `recorded ${String(saved!['durationMs'])} ms of ${playedMs} ms`);
  });

  it('exits 1 with the status and what it means when the server rejects the number', async () => {
    const run = await testCall('testcall-404', [`sip:9404@${server.sipAddress}`, '--timeout', '20']);
    assert.equal(run.code, 1);
    const lines = run.stderr.split('\n').filter((l) => l !== '');
    assert.deepEqual(lines, [`openum: test call failed: sip:9404@${server.sipAddress} rejected the call: 404 Not Found (no such number: check the number against the dial plan, hunt groups and auto attendants)`]);
    assert.match(run.stdout, /^summary: answered no,/m);
  });

  it('exits 1 with one clear line when nothing listens on the target (UDP: no answer)', async () => {
    const port = await freePort('udp');
    const run = await testCall('testcall-nothing-udp', [`sip:8500@127.0.0.1:${port}`, '--timeout', '2']);
    assert.equal(run.code, 1);
    assert.deepEqual(run.stderr.split('\n').filter((l) => l !== ''), [
      `openum: test call failed: no answer from sip:8500@127.0.0.1:${port} within 2 s (is OpenUM running? is this machine a configured gateway?)`,
    ]);
  });

  it('exits 1 with one clear line when nothing listens on the target (TCP: connection refused)', async () => {
    const port = await freePort('tcp');
    const run = await testCall('testcall-nothing-tcp', [`sip:8500@127.0.0.1:${port}`, '--transport', 'tcp', '--timeout', '5']);
    assert.equal(run.code, 1);
    const lines = run.stderr.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, new RegExp(`^openum: test call failed: cannot reach sip:8500@127\\.0\\.0\\.1:${port} over TCP: .*ECONNREFUSED \\(is OpenUM running and listening there\\?\\)$`));
  });
});

describe("openum test-call against OpenUM's own call answering (openum serve)", { timeout: 180_000 }, () => {
  let server: OpenUm;
  before(async () => {
    server = await startOpenUm({ testName: 'testcall-um', mainPath: mainJs });
  });
  after(async () => {
    await server?.stop();
  });

  /** `openum messages list --mailbox EXT --json` (the stable interface of ARCHITECTURE.md). */
  async function messages(mailbox: string): Promise<Array<Record<string, unknown>>> {
    const run = await new Promise<CliRun>((resolve) => {
      const proc = spawnManaged({ label: 'messages', command: process.execPath, args: [mainJs, 'messages', 'list', '--mailbox', mailbox, '--json', '--config', server.configPath], logDir: artifactsDir('testcall-um') });
      void proc.waitForExit(30_000).then((status) => resolve({ code: status.code, stdout: proc.stdout(), stderr: proc.stderr() }));
    });
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as Array<Record<string, unknown>>;
  }

  it("leaves a message in 1001's mailbox: diverted from 1001, speaks the WAV, presses #, hangs up", async () => {
    const speech = await synthesize('Hi Alice, it is Bob. The demo works. Talk to you soon.');
    const wav = join(artifactsDir('testcall-um'), 'message.wav');
    writeFileSync(wav, encodeWav(speech.samples, speech.sampleRate));
    const wavSeconds = speech.samples.length / speech.sampleRate;
    assert.deepEqual(await messages('1001'), [], 'the mailbox starts empty');

    const run = await testCall('testcall-um', [`sip:8500@${server.sipAddress}`, '--from', '2000', '--diversion', '1001', '--play', wav, '--dtmf', '#', '--timeout', '30']);
    assert.equal(run.code, 0, `exit ${String(run.code)}\n${run.stdout}\n${run.stderr}\n--- server\n${server.log().slice(-4000)}`);
    assert.match(run.stdout, /beep detected/);
    assert.match(run.stdout, /DTMF "#" sent \(RFC 4733\)/);

    let found: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 50 && found.length === 0; i++) {
      found = await messages('1001');
      if (found.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(found.length, 1, `no message in 1001's mailbox:\n${server.log().slice(-4000)}`);
    const [message] = found;
    assert.equal(message!['callerNumber'], '2000');
    assert.equal(message!['state'], 'new');
    const seconds = Number(message!['durationSeconds']);
    assert.ok(seconds >= wavSeconds - 0.2 && seconds <= wavSeconds + 1.5, `a ${seconds} s message for ${wavSeconds.toFixed(1)} s of speech`);
  });
});
