// OpenUM's media engine against a real softphone: baresip (headless, `aufile` WAV as microphone,
// driven over ctrl_tcp) calls the mediaServer fixture (answer → prompt with barge-in → collect 3
// digits → beep → record until hangup) over RTP and SRTP, with DTMF as RFC 4733 events, SIP INFO
// and in-band tones, with G.711 and G.722.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import {
  baresipEncoder, baresipVersion, makeInbandDtmfWav, makeSpeechWav, scriptedCall, startBaresip,
  type Baresip, type BaresipOptions, type ScriptedCallOptions,
} from './harness/baresip.js';
import { logLines, rtpSendGaps, soxDurationSeconds, startRtpCapture, type GapStats } from './harness/media.js';
import { startOpenUm, type OpenUm } from './harness/openum.js';
import { artifactsDir, requireCommand, stopAll, waitUntil } from './harness/processes.js';

after(() => stopAll());

const mediaServer = fileURLToPath(new URL('./fixtures/mediaServer.js', import.meta.url));

interface CallOutcome {
  server: OpenUm;
  baresip: Baresip;
  digits: Record<string, unknown>;
  saved: Record<string, unknown>;
  stats: Record<string, number>;
  encoder: string | undefined;
  /** Gaps between OpenUM's outgoing RTP packets (tshark on lo). */
  gaps: GapStats;
}

/**
 * One call from baresip to a fresh OpenUM: the WAV is made by `makeWav` in the test's artifacts,
 * baresip dials 1001, runs the script, and the call's 'digits collected' and 'recording saved'
 * lines are returned. Both processes are stopped before returning (and by stopAll on failure).
 */
async function baresipCall(
  name: string,
  o: {
    makeWav: (path: string) => Promise<void>;
    baresip?: Partial<BaresipOptions>;
    script: Omit<ScriptedCallOptions, 'uri'>;
  },
): Promise<CallOutcome> {
  const dir = artifactsDir(name);
  const wav = join(dir, 'microphone.wav');
  await o.makeWav(wav);
  const server = await startOpenUm({ testName: name, mainPath: mediaServer, env: { OPENUM_TEST_MAX_DIGITS: '3' } });
  const capture = await startRtpCapture({ name, srcPortMin: server.rtpMin, srcPortMax: server.rtpMax });
  const baresip = await startBaresip({ label: 'baresip', dir, audioSource: wav, sipTrace: true, ...o.baresip });
  try {
    await scriptedCall(baresip, { uri: `sip:1001@${server.sipAddress}`, ...o.script });
    const gaps = rtpSendGaps(await capture.stop());
    const lines = (): Array<Record<string, unknown>> => logLines(server.log());
    await waitUntil('OpenUM\'s "recording saved" line', () => lines().some((l) => l['msg'] === 'recording saved'), 8000)
      .catch((e: Error) => {
        throw new Error(`${e.message}\n--- openum\n${server.log().slice(-4000)}\n--- baresip\n${baresip.log().slice(-4000)}`);
      });
    const digits = lines().find((l) => l['msg'] === 'digits collected');
    assert.ok(digits, `no "digits collected" line:\n${server.log().slice(-3000)}`);
    const saved = lines().find((l) => l['msg'] === 'recording saved')!;
    const stats = (saved['stats'] ?? {}) as Record<string, number>;
    return { server, baresip, digits, saved, stats, encoder: baresipEncoder(baresip.log()), gaps };
  } finally {
    await capture.stop();
    await baresip.stop();
    await server.stop();
  }
}

/** The recording lasted as long as the caller was recorded, sox agrees, and it holds voice. */
async function assertRecording(out: CallOutcome, minMs: number, maxMs: number): Promise<void> {
  const { saved } = out;
  assert.equal(saved['endedBy'], 'hangup');
  const durationMs = Number(saved['durationMs']);
  const wallMs = Number(saved['wallMs']);
  assert.ok(Math.abs(durationMs - wallMs) <= 60, `recording ${durationMs} ms vs ${wallMs} ms of call`);
  assert.ok(durationMs >= minMs && durationMs <= maxMs, `recording of ${durationMs} ms, expected ${minMs}-${maxMs}`);
  assert.ok(Number(saved['voicedMs']) > 2000, `voice heard: ${String(saved['voicedMs'])} ms`);
  // OpenUM's outgoing RTP is paced by the media clock, 20 ms apart (as in the sipp media test).
  assert.ok(out.gaps.count > 300, `captured ${out.gaps.count} gaps of OpenUM's RTP`);
  assert.ok(Math.abs(out.gaps.medianMs - 20) <= 1, `median gap ${out.gaps.medianMs} ms`);
  assert.ok(out.gaps.p99Ms <= 30, `p99 gap ${out.gaps.p99Ms} ms`);
  const soxSeconds = await soxDurationSeconds(String(saved['path']));
  assert.ok(Math.abs(soxSeconds * 1000 - durationMs) <= 25, `sox reads ${soxSeconds} s for ${durationMs} ms`);
  // Test output: the measured lengths and the codec, for the report.
  console.log(`# ${String(saved['path'])}: durationMs=${durationMs} wallMs=${wallMs} sox=${soxSeconds}s voicedMs=${String(saved['voicedMs'])} encoder=${String(out.encoder)} stats=${JSON.stringify(out.stats)} sendGaps=${JSON.stringify(out.gaps)}`);
}

const speech12s = (path: string): Promise<void> => makeSpeechWav(path, 12);

describe('OpenUM media with baresip as the caller', { timeout: 300_000 }, () => {

  before(async () => {
    requireCommand('baresip', 'run: bash scripts/install-test-peers.sh (Debian package baresip)');
    requireCommand('sox');
    console.log(`# baresip ${(await baresipVersion()).join('.')}`);
  });

  it('baresip calls in over RTP (PCMU), sends 4 5 6 as RFC 4733 events, and leaves a recording as long as the call', { timeout: 60_000 }, async () => {
    const out = await baresipCall('openum-media-baresip-rtp', {
      makeWav: speech12s,
      baresip: { codecModules: ['g711.so'] },
      script: { digits: [{ atMs: 2500, digits: '456' }], hangupAfterMs: 10_000 },
    });
    assert.equal(out.digits['digits'], '456', JSON.stringify(out.digits));
    assert.equal(out.encoder, 'PCMU', 'baresip encodes with PCMU (g711 only; OpenUM prefers PCMU over PCMA)');
    assert.ok(out.stats['packetsReceived']! > 100, JSON.stringify(out.stats));
    await assertRecording(out, 6000, 8000);
  });

  it('baresip calls in over SRTP (mediaenc=srtp-mand): CALL_MENC, digits, recording, no SRTP failures', { timeout: 60_000 }, async () => {
    const out = await baresipCall('openum-media-baresip-srtp', {
      makeWav: speech12s,
      baresip: { codecModules: ['g711.so'], extraModules: ['srtp.so'], accountParams: ';mediaenc=srtp-mand' },
      script: { digits: [{ atMs: 2500, digits: '456' }], hangupAfterMs: 10_000 },
    });
    const menc = out.baresip.events.find((e) => e.type === 'CALL_MENC');
    assert.ok(menc, `no CALL_MENC event: ${out.baresip.events.map((e) => e.type).join(' ')}`);
    console.log(`# CALL_MENC param: ${String(menc.param)}`);
    assert.equal(out.digits['digits'], '456', JSON.stringify(out.digits));
    assert.equal(out.stats['srtpFailures'], 0, JSON.stringify(out.stats));
    assert.ok(out.stats['packetsReceived']! > 100, JSON.stringify(out.stats));
    await assertRecording(out, 6000, 8000);
  });

  // DTMF by SIP INFO is not tested with baresip: baresip 1.0.0 (Debian 12) has no dtmfmode=info
  // (it came in 1.1.0) and sends RFC 4733 instead. sipp sends the INFO requests in
  // openum-media.test.ts (uac-pcma-info-dtmf-message-expect-recording.xml).

  it('baresip plays 1 2 3 as in-band DTMF tones inside its PCMU audio and OpenUM detects them', { timeout: 60_000 }, async () => {
    const out = await baresipCall('openum-media-baresip-inband', {
      makeWav: (path) => makeInbandDtmfWav(path, { digits: '123', leadSeconds: 3, totalSeconds: 12, toneMs: 100, gapMs: 100 }),
      baresip: { codecModules: ['g711.so'], accountParams: ';audio_codecs=PCMU' },
      script: { hangupAfterMs: 10_000 },
    });
    assert.equal(out.encoder, 'PCMU');
    assert.equal(out.digits['digits'], '123', JSON.stringify(out.digits));
    // baresip 1.0 always offers telephone-event (no setting removes it) but sends none here: OpenUM
    // keeps in-band detection on until an RFC 4733 packet arrives.
    await assertRecording(out, 4500, 7500);
  });

  it('baresip offering G.722 gets G.722 (OpenUM\'s first choice): digits and a 16 kHz recording as long as the call', { timeout: 60_000 }, async () => {
    const out = await baresipCall('openum-media-baresip-g722', {
      makeWav: (path) => makeSpeechWav(path, 12, 16000),
      baresip: { codecModules: ['g722.so', 'g711.so'] },
      script: { digits: [{ atMs: 2500, digits: '456' }], hangupAfterMs: 10_000 },
    });
    assert.equal(out.encoder, 'G722', `baresip's encoder: ${String(out.encoder)}`);
    assert.equal(out.digits['digits'], '456', JSON.stringify(out.digits));
    const media = logLines(out.server.log()).find((l) => l['msg'] === 'media up');
    assert.equal(media?.['sampleRate'], 16000, JSON.stringify(media));
    await assertRecording(out, 6000, 8000);
  });
});
