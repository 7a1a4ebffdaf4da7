// OpenUM's media engine against real peers (issue: media engine and Call API): a sipp gateway
// plays RFC 4733 digits and an 8 s PCMA message from its shipped pcaps into a call that plays a
// synthesized prompt, collects the digits and records; tshark watches OpenUM's outgoing RTP.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { startOpenUm, type OpenUm } from './harness/openum.js';
import { freePort, stopAll } from './harness/processes.js';
import { runSipp, sippWorkDir } from './harness/sipp.js';
import { logLines, soxDurationSeconds, startRtpCapture, rtpSendGaps } from './harness/media.js';

after(() => stopAll());

const mediaServer = fileURLToPath(new URL('./fixtures/mediaServer.js', import.meta.url));


describe('OpenUM media with sipp playing pcap audio and RFC 4733 digits', { timeout: 180_000 }, () => {
  let server: OpenUm;

  before(async () => {
    assert.ok(existsSync('/usr/share/sip-tester/g711a.pcap'), 'sip-tester pcaps missing: run scripts/install-test-peers.sh');
    server = await startOpenUm({ testName: 'openum-media-sipp', mainPath: mediaServer, env: { OPENUM_TEST_MAX_DIGITS: '3' } });
  });
  after(async () => {
    await server?.stop();
  });

  async function depositCall(name: string, scenario: string, expectedDigits: string): Promise<void> {
    const work = sippWorkDir(name);
    const before = logLines(server.log()).length;
    const capture = await startRtpCapture({ name, srcPortMin: server.rtpMin, srcPortMax: server.rtpMax });
    const result = await runSipp({
      scenario,
      target: server.sipAddress,
      localPort: await freePort('udp'),
      service: '1001',
      calls: 1,
      rate: 1,
      timeoutSeconds: 60,
      logDir: work,
      cwd: work,
    });
    await new Promise((r) => setTimeout(r, 1500));
    const packets = await capture.stop();
    assert.equal(result.exitCode, 0, `${result.describe()}\n--- openum\n${server.log().slice(-4000)}`);

    const lines = logLines(server.log()).slice(before);
    const digits = lines.find((l) => l['msg'] === 'digits collected');
    assert.ok(digits, `no "digits collected" line:\n${server.log().slice(-3000)}`);
    assert.equal(digits['digits'], expectedDigits);
    const saved = lines.find((l) => l['msg'] === 'recording saved');
    assert.ok(saved, `no "recording saved" line:\n${server.log().slice(-3000)}`);
    assert.equal(saved['endedBy'], 'hangup');
    const durationMs = Number(saved['durationMs']);
    const wallMs = Number(saved['wallMs']);
    // The recording is as long as the time the caller was recorded (one frame per 20 ms tick),
    // whatever was lost or reordered on the way.
    assert.ok(Math.abs(durationMs - wallMs) <= 60, `recording ${durationMs} ms vs ${wallMs} ms of call`);
    // sipp played ~8 s of speech after the beep, then hung up 8 s after starting it.
    assert.ok(durationMs >= 7500 && durationMs <= 10500, `recording of ${durationMs} ms`);
    assert.ok(Number(saved['voicedMs']) >= 3000, `voice heard: ${String(saved['voicedMs'])} ms`);
    const file = String(saved['path']);
    const soxSeconds = await soxDurationSeconds(file);
    assert.ok(Math.abs(soxSeconds * 1000 - durationMs) <= 25, `sox reads ${soxSeconds} s for ${durationMs} ms`);

    // Outgoing RTP paced by the media clock: 20 ms apart.
    const gaps = rtpSendGaps(packets);
    assert.ok(gaps.count > 300, `captured ${gaps.count} gaps of OpenUM's RTP`);
    assert.ok(Math.abs(gaps.medianMs - 20) <= 1, `median gap ${gaps.medianMs} ms`);
    assert.ok(gaps.p99Ms <= 30, `p99 gap ${gaps.p99Ms} ms`);
  }

  it('answers, prompts, collects 1-2-3 by RFC 4733 and records the message for as long as it lasted', { timeout: 90_000 }, async () => {
    await depositCall('openum-media-pcap', 'uac-pcma-dtmf-message-expect-recording', '123');
  });

  it('collects 7-8-9 sent by SIP INFO (application/dtmf-relay) and records the message', { timeout: 90_000 }, async () => {
    await depositCall('openum-media-info', 'uac-pcma-info-dtmf-message-expect-recording', '789');
  });
});
