// Call answering with a real softphone (issue 4, "baresip calls in, through Kamailio too"): baresip
// calls a user's extension directly, and through Kamailio playing the PBX that forwards an
// unanswered call to the pilot 8500 with Diversion (RFC 5806) or History-Info (RFC 7044, cause
// RFC 4458). baresip's microphone is a WAV: silence while the greeting and the beep play, 5 s of
// speech, then silence; baresip hangs up when the speech has ended. The message must be in the
// store (read back with `openum messages list` / `messages export`) for the right mailbox, from
// baresip's user, as long as the caller was recorded, and its audio must hold the whole speech.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { makeDelayedSpeechWav, scriptedCall, startBaresip } from './harness/baresip.js';
import { startKamailio, type ForwardNoAnswer, type Kamailio } from './harness/kamailio.js';
import { logLines } from './harness/media.js';
import { startOpenUm, type ListedMessage, type OpenUm } from './harness/openum.js';
import { artifactsDir, requireCommand, stopAll, waitUntil } from './harness/processes.js';
import { parseWav } from '../../src/media/wav/index.js';

after(() => stopAll());

/** The OpenUM build this test file belongs to (dist/ or a helper's .build/NAME/), unless OPENUM_MAIN says otherwise. */
const openumMain = process.env['OPENUM_MAIN'] ?? fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const CALLER = '2000';
const CALLER_NAME = 'Carol Caller';
const PILOT = '8500';

// The caller's timeline, from the answer (aufile starts the WAV when the call is established):
// silence while the greeting and the beep play, the speech, then the hang-up as the speech ends.
// The greeting ("<name> is not available. Please leave a message after the tone.") and the beep
// take 4-6 s once synthesized (4.9-5.0 s here; voicemail-sipp.test.ts allows the same; 5.4-6.8 s
// while start-up was still synthesizing, see before()): 7 s of silence leaves a second to spare.
// The tail keeps aufile from ending the call by itself before baresip hangs up.
const LEAD_S = 7;
const SPEECH_S = 5;
const TAIL_S = 4;
const HANGUP_MS = (LEAD_S + SPEECH_S) * 1000;


interface Deposit {
  message: ListedMessage;
  /** OpenUM's log lines of this call only. */
  lines: Array<Record<string, unknown>>;
  /** Where the speech lies in the stored audio, in seconds from its start. */
  voice: { firstS: number; lastS: number; totalS: number };
}

/** 20 ms frames whose RMS is above this (of 32768) hold speech; the G.711 idle noise of silence is far below. */
const VOICE_RMS = 300;

/** First and last 20 ms frame with voice in a WAV; null when there is none. */
function voiceSpan(wav: Buffer): { firstS: number; lastS: number; totalS: number } | null {
  const { samples, sampleRate } = parseWav(wav);
  const frame = sampleRate / 50;
  let first = -1;
  let last = -1;
  for (let i = 0; i + frame <= samples.length; i += frame) {
    let sum = 0;
    for (let j = i; j < i + frame; j++) sum += samples[j]! * samples[j]!;
    if (Math.sqrt(sum / frame) > VOICE_RMS) {
      if (first < 0) first = i;
      last = i + frame;
    }
  }
  return first < 0 ? null : { firstS: first / sampleRate, lastS: last / sampleRate, totalS: samples.length / sampleRate };
}

describe('call answering with baresip as the caller, directly and through Kamailio as the forwarding PBX', { timeout: 300_000 }, () => {
  let server: OpenUm;
  let wav: string;

  before(async () => {
    requireCommand('baresip', 'run: bash scripts/install-test-peers.sh (Debian package baresip)');
    requireCommand('kamailio', 'run: bash scripts/install-test-peers.sh (Debian package kamailio)');
    requireCommand('sox', 'run: bash scripts/install-test-peers.sh (Debian package sox)');
    requireCommand('espeak-ng', 'run: bash scripts/install-test-peers.sh (Debian package espeak-ng)');
    wav = join(artifactsDir('voicemail-baresip'), 'caller.wav');
    await makeDelayedSpeechWav(wav, { leadSeconds: LEAD_S, speechSeconds: SPEECH_S, tailSeconds: TAIL_S });
    server = await startOpenUm({
      testName: 'voicemail-baresip',
      mainPath: openumMain,
      configOverrides: { huntGroups: [{ gateway: 'loopback', pilotNumber: PILOT, dialPlan: 'HQ' }] },
    });
    // The greetings are synthesized once at start-up (8 s on a busy 2-core machine); a call
    // arriving before that waits for its greeting, and the caller's 7 s would be too short.
    await waitUntil('OpenUM\'s "prompts warmed up" line', () => logLines(server.process.stdout()).some((l) => l['msg'] === 'prompts warmed up'), 60_000);
  }, { timeout: 90_000 });
  after(async () => {
    await server?.stop();
  });

  function cli(...args: string[]): string {
    return execFileSync(process.execPath, [openumMain, ...args, '--config', server.configPath], { encoding: 'utf8' });
  }

  function listMessages(mailbox: string): ListedMessage[] {
    return JSON.parse(cli('messages', 'list', '--mailbox', mailbox, '--json')) as ListedMessage[];
  }

  /** baresip dials `uri`, waits, speaks, hangs up; resolves with the one new message in `mailbox`. */
  async function deposit(name: string, uri: string, mailbox: string, extra: () => string = () => ''): Promise<Deposit> {
    const dir = artifactsDir(name);
    const before = listMessages(mailbox).length;
    const logFrom = server.process.stdout().length;
    const baresip = await startBaresip({ label: 'baresip', dir, audioSource: wav, user: CALLER, displayName: CALLER_NAME, sipTrace: true });
    const context = (): string =>
      `\n--- openum\n${server.process.stdout().slice(logFrom).slice(-5000)}\n--- baresip\n${baresip.log().slice(-5000)}${extra()}`;
    try {
      const call = await scriptedCall(baresip, { uri, hangupAfterMs: HANGUP_MS, timeoutMs: 30_000 }).catch((e: Error) => {
        throw new Error(`${e.message}${context()}`);
      });
      assert.notEqual(call.hungUpAfterMs, null, `the call closed before baresip hung up: ${String(call.closed.param)}${context()}`);
      let list: ListedMessage[] = [];
      await waitUntil(`a new message in mailbox ${mailbox}`, () => (list = listMessages(mailbox)).length > before, 8000)
        .catch((e: Error) => {
          throw new Error(`${e.message}${context()}`);
        });
      assert.equal(list.length, before + 1, `exactly one new message in ${mailbox}${context()}`);
      const message = list[0]!;
      const lines = logLines(server.process.stdout().slice(logFrom));
      const exported = join(dir, `message-${message.id}.wav`);
      cli('messages', 'export', message.id, exported);
      const voice = voiceSpan(readFileSync(exported));
      assert.ok(voice, `no voice in the stored audio ${exported}`);
      console.log(`# ${name}: durationSeconds=${message.durationSeconds} voice=${JSON.stringify(voice)} hungUpAfterMs=${String(call.hungUpAfterMs)}`);
      return { message, lines, voice };
    } finally {
      await baresip.stop();
    }
  }

  /** What every deposit must show, however the call reached OpenUM. */
  function assertDeposit(d: Deposit, o: { mailbox: string; reason: string; requestUser: string; toUser: string }): void {
    const { message, lines, voice } = d;
    const { mailbox, reason } = o;
    // What OpenUM was sent: the Request-URI (the extension, or the pilot after the PBX's rewrite) and the To.
    const incoming = lines.find((l) => l['msg'] === 'incoming call');
    assert.ok(incoming, `no "incoming call" line in OpenUM's log`);
    assert.match(String(incoming['requestUri']), new RegExp(`^sip:${o.requestUser}@`), JSON.stringify(incoming));
    assert.match(String(incoming['to']), new RegExp(`^sip:${o.toUser}@`), JSON.stringify(incoming));
    assert.equal(message.mailbox, mailbox);
    assert.equal(message.callerNumber, CALLER, "the caller's number is baresip's user");
    assert.equal(message.callerName, CALLER_NAME, "the caller's name is baresip's display name");
    assert.equal(message.state, 'new');
    assert.equal(message.urgent, false);
    const routed = lines.find((l) => l['msg'] === 'call routed');
    assert.equal(routed?.['route'], 'callAnswering', JSON.stringify(routed));
    const answering = lines.find((l) => l['msg'] === 'call answering');
    assert.ok(answering, `no "call answering" line in OpenUM's log`);
    assert.equal(answering['mailbox'], mailbox);
    assert.equal(answering['reason'], reason);
    const recorded = lines.find((l) => l['msg'] === 'recorded');
    assert.equal(recorded?.['endedBy'], 'hangup', JSON.stringify(recorded));

    // The recording starts at the end of the beep, B s after the answer, and ends at the BYE,
    // HANGUP_MS after it. The caller spoke from LEAD_S to LEAD_S + SPEECH_S, so the stored audio
    // is (LEAD_S - B) s of silence, then the speech, then nothing: the speech ends at the end
    // of the recording (within 0.3 s: the BYE leaves with the last packets of speech, and
    // espeak's speech cut at 5 s may end on a quiet syllable), it began after the beep (some
    // silence before it), and it lasted the SPEECH_S seconds that were spoken (its first and
    // last voiced frames 4.5-5.1 s apart: it may start with a quiet sound).
    assert.ok(Math.abs(voice.totalS - message.durationSeconds) <= 0.1, `audio of ${voice.totalS} s for a message of ${message.durationSeconds} s`);
    assert.ok(voice.totalS - voice.lastS <= 0.3, `the speech ends ${voice.totalS - voice.lastS} s before the end of the recording`);
    assert.ok(voice.firstS >= 0.2, `the speech starts ${voice.firstS} s into the recording: it began before the beep`);
    const spoken = voice.lastS - voice.firstS;
    assert.ok(spoken >= SPEECH_S - 0.5 && spoken <= SPEECH_S + 0.1, `${spoken} s of speech recorded, ${SPEECH_S} s spoken`);
    // So the message is the speech plus the caller's silence after the beep, LEAD_S - B: with B
    // at least 4 s (above), at most LEAD_S - 4 s longer than the speech.
    assert.ok(message.durationSeconds >= SPEECH_S && message.durationSeconds <= SPEECH_S + (LEAD_S - 4) + 0.3,
      `message of ${message.durationSeconds} s for ${SPEECH_S} s of speech after the beep`);
  }

  it('baresip calling extension 1002 directly hears its greeting and leaves a message from its user holding the whole speech', { timeout: 60_000 }, async () => {
    const d = await deposit('voicemail-baresip-direct', `sip:1002@${server.sipAddress}`, '1002');
    // A direct call to an extension (no Diversion) is call answering with reason unknown (um/routing rule 3d).
    assertDeposit(d, { mailbox: '1002', reason: 'unknown', requestUser: '1002', toUser: '1002' });
  });

  /** baresip calls 1001 at a Kamailio that forwards it to OpenUM's pilot, naming 1001 with `header`. */
  async function throughPbx(name: string, header: ForwardNoAnswer['header']): Promise<Deposit> {
    let pbx: Kamailio | undefined;
    try {
      pbx = await startKamailio({
        dispatch: [`sip:${server.sipAddress}`],
        workDir: artifactsDir(name),
        forwardNoAnswer: { pilot: PILOT, header },
      });
      const kamailio = pbx;
      const d = await deposit(name, `sip:1001@${kamailio.address}`, '1001', () => `\n--- kamailio\n${kamailio.log().slice(-4000)}`);
      // Kamailio relayed the INVITE to the pilot with the header naming 1001, and record-routing
      // brought the ACK and the BYE back through it.
      const log = kamailio.log();
      const h = kamailio.host;
      const sent = header === 'diversion'
        ? `Diversion: <sip:1001@${h}>;reason=no-answer;counter=1`
        : `History-Info: <sip:1001@${h}?Reason=SIP%3Bcause%3D408>;index=1, <sip:${PILOT}@${h};cause=408>;index=1.1;mp=1`;
      assert.ok(log.includes(`forwarding sip:1001@${kamailio.address} on no answer to ${PILOT} with ${sent}\n`), `Kamailio did not forward with "${sent}":\n${log.slice(-3000)}`);
      assert.match(log, /in-dialog ACK /, `the ACK did not go through Kamailio:\n${log.slice(-3000)}`);
      assert.match(log, /in-dialog BYE /, `the BYE did not go through Kamailio:\n${log.slice(-3000)}`);
      return d;
    } finally {
      await pbx?.stop();
    }
  }

  it('a call Kamailio forwards on no answer to the pilot with Diversion (RFC 5806) leaves the message in 1001\'s mailbox; the BYE goes through Kamailio', { timeout: 60_000 }, async () => {
    const d = await throughPbx('voicemail-baresip-kamailio-diversion', 'diversion');
    assertDeposit(d, { mailbox: '1001', reason: 'no-answer', requestUser: PILOT, toUser: '1001' });
  });

  it('a call Kamailio forwards on no answer to the pilot with History-Info (RFC 7044, cause 408 per RFC 4458) leaves the message in 1001\'s mailbox', { timeout: 60_000 }, async () => {
    const d = await throughPbx('voicemail-baresip-kamailio-history-info', 'history-info');
    assertDeposit(d, { mailbox: '1001', reason: 'no-answer', requestUser: PILOT, toUser: '1001' });
  });
});
