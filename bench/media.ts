/**
 * bench:media — N concurrent voice mail deposits against one OpenUM process on this machine.
 * sipp places N calls (PCMA + telephone-event); each hears a 3 s synthesized prompt and the beep
 * while OpenUM records, sipp plays 8 s of speech from its g711a.pcap and hangs up 15 s after the
 * answer. tshark captures OpenUM's outgoing RTP on lo to measure pacing from the outside.
 *
 * Per N it prints: recordings complete, frames lost (receive side, concealed), outgoing pacing
 * (p99 |gap − 20 ms| and the share of frames sent more than 2 ms late), CPU ms per call-second
 * and RSS per call. Last line: `max_calls_clean: N` — the largest N with every recording saved,
 * < 0.1 % frames late and p99 pacing jitter < 2 ms.
 *
 * Usage: node dist/bench/media.js [--calls 100,500,1000] [--rate CPS] [--clock timeout|spin]   (needs root: sipp pcap play)
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { logLines, startRtpCapture } from '../test/interop/harness/media.js';
import { startOpenUm } from '../test/interop/harness/openum.js';
import { artifactsDir, freePort, repoRoot, stopAll } from '../test/interop/harness/processes.js';
import { runSipp } from '../test/interop/harness/sipp.js';
import type { UdpDatagram } from '../test/media/helpers/pcap.js';

const CALL_SECONDS = 15;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** utime + stime of a process in ms (from /proc, clock ticks of 10 ms on Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

interface Pacing {
  packets: number;
  p99JitterMs: number;
  lateShare: number;
}

/** Gaps between consecutive packets of each OpenUM stream, from the capture. */
function pacing(datagrams: readonly UdpDatagram[]): Pacing {
  const last = new Map<number, number>();
  const jitter: number[] = [];
  let late = 0;
  for (const d of datagrams) {
    if (d.srcPort % 2 !== 0 || d.payload.length < 12) continue;
    const prev = last.get(d.srcPort);
    last.set(d.srcPort, d.timeMs);
    if (prev === undefined) continue;
    const gap = d.timeMs - prev;
    jitter.push(Math.abs(gap - 20));
    if (gap > 22) late++;
  }
  jitter.sort((a, b) => a - b);
  return {
    packets: datagrams.length,
    p99JitterMs: jitter[Math.floor(0.99 * (jitter.length - 1))] ?? NaN,
    lateShare: jitter.length ? late / jitter.length : NaN,
  };
}

interface Row {
  calls: number;
  recordings: number;
  framesLost: number;
  framesExpected: number;
  pacing: Pacing;
  clockLateTicks: number;
  cpuMsPerCallSecond: number;
  rssMbPerCall: number;
  sippFailed: number;
}

async function runOnce(calls: number, rate: number): Promise<Row> {
  const name = `bench-media-${calls}`;
  const work = artifactsDir(name);
  mkdirSync(join(work, 'pcap'), { recursive: true });
  for (const f of readdirSync('/usr/share/sip-tester').filter((n) => n.endsWith('.pcap'))) copyFileSync(join('/usr/share/sip-tester', f), join(work, 'pcap', f));
  const portMin = 30000;
  const portMax = portMin + 4 * calls + 200;
  const server = await startOpenUm({
    testName: name,
    mainPath: fileURLToPath(new URL('./mediaServer.js', import.meta.url)),
    configOverrides: { sip: { maxCalls: calls * 2, optionsPingSeconds: 0 }, rtp: { portMin, portMax, codecs: ['PCMA', 'PCMU'], clock: arg('clock', 'timeout') } },
  });
  try {
    const pid = server.process.pid!;
    const capture = await startRtpCapture({ name, srcPortMin: portMin, srcPortMax: portMax });
    const cpuBefore = cpuMs(pid);
    let peakRss = rssMb(pid);
    const baseRss = peakRss;
    const poll = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 500);
    const sipp = await runSipp({
      scenario: join(repoRoot, 'bench', 'sipp', 'uac-pcma-message.xml'),
      target: server.sipAddress,
      localPort: await freePort('udp'),
      service: '1001',
      calls,
      rate,
      timeoutSeconds: Math.ceil(calls / rate) + CALL_SECONDS + 60,
      logDir: work,
      cwd: work,
      extraArgs: ['-l', String(calls), '-rp', '1000'],
    });
    await new Promise((r) => setTimeout(r, 2000));
    clearInterval(poll);
    const cpu = cpuMs(pid) - cpuBefore;
    const packets = await capture.stop();
    const lines = logLines(server.log());
    const saved = lines.filter((l) => l['msg'] === 'recording saved' && l['endedBy'] === 'hangup');
    let framesLost = 0;
    let framesExpected = 0;
    for (const s of saved) {
      framesLost += Number((s['stats'] as { framesLost?: number } | undefined)?.framesLost ?? 0);
      framesExpected += Number(s['durationMs']) / 20;
    }
    const clock = lines.filter((l) => l['msg'] === 'clock stats').map((l) => l['clock'] as { lateTicks: number });
    return {
      calls,
      recordings: saved.length,
      framesLost,
      framesExpected,
      pacing: pacing(packets),
      clockLateTicks: clock.length ? clock[clock.length - 1]!.lateTicks - clock[0]!.lateTicks : NaN,
      cpuMsPerCallSecond: cpu / (calls * CALL_SECONDS),
      rssMbPerCall: (peakRss - baseRss) / calls,
      sippFailed: sipp.failed ?? NaN,
    };
  } finally {
    await server.stop();
  }
}

const callCounts = arg('calls', '100,500,1000').split(',').map(Number);
const rows: Row[] = [];
for (const calls of callCounts) {
  const rate = Number(arg('rate', String(Math.max(10, Math.ceil(calls / 10)))));
  const row = await runOnce(calls, rate);
  rows.push(row);
  const p = row.pacing;
  console.log(
    `N=${row.calls} (clock ${arg('clock', 'timeout')}): recordings ${row.recordings}/${row.calls}, sipp failed ${row.sippFailed}, frames lost ${row.framesLost} of ${Math.round(row.framesExpected)} ` +
      `(${((100 * row.framesLost) / Math.max(1, row.framesExpected)).toFixed(2)} %), outgoing p99 jitter ${p.p99JitterMs.toFixed(2)} ms, ` +
      `frames late ${(100 * p.lateShare).toFixed(3)} % of ${p.packets} packets, clock late ticks ${row.clockLateTicks}, ` +
      `CPU ${row.cpuMsPerCallSecond.toFixed(2)} ms per call-second, RSS ${(row.rssMbPerCall * 1024).toFixed(0)} KiB per call`,
  );
}
stopAll();
const clean = rows.filter((r) => r.recordings === r.calls && r.pacing.lateShare < 0.001 && r.pacing.p99JitterMs < 2).map((r) => r.calls);
console.log(`max_calls_clean: ${clean.length ? Math.max(...clean) : 0}`);
process.exit(0);
