// OpenUM's dialog layer against sipp (RFC 3261 §12-§15, §13.3.1.4, §9.2), directly and through
// Kamailio. The server here is the real SIP stack with a stand-in application that rings and
// answers every call (test/interop/fixtures/answeringServer.ts), since the call answering
// application comes with the media layer.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { startKamailio, type Kamailio } from './harness/kamailio.js';
import { startOpenUm, type OpenUm } from './harness/openum.js';
import { artifactsDir, stopAll } from './harness/processes.js';
import { finalResponseRetransmissions } from './harness/retransmissions.js';
import { receivedResponses, runUac } from './harness/sipp.js';

after(() => stopAll());

const answeringServer = fileURLToPath(new URL('./fixtures/answeringServer.js', import.meta.url));

const uac = runUac;

describe('OpenUM dialogs with an answering application', { timeout: 240_000 }, () => {
  let server: OpenUm;

  before(async () => {
    server = await startOpenUm({ testName: 'openum-dialogs', mainPath: answeringServer });
  });
  after(async () => {
    await server?.stop();
  });

  it('completes INVITE/200/ACK, INFO, re-INVITE and BYE over UDP (5 calls)', { timeout: 60_000 }, async () => {
    const result = await uac('openum-dialog-udp', server.sipAddress, 'uac-invite-expect-200-bye', { calls: 5, rate: 5 });
    assert.equal(result.exitCode, 0, `${result.describe()}\n--- openum\n${server.log().slice(-3000)}`);
    assert.equal(result.successful, 5);
    assert.match(server.log(), /"reason":"remote-bye"/);
    assert.match(server.log(), /INFO received/);
  });

  it('completes the same dialog over TCP, in-dialog requests on the same connection', { timeout: 60_000 }, async () => {
    const result = await uac('openum-dialog-tcp', server.sipAddress, 'uac-invite-expect-200-bye', { transport: 't1' });
    assert.equal(result.exitCode, 0, `${result.describe()}\n--- openum\n${server.log().slice(-3000)}`);
    assert.equal(result.successful, 1);
  });

  it('retransmits the 200 with T1 doubling until the ACK, then never again (§13.3.1.4)', { timeout: 60_000 }, async () => {
    const result = await uac('openum-2xx-retransmit', server.sipAddress, 'uac-invite-200-withhold-ack-expect-2xx-retransmit');
    assert.equal(result.exitCode, 0, `${result.describe()}\n--- openum\n${server.log().slice(-3000)}`);
    const report = finalResponseRetransmissions(result.trace(), 200);
    assert.ok(report.beforeAck.length >= 3, `200 plus at least two retransmissions before the ACK: ${JSON.stringify(report)}`);
    const [first, second] = report.intervalsMs;
    assert.ok(first !== undefined && first >= 400 && first <= 800, `first retransmission after T1 = 500 ms, got ${String(first)} ms`);
    assert.ok(second !== undefined && second >= 800 && second <= 1400, `second after 2*T1 = 1000 ms, got ${String(second)} ms`);
    assert.equal(report.afterAck, 0, 'no 200 retransmission may follow the ACK');
  });

  describe('through Kamailio (Record-Route: in-dialog requests via the proxy)', () => {
    let proxy: Kamailio;
    before(async () => {
      proxy = await startKamailio({ dispatch: [`sip:${server.sipAddress}`], workDir: artifactsDir('openum-dialogs-via-kamailio') });
    });
    after(async () => {
      await proxy?.stop();
    });

    it('completes INVITE/200/ACK, INFO, re-INVITE and BYE through the proxy (5 calls)', { timeout: 60_000 }, async () => {
      const result = await uac('openum-dialog-via-kamailio', proxy.address, 'uac-invite-expect-200-bye', { calls: 5, rate: 5 });
      assert.equal(result.exitCode, 0, `${result.describe()}\n--- kamailio\n${proxy.log().slice(-2000)}\n--- openum\n${server.log().slice(-2000)}`);
      assert.equal(result.successful, 5);
    });
  });
});

describe('OpenUM CANCEL of a ringing call (§9.2)', { timeout: 120_000 }, () => {
  let server: OpenUm;

  before(async () => {
    server = await startOpenUm({ testName: 'openum-cancel', mainPath: answeringServer, env: { OPENUM_TEST_ANSWER_DELAY_MS: '5000' } });
  });
  after(async () => {
    await server?.stop();
  });

  it('answers CANCEL with 200 and the INVITE with 487, then absorbs the ACK', { timeout: 60_000 }, async () => {
    const result = await uac('openum-cancel-487', server.sipAddress, 'uac-invite-cancel-expect-487', { calls: 3, rate: 10 });
    assert.equal(result.exitCode, 0, `${result.describe()}\n--- openum\n${server.log().slice(-3000)}`);
    assert.equal(result.successful, 3);
    assert.equal(receivedResponses(result.trace(), 487).length >= 3, true);
    assert.match(server.log(), /"reason":"cancelled"/);
  });
});

describe('OpenUM ends and transfers calls itself', { timeout: 120_000 }, () => {
  it('hangs up with BYE in the dialog, and sipp answers 200 (§15.1.1)', { timeout: 60_000 }, async () => {
    const server = await startOpenUm({ testName: 'openum-bye', mainPath: answeringServer, env: { OPENUM_TEST_AFTER_ANSWER: 'bye:300' } });
    try {
      const result = await uac('openum-sends-bye', server.sipAddress, 'uac-invite-200-expect-bye', { calls: 3, rate: 10 });
      assert.equal(result.exitCode, 0, `${result.describe()}\n--- openum\n${server.log().slice(-3000)}`);
      assert.equal(result.successful, 3);
      assert.equal((server.log().match(/"reason":"local-bye"/g) ?? []).length, 3);
    } finally {
      await server.stop();
    }
  });

  it('transfers with REFER, follows NOTIFY sipfrag to 200, then hangs up (RFC 3515)', { timeout: 60_000 }, async () => {
    const server = await startOpenUm({ testName: 'openum-refer', mainPath: answeringServer, env: { OPENUM_TEST_AFTER_ANSWER: 'refer:sip:1002@127.0.0.1' } });
    try {
      const result = await uac('openum-sends-refer', server.sipAddress, 'uac-invite-200-expect-refer-notify-then-bye');
      assert.equal(result.exitCode, 0, `${result.describe()}\n--- openum\n${server.log().slice(-3000)}`);
      assert.equal(result.successful, 1);
      assert.match(server.log(), /"outcome":\{"accepted":true,"status":200\}/);
    } finally {
      await server.stop();
    }
  });
});
