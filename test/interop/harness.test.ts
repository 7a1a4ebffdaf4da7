// Proves the interop harness and the sipp scenarios with real peers only (sipp playing the UAS
// roles OpenUM will play, Kamailio as the proxy in front), so that a failing OpenUM interop test
// points at OpenUM, not at the scenario.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { startKamailio } from './harness/kamailio.js';
import { artifactsDir, freePort, stopAll } from './harness/processes.js';
import { finalResponseRetransmissions } from './harness/retransmissions.js';
import { runSipp, selectMessages, startSipp, type SippResult } from './harness/sipp.js';

after(() => stopAll());

/** Runs `uac` against a sipp UAS running `peer` (both for `calls` calls) and returns both results. */
async function uacAgainstPeer(
  testName: string,
  peer: string,
  uac: string,
  calls = 1,
  via?: (peerPort: number) => Promise<{ target: string }>,
): Promise<{ uac: SippResult; peer: SippResult }> {
  const logDir = artifactsDir(testName);
  const peerPort = await freePort('udp');
  const server = startSipp({ scenario: peer, localPort: peerPort, calls, timeoutSeconds: 40, logDir });
  const target = via === undefined ? `127.0.0.1:${peerPort}` : (await via(peerPort)).target;
  const client = await runSipp({
    scenario: uac, target, localPort: await freePort('udp'), calls, rate: 20, timeoutSeconds: 30, logDir,
  });
  const serverResult = await server.wait();
  return { uac: client, peer: serverResult };
}

describe('interop harness with real peers (sipp, Kamailio)', { timeout: 180_000 }, () => {
  it('sipp UAC completes 10 calls through Kamailio to a sipp UAS', { timeout: 60_000 }, async () => {
    const name = 'harness-10-calls-through-kamailio';
    let proxy: Awaited<ReturnType<typeof startKamailio>> | undefined;
    try {
      const { uac, peer } = await uacAgainstPeer(name, 'peer-uas-200-dialog', 'uac-invite-expect-200-bye', 10,
        async (peerPort) => {
          proxy = await startKamailio({ dispatch: [`sip:127.0.0.1:${peerPort}`], workDir: artifactsDir(name) });
          return { target: proxy.address };
        });
      assert.equal(uac.exitCode, 0, uac.describe());
      assert.equal(uac.successful, 10, uac.describe());
      assert.equal(uac.failed, 0, uac.describe());
      assert.equal(peer.successful, 10, peer.describe());
      // Record-Route honoured: in-dialog requests carry a Route to the proxy.
      const byes = selectMessages(uac.trace(), { direction: 'sent', method: 'BYE' });
      assert.equal(byes.length, 10);
      assert.match(byes[0]?.header('Route') ?? '', new RegExp(`127\\.0\\.0\\.1:${proxy?.port ?? 0}`));
    } finally {
      await proxy?.stop();
    }
  });

  it('uac-invite-expect-480 succeeds against a UAS answering 480, directly and through Kamailio', { timeout: 60_000 }, async () => {
    const direct = await uacAgainstPeer('harness-480-direct', 'peer-uas-480', 'uac-invite-expect-480', 3);
    assert.equal(direct.uac.exitCode, 0, direct.uac.describe());
    assert.equal(direct.uac.successful, 3);
    const name = 'harness-480-through-kamailio';
    let proxy: Awaited<ReturnType<typeof startKamailio>> | undefined;
    try {
      const proxied = await uacAgainstPeer(name, 'peer-uas-480', 'uac-invite-expect-480', 3, async (peerPort) => {
        proxy = await startKamailio({ dispatch: [`sip:127.0.0.1:${peerPort}`], workDir: artifactsDir(name) });
        return { target: proxy.address };
      });
      assert.equal(proxied.uac.exitCode, 0, proxied.uac.describe());
      assert.equal(proxied.uac.successful, 3);
    } finally {
      await proxy?.stop();
    }
  });

  it('the Timer G trace check sees 480 at about +500 ms and +1500 ms and nothing after the ACK', { timeout: 30_000 }, async () => {
    const { uac } = await uacAgainstPeer('harness-timer-g', 'peer-uas-480', 'uac-invite-480-withhold-ack-expect-timer-g');
    assert.equal(uac.exitCode, 0, uac.describe());
    const report = finalResponseRetransmissions(uac.trace(), 480);
    assert.ok(report.beforeAck.length >= 3, `480 plus two retransmissions expected: ${JSON.stringify(report)}`);
    const [first, second] = report.intervalsMs;
    assert.ok(first !== undefined && first >= 400 && first <= 800, `first retransmission after T1: ${String(first)} ms`);
    assert.ok(second !== undefined && second >= 800 && second <= 1400, `second after 2*T1: ${String(second)} ms`);
    assert.equal(report.afterAck, 0);
  });

  it('the Timer G trace check catches a UAS that sends 480 again after the ACK', { timeout: 30_000 }, async () => {
    const { uac } = await uacAgainstPeer('harness-timer-g-broken-peer', 'peer-uas-480-extra-after-ack',
      'uac-invite-480-withhold-ack-expect-timer-g');
    const report = finalResponseRetransmissions(uac.trace(), 480);
    assert.ok(report.afterAck >= 1, `the extra 480 went unnoticed: ${JSON.stringify(report)}`);
  });

  it('the 2xx retransmission check sees the 200 repeated until the ACK, then BYE succeeds', { timeout: 30_000 }, async () => {
    const { uac } = await uacAgainstPeer('harness-2xx-retransmit', 'peer-uas-200-bye',
      'uac-invite-200-withhold-ack-expect-2xx-retransmit');
    assert.equal(uac.exitCode, 0, uac.describe());
    const report = finalResponseRetransmissions(uac.trace(), 200);
    assert.ok(report.beforeAck.length >= 3, JSON.stringify(report));
    assert.equal(report.afterAck, 0);
  });

  it('uac-bye-unknown-dialog-expect-481 succeeds against a UAS answering 481', { timeout: 30_000 }, async () => {
    const { uac } = await uacAgainstPeer('harness-481', 'peer-uas-481', 'uac-bye-unknown-dialog-expect-481', 2);
    assert.equal(uac.exitCode, 0, uac.describe());
    assert.equal(uac.successful, 2);
  });

  it('uac-options-expect-200 succeeds with Allow and fails without it', { timeout: 30_000 }, async () => {
    const ok = await uacAgainstPeer('harness-options', 'peer-uas-options', 'uac-options-expect-200');
    assert.equal(ok.uac.exitCode, 0, ok.uac.describe());
    const bad = await uacAgainstPeer('harness-options-without-allow', 'peer-uas-options-without-allow', 'uac-options-expect-200');
    assert.notEqual(bad.uac.exitCode, 0, 'OPTIONS scenario must fail when the answer is not a 200 with Allow');
    assert.equal(bad.uac.successful, 0);
  });

  it('uac-invite-expect-503 and -403 succeed against matching UASs and fail against the other', { timeout: 40_000 }, async () => {
    const overload = await uacAgainstPeer('harness-503', 'peer-uas-503', 'uac-invite-expect-503');
    assert.equal(overload.uac.exitCode, 0, overload.uac.describe());
    const reject = await uacAgainstPeer('harness-403', 'peer-uas-403', 'uac-invite-expect-403');
    assert.equal(reject.uac.exitCode, 0, reject.uac.describe());
    const wrong = await uacAgainstPeer('harness-503-gets-403', 'peer-uas-403', 'uac-invite-expect-503');
    assert.equal(wrong.uac.exitCode, 1);
    assert.equal(wrong.uac.stats['FailedUnexpectedMessage(C)'], '1');
  });

  it('uac-invite-cancel-expect-487 succeeds against a ringing UAS', { timeout: 30_000 }, async () => {
    const { uac } = await uacAgainstPeer('harness-cancel', 'peer-uas-cancel', 'uac-invite-cancel-expect-487', 2);
    assert.equal(uac.exitCode, 0, uac.describe());
    assert.equal(uac.successful, 2);
  });

  it('runSipp reports a fatal exit for a scenario target that never answers', { timeout: 30_000 }, async () => {
    const result = await runSipp({
      scenario: 'uac-options-expect-200', target: `127.0.0.1:${await freePort('udp')}`,
      localPort: await freePort('udp'), timeoutSeconds: 2, logDir: artifactsDir('harness-no-answer'),
    });
    assert.notEqual(result.exitCode, 0);
    assert.equal(result.successful, 0);
  });
});
