// Call answering end to end with a sipp "PBX": calls diverted to the UM pilot with Diversion
// (RFC 5806) and with History-Info (RFC 7044 + RFC 4458 cause) carry 8 s of speech from sipp's
// g711a.pcap; the message must appear in the store (read back with `openum messages list`) for
// the right mailbox, caller and duration, and its email must reach a real SMTP server on loopback
// (the smtp-server library). A caller hanging up during the greeting leaves a missed-call notice.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { listMessages as listHarnessMessages, startOpenUm, type ListedMessage, type OpenUm } from './harness/openum.js';
import { freePort, stopAll } from './harness/processes.js';
import { runSipp, sippWorkDir } from './harness/sipp.js';
import { logLines } from './harness/media.js';
import { startSmtpSink, type SmtpSink } from './harness/smtpSink.js';
import { parseWav } from '../../src/media/wav/index.js';

after(() => stopAll());



describe('voice mail deposit from a sipp PBX (Diversion, History-Info), email to an SMTP server', { timeout: 240_000 }, () => {
  let server: OpenUm;
  let sink: SmtpSink;

  before(async () => {
    assert.ok(existsSync('/usr/share/sip-tester/g711a.pcap'), 'sip-tester pcaps missing: run scripts/install-test-peers.sh');
    sink = await startSmtpSink();
    server = await startOpenUm({
      testName: 'voicemail-sipp',
      configOverrides: {
        huntGroups: [{ gateway: 'loopback', pilotNumber: '8500', dialPlan: 'HQ' }],
        mail: { smtp: { host: '127.0.0.1', port: sink.port, secure: false }, from: 'Voice Mail <voicemail@um.interop.test>' },
      },
    });
  });
  after(async () => {
    await server?.stop();
    await sink?.stop();
  });

  const listMessages = (mailbox: string): ListedMessage[] => listHarnessMessages(server, mailbox);

  async function call(name: string, scenario: string, redirect: string): Promise<void> {
    const work = sippWorkDir(name);
    const result = await runSipp({
      scenario,
      target: server.sipAddress,
      localPort: await freePort('udp'),
      service: '8500',
      calls: 1,
      rate: 1,
      timeoutSeconds: 60,
      keys: { caller: '2000', caller_name: 'Bob Caller', redirect },
      logDir: work,
      cwd: work,
    });
    assert.equal(result.exitCode, 0, `${result.describe()}\n--- openum\n${server.log().slice(-4000)}`);
  }

  async function expectDeposit(mailbox: string, before: number): Promise<ListedMessage> {
    let list: ListedMessage[] = [];
    for (let i = 0; i < 50 && list.length <= before; i++) {
      list = listMessages(mailbox);
      if (list.length <= before) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(list.length, before + 1, `one new message expected in ${mailbox}\n${server.log().slice(-3000)}`);
    const message = list[0]!;
    assert.equal(message.mailbox, mailbox);
    assert.equal(message.callerNumber, '2000');
    assert.equal(message.callerName, 'Bob Caller');
    assert.equal(message.state, 'new');
    // The caller started 8 s of speech (g711a.pcap) 7 s after the answer and hung up 9 s later; the
    // greeting and beep take 4-6 s, so the recording is the 9 s plus what was left of the 7 s.
    assert.ok(message.durationSeconds >= 7 && message.durationSeconds <= 13, `duration ${message.durationSeconds} s`);
    return message;
  }

  async function expectEmail(message: ListedMessage): Promise<void> {
    const mail = await sink.find((m) => (m.parsed.messageId ?? '').includes(message.id));
    const minutes = Math.floor(Math.round(message.durationSeconds) / 60);
    const seconds = String(Math.round(message.durationSeconds) % 60).padStart(2, '0');
    assert.equal(mail.parsed.subject, `Voice Mail from Bob Caller (${minutes}:${seconds})`);
    assert.deepEqual(mail.envelopeTo, ['alice@example.test']);
    const wav = mail.parsed.attachments.find((a) => a.contentType === 'audio/wav' || a.filename?.endsWith('.wav'));
    assert.ok(wav, 'WAV attachment');
    const audio = parseWav(wav.content);
    const seconds2 = audio.samples.length / audio.sampleRate;
    assert.ok(Math.abs(seconds2 - message.durationSeconds) < 0.2, `attachment ${seconds2} s vs message ${message.durationSeconds} s`);
  }

  it('a call diverted with Diversion (RFC 5806, reason no-answer) leaves a message for the diverting mailbox, mailed with its audio', async () => {
    const before = listMessages('1001').length;
    await call('voicemail-diversion', 'uac-voicemail-deposit', 'Diversion: <sip:1001@127.0.0.1>;reason=no-answer;counter=1');
    const message = await expectDeposit('1001', before);
    await expectEmail(message);
  });

  it('a call diverted with History-Info (RFC 7044, cause 408 per RFC 4458) leaves a message for the original target', async () => {
    const before = listMessages('1002').length;
    await call('voicemail-history-info', 'uac-voicemail-deposit',
      'History-Info: <sip:1002@127.0.0.1>;index=1, <sip:8500@127.0.0.1;cause=408>;index=1.1');
    const message = await expectDeposit('1002', before);
    assert.equal(message.mailbox, '1002');
    const mail = await sink.find((m) => (m.parsed.messageId ?? '').includes(message.id));
    assert.deepEqual(mail.envelopeTo, ['bob@example.test']);
  });

  it('a caller who hangs up during the greeting leaves no message but a missed-call notice', async () => {
    const before = listMessages('1001').length;
    const mailsBefore = sink.received.length;
    await call('voicemail-hangup-in-greeting', 'uac-voicemail-hangup-in-greeting', 'Diversion: <sip:1001@127.0.0.1>;reason=no-answer');
    const mail = await sink.find((m) => sink.received.indexOf(m) >= mailsBefore && m.parsed.subject === 'Missed call from Bob Caller');
    assert.deepEqual(mail.envelopeTo, ['alice@example.test']);
    assert.equal(listMessages('1001').length, before, 'no message was stored');
    assert.ok(logLines(server.log()).some((l) => l['msg'] === 'missed call' && l['why'] === 'hangup-before-beep'));
  });
});
