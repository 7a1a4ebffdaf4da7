// Message waiting (RFC 3842 message-summary) after a real deposit: OpenUM's configuration has one
// IP gateway, 127.0.0.1 on the port of a sipp UAS, with messageWaitingIndicator: true. The sipp
// "PBX" placing the diverted call also sends from 127.0.0.1, so it is that gateway (trusted by
// address). After the message for 1001 is saved, the mwi outbox entry sends the gateway an
// unsolicited NOTIFY, as Exchange UM did; a phone that SUBSCRIBEs afterwards (RFC 6665) gets the
// current counts in its initial NOTIFY.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { udpPortTaken } from './fixtures/sipStack.js';
import { listMessages, startOpenUm, type OpenUm } from './harness/openum.js';
import { logLines } from './harness/media.js';
import { artifactsDir, freePort, stopAll, waitUntil } from './harness/processes.js';
import { runSipp, selectMessages, startSipp, type SippResult, sippWorkDir } from './harness/sipp.js';

after(() => stopAll());

const testName = 'voicemail-mwi';


describe('MWI NOTIFY observed by a sipp UAS acting as the gateway', { timeout: 240_000 }, () => {
  let server: OpenUm;
  let gatewayPort: number;

  before(async () => {
    assert.ok(existsSync('/usr/share/sip-tester/g711a.pcap'), 'sip-tester pcaps missing: run scripts/install-test-peers.sh');
    gatewayPort = await freePort('udp');
    server = await startOpenUm({
      testName,
      configOverrides: {
        // No OPTIONS pings: the gateway's sipp expects a NOTIFY and nothing else.
        sip: { optionsPingSeconds: 0 },
        gateways: [{ name: 'pbx', address: '127.0.0.1', port: gatewayPort, transport: 'udp', dialPlan: 'HQ', messageWaitingIndicator: true }],
        huntGroups: [{ gateway: 'pbx', pilotNumber: '8500', dialPlan: 'HQ' }],
      },
    });
  });
  after(async () => {
    await server?.stop();
  });

  function explain(result: SippResult): string {
    return `${result.describe()}\n--- openum\n${server.log().slice(-4000)}`;
  }

  it('a deposit for 1001 sends the gateway an unsolicited NOTIFY: message-summary, Request-URI user 1001, one new message', { timeout: 120_000 }, async () => {
    const work = sippWorkDir(testName);
    const gateway = startSipp({
      scenario: 'uas-mwi-notify-expect-one-new-message',
      localPort: gatewayPort,
      calls: 1,
      timeoutSeconds: 90,
      logDir: work,
      label: 'sipp-gateway',
    });
    await waitUntil(`sipp gateway listening on udp ${gatewayPort}`, () => udpPortTaken(gatewayPort), 10_000, 50);

    const deposit = await runSipp({
      scenario: 'uac-voicemail-deposit',
      target: server.sipAddress,
      localPort: await freePort('udp'),
      service: '8500',
      calls: 1,
      rate: 1,
      timeoutSeconds: 60,
      keys: { caller: '2000', caller_name: 'Bob Caller', redirect: 'Diversion: <sip:1001@127.0.0.1>;reason=no-answer;counter=1' },
      logDir: work,
      cwd: work,
    });
    assert.equal(deposit.exitCode, 0, explain(deposit));
    assert.equal(listMessages(server, '1001').length, 1, 'the message was saved');

    const result = await gateway.wait();
    assert.equal(result.exitCode, 0, explain(result));
    const [notify, ...more] = selectMessages(result.trace(), { direction: 'received', method: 'NOTIFY' });
    assert.ok(notify, 'the gateway received a NOTIFY');
    assert.equal(more.length, 0, 'one NOTIFY for one deposit');
    assert.match(notify.startLine, /^NOTIFY sip:1001@127\.0\.0\.1:\d+ SIP\/2\.0$/);
    assert.equal(notify.header('event'), 'message-summary');
    assert.match(notify.header('content-type') ?? '', /^application\/simple-message-summary\b/);
    assert.match(notify.text, /\r\nMessages-Waiting: yes\r\n/);
    assert.match(notify.text, /\r\nVoice-Message: 1\/0\b/);
    assert.ok(selectMessages(result.trace(), { direction: 'sent', status: 200, cseqMethod: 'NOTIFY' }).length >= 1, 'the gateway answered 200');

    // OpenUM recorded the NOTIFY as delivered to one gateway.
    await waitUntil('the mwi outbox entry delivered', () => logLines(server.log()).some((l) => l['msg'] === 'outbox entry delivered' && l['kind'] === 'mwi'), 10_000);
    const notified = logLines(server.log()).find((l) => l['msg'] === 'message waiting notified' && l['mailbox'] === '1001');
    assert.ok(notified, 'a "message waiting notified" log line');
    assert.equal(notified['gateways'], 1);
    assert.equal(notified['failed'], 0);
    assert.equal(notified['new'], 1);
  });

  it('a SUBSCRIBE for 1001 gets 200 and an initial NOTIFY with the current counts (one new message), then unsubscribes', { timeout: 60_000 }, async () => {
    assert.equal(listMessages(server, '1001').length, 1, 'precondition: the deposit of the previous test');
    const result = await runSipp({
      scenario: 'uac-subscribe-mwi-expect-one-new-message',
      target: server.sipAddress,
      localPort: await freePort('udp'),
      service: '1001',
      calls: 1,
      timeoutSeconds: 30,
      logDir: artifactsDir(testName),
    });
    assert.equal(result.exitCode, 0, explain(result));
    const notifies = selectMessages(result.trace(), { direction: 'received', method: 'NOTIFY' });
    assert.equal(notifies.length, 2, 'the initial NOTIFY and the final one');
    assert.match(notifies[0]?.text ?? '', /\r\nVoice-Message: 1\/0\b/);
    assert.match(notifies[1]?.header('subscription-state') ?? '', /^terminated/);
  });
});
