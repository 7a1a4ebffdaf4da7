// OpenUM's SIP signalling against real peers: sipp as the gateway/PBX (UAC), Kamailio as a proxy
// in front. Needs `npm run build` first (the server runs from dist/). Scenarios are in
// test/interop/sipp/ and are proven against sipp stand-ins by harness.test.ts.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { startKamailio, type Kamailio } from './harness/kamailio.js';
import { startOpenUm, type OpenUm } from './harness/openum.js';
import { artifactsDir, stopAll } from './harness/processes.js';
import { finalResponseRetransmissions } from './harness/retransmissions.js';
import { receivedResponses, runUac } from './harness/sipp.js';

after(() => stopAll());

const uac = runUac;
/** The real server with an application that declines every call with 480: these tests are about signalling. */
const decliningServer = fileURLToPath(new URL('./fixtures/decliningServer.js', import.meta.url));

describe('OpenUM signalling with a trusted gateway (RFC 3261)', { timeout: 240_000 }, () => {
  let server: OpenUm;

  before(async () => {
    server = await startOpenUm({ testName: 'openum-signalling', mainPath: decliningServer });
  });
  after(async () => {
    await server?.stop();
  });

  it('answers OPTIONS with 200 carrying Allow', { timeout: 30_000 }, async () => {
    const result = await uac('openum-options', server.sipAddress, 'uac-options-expect-200');
    assert.equal(result.exitCode, 0, result.describe());
    assert.equal(result.successful, 1);
  });

  it('answers trusted INVITEs with 480 and absorbs the ACK (5 calls over UDP)', { timeout: 30_000 }, async () => {
    const result = await uac('openum-480-udp', server.sipAddress, 'uac-invite-expect-480', { calls: 5, rate: 10 });
    assert.equal(result.exitCode, 0, result.describe());
    assert.equal(result.successful, 5);
  });

  it('answers a trusted INVITE with 480 over TCP', { timeout: 30_000 }, async () => {
    const result = await uac('openum-480-tcp', server.sipAddress, 'uac-invite-expect-480', { transport: 't1' });
    assert.equal(result.exitCode, 0, result.describe());
    assert.equal(result.successful, 1);
  });

  it('retransmits the 480 on Timer G (T1, then 2*T1) until the ACK, then stays silent (§17.2.1)', { timeout: 30_000 }, async () => {
    const result = await uac('openum-timer-g', server.sipAddress, 'uac-invite-480-withhold-ack-expect-timer-g');
    assert.equal(result.exitCode, 0, result.describe());
    const report = finalResponseRetransmissions(result.trace(), 480);
    assert.ok(report.beforeAck.length >= 3, `480 plus at least two retransmissions before the ACK: ${JSON.stringify(report)}`);
    const [first, second] = report.intervalsMs;
    assert.ok(first !== undefined && first >= 400 && first <= 800, `first retransmission after T1 = 500 ms, got ${String(first)} ms`);
    assert.ok(second !== undefined && second >= 800 && second <= 1400, `second after 2*T1 = 1000 ms, got ${String(second)} ms`);
    assert.equal(report.afterAck, 0, 'no 480 may follow the ACK (transaction "Confirmed")');
  });

  it('answers a BYE outside any dialog with 481 (§12.2.2)', { timeout: 30_000 }, async () => {
    const result = await uac('openum-481', server.sipAddress, 'uac-bye-unknown-dialog-expect-481', { calls: 2 });
    assert.equal(result.exitCode, 0, result.describe());
    assert.equal(result.successful, 2);
    assert.equal(receivedResponses(result.trace(), 481).length, 2);
  });

  describe('through Kamailio (stateful proxy, record-route, dispatcher)', () => {
    let proxy: Kamailio;
    before(async () => {
      proxy = await startKamailio({ dispatch: [`sip:${server.sipAddress}`], workDir: artifactsDir('openum-via-kamailio') });
    });
    after(async () => {
      await proxy?.stop();
    });

    it('answers OPTIONS relayed by Kamailio with 200 and Allow', { timeout: 30_000 }, async () => {
      const result = await uac('openum-via-kamailio-options', proxy.address, 'uac-options-expect-200');
      assert.equal(result.exitCode, 0, `${result.describe()}\n--- kamailio\n${proxy.log().slice(-3000)}`);
    });

    it('answers INVITEs relayed by Kamailio with 480 (5 calls)', { timeout: 30_000 }, async () => {
      const result = await uac('openum-via-kamailio-480', proxy.address, 'uac-invite-expect-480', { calls: 5 });
      assert.equal(result.exitCode, 0, `${result.describe()}\n--- kamailio\n${proxy.log().slice(-3000)}`);
      assert.equal(result.successful, 5);
    });
  });
});

describe('OpenUM with sip.untrusted: reject', { timeout: 60_000 }, () => {
  let server: OpenUm;

  before(async () => {
    // 127.0.0.1 is the only trusted gateway; 127.0.0.2 (also loopback on Linux) is not.
    server = await startOpenUm({ testName: 'openum-untrusted-reject', mainPath: decliningServer, configOverrides: { sip: { untrusted: 'reject' } } });
  });
  after(async () => {
    await server?.stop();
  });

  it('answers an INVITE from an unknown source with 403', { timeout: 30_000 }, async () => {
    const result = await uac('openum-untrusted-403', server.sipAddress, 'uac-invite-expect-403', { localIp: '127.0.0.2' });
    assert.equal(result.exitCode, 0, result.describe());
    assert.equal(result.successful, 1);
  });
});
