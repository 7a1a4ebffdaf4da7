/**
 * bench:deposit — hangup → email accepted, for N concurrent voice mail deposits (default 100).
 *
 * One OpenUM process (the real `openum serve`) with `mail.smtp` pointing at an SMTP server on
 * loopback (the smtp-server library, in this process). sipp places N calls diverted to the pilot
 * (Diversion), each plays 8 s of speech from g711a.pcap after the greeting and hangs up; all N are
 * up at once. Per message: the time OpenUM logged the caller's BYE ("call ended") to the time the
 * SMTP server accepted the email whose Message-ID names the message (same machine, same clock).
 *
 * The peer, measured in the same run against the same SMTP server: nodemailer sending N emails of
 * the same size (a WAV of the same length attached) at once over a pool of the same size as
 * OpenUM's, timed from send() to accepted. The ratio says what OpenUM adds to a bare SMTP send
 * (store commit, outbox claim, reading the audio, composing).
 *
 * Last line: `p95_ms: N` (target < 300).
 * Usage: node dist/bench/deposit.js [--calls 100] [--smtp-connections 8]   (root: sipp pcap play)
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

import { logLines } from '../test/interop/harness/media.js';
import { startOpenUm } from '../test/interop/harness/openum.js';
import { artifactsDir, freePort, stopAll } from '../test/interop/harness/processes.js';
import { runSipp } from '../test/interop/harness/sipp.js';
import { startSmtpSink } from '../test/interop/harness/smtpSink.js';
import { encodeWav } from '../src/media/wav/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function summary(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p95: percentile(s, 0.95), p99: percentile(s, 0.99), max: s.at(-1) ?? NaN };
}

/** mail.smtp.maxConnections of OpenUM's configuration here, and the peer's pool size (--smtp-connections). */
const SMTP_CONNECTIONS = Number(arg('smtp-connections', '8'));

const fmt = (ms: number): string => (Number.isFinite(ms) ? ms.toFixed(0) : 'n/a');

async function main(): Promise<void> {
  const calls = Number(arg('calls', '100'));
  const name = 'bench-deposit';
  const work = artifactsDir(name);
  mkdirSync(join(work, 'pcap'), { recursive: true });
  for (const f of readdirSync('/usr/share/sip-tester').filter((n) => n.endsWith('.pcap'))) copyFileSync(join('/usr/share/sip-tester', f), join(work, 'pcap', f));

  const sink = await startSmtpSink({ parse: false });
  const server = await startOpenUm({
    testName: name,
    ...(process.env["OPENUM_BENCH_MAIN"] ? { mainPath: process.env["OPENUM_BENCH_MAIN"] } : {}),
    rtpPorts: 2 * calls + 100,
    configOverrides: {
      huntGroups: [{ gateway: 'loopback', pilotNumber: '8500', dialPlan: 'HQ' }],
      mail: { smtp: { host: '127.0.0.1', port: sink.port, secure: false, maxConnections: SMTP_CONNECTIONS }, from: 'Voice Mail <voicemail@um.bench.test>' },
      logging: { level: 'info' },
    },
  });
  try {
    // --- OpenUM: N deposits at once ----------------------------------------------------------
    const result = await runSipp({
      scenario: 'uac-voicemail-deposit',
      target: server.sipAddress,
      localPort: await freePort('udp'),
      service: '8500',
      calls,
      rate: Math.min(calls, 200),
      timeoutSeconds: 120,
      keys: { caller: '2000', caller_name: 'Bench Caller', redirect: 'Diversion: <sip:1001@127.0.0.1>;reason=no-answer;counter=1' },
      extraArgs: ['-l', String(calls)],
      logDir: work,
      cwd: work,
    });
    // Every answered call leaves a message (saved after its BYE); wait for all of them and their emails.
    const deadline = Date.now() + 60_000;
    const expected = (): number => logLines(server.log()).filter((l) => l['msg'] === 'message saved').length;
    while ((expected() < result.successful || sink.received.length < expected()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

    const lines = logLines(server.log());
    const endedAt = new Map<string, number>();
    const saved = new Map<string, string>();
    for (const l of lines) {
      if (l['msg'] === 'call ended' && typeof l['callId'] === 'string') endedAt.set(l['callId'], Date.parse(String(l['time'])));
      if (l['msg'] === 'message saved' && typeof l['callId'] === 'string') saved.set(String(l['messageId']), l['callId']);
    }
    const latencies: number[] = [];
    let bytes = 0;
    for (const mail of sink.received) {
      const id = /vm-([0-9a-f-]{36})@/.exec(mail.messageId ?? '')?.[1];
      const callId = id ? saved.get(id) : undefined;
      const ended = callId ? endedAt.get(callId) : undefined;
      if (ended === undefined) continue;
      latencies.push(mail.acceptedAt - ended);
      bytes = Math.max(bytes, mail.raw.length);
    }
    const openum = summary(latencies);

    // --- Peer: nodemailer straight to the same SMTP server ------------------------------------
    const before = sink.received.length;
    // The same size on the wire: base64 makes the WAV 4/3 as big.
    const audio = encodeWav(new Int16Array(Math.max(8000, Math.round((bytes * 3) / 4 / 2))), 8000);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, maxConnections: SMTP_CONNECTIONS, ignoreTLS: true });
    const peerStarts = new Map<string, number>();
    await Promise.all(Array.from({ length: calls }, async (_, i) => {
      const messageId = `<peer-${i}-${Date.now()}@bench.test>`;
      peerStarts.set(messageId, Date.now());
      await transport.sendMail({
        from: 'Voice Mail <voicemail@um.bench.test>', to: 'alice@example.test', subject: 'Voice Mail from Bench Caller (0:10)', messageId,
        text: 'bench', attachments: [{ filename: 'voicemail.wav', content: audio, contentType: 'audio/wav' }],
      });
    }));
    transport.close();
    const peerLatencies = sink.received.slice(before).map((m) => m.acceptedAt - (peerStarts.get(m.messageId ?? '') ?? m.acceptedAt));
    const peer = summary(peerLatencies);

    const deposits = expected();
    process.stdout.write(`calls: ${calls} (sipp ${result.successful} ok, ${result.failed} failed)\n`);
    process.stdout.write(`messages saved: ${deposits}, emails accepted: ${latencies.length} (largest ${Math.round(bytes / 1024)} KiB), SMTP connections: ${SMTP_CONNECTIONS} each side\n`);
    process.stdout.write(`hangup -> email accepted (OpenUM):  p50 ${fmt(openum.p50)} ms  p95 ${fmt(openum.p95)} ms  p99 ${fmt(openum.p99)} ms  max ${fmt(openum.max)} ms\n`);
    process.stdout.write(`send -> accepted (nodemailer peer): p50 ${fmt(peer.p50)} ms  p95 ${fmt(peer.p95)} ms  p99 ${fmt(peer.p99)} ms  max ${fmt(peer.max)} ms\n`);
    process.stdout.write(`ratio_p95_vs_nodemailer: ${(openum.p95 / peer.p95).toFixed(2)}\n`);
    process.stdout.write(`p95_ms: ${fmt(openum.p95)}\n`);
    if (latencies.length < calls) process.exitCode = 1;
  } finally {
    await server.stop();
    await sink.stop();
    await stopAll();
  }
}

await main();
