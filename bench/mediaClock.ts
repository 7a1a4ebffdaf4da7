/**
 * Real-time benchmark of the media clock: N streams (default 1,000, as many as concurrent calls
 * we target on 2 cores), each building a 172-byte RTP packet per tick (12-byte header + 160 bytes of
 * G.711) and, with --udp, sending it through one shared UDP socket to 127.0.0.1:9 (discard). Runs
 * the 'timeout' strategy and then the 'spin' one for the same time and prints, for each, the
 * lateness of tick execution against its deadline (p50, p99, max) and the process CPU use.
 *
 *   node .build/…/bench/mediaClock.js [--streams 1000] [--seconds 10] [--udp]
 *
 * The last line is the ratio of p99 lateness timeout/spin (STYLE.md §15).
 */
import { createSocket } from 'node:dgram';
import { MediaClock, type WakeStrategy } from '../src/media/clock/index.js';

interface Args {
  streams: number;
  seconds: number;
  udp: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { streams: 1000, seconds: 10, udp: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--streams') args.streams = Number(argv[++i]);
    else if (a === '--seconds') args.seconds = Number(argv[++i]);
    else if (a === '--udp') args.udp = true;
  }
  return args;
}

interface Result {
  strategy: WakeStrategy;
  ticks: number;
  p50: number;
  p99: number;
  max: number;
  lateTicks: number;
  skipped: number;
  cpuPercent: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(strategy: WakeStrategy, args: Args): Promise<Result> {
  const clock = new MediaClock({ strategy });
  const socket = args.udp ? createSocket('udp4') : null;
  const lateness = new Float64Array(Math.ceil((args.seconds * 1000) / clock.frameMs) + 100);
  let samples = 0;
  const removers: (() => void)[] = [];
  for (let s = 0; s < args.streams; s++) {
    const packet = Buffer.alloc(172);
    let seq = s & 0xffff;
    const first = s === 0;
    removers.push(
      clock.add({
        onTick(_tick, scheduledMs) {
          if (first && samples < lateness.length) lateness[samples++] = performance.now() - scheduledMs;
          packet[0] = 0x80;
          packet.writeUInt16BE(seq, 2);
          seq = (seq + 1) & 0xffff;
          packet.writeUInt32BE(seq * 160, 4);
          packet.writeUInt32BE(s, 8);
          packet.fill(0xd5, 12);
          socket?.send(packet, 9, '127.0.0.1');
        },
      }),
    );
  }
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await new Promise<void>((resolve) => setTimeout(resolve, args.seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  for (const remove of removers) remove();
  socket?.close();
  const sorted = lateness.slice(0, samples).sort();
  const stats = clock.stats();
  return {
    strategy,
    ticks: stats.ticks,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
    lateTicks: stats.lateTicks,
    skipped: stats.skipped,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
  };
}

const args = parseArgs(process.argv.slice(2));
console.log(`media clock bench: ${args.streams} streams, ${args.seconds} s per strategy, udp=${args.udp}`);
const results: Result[] = [];
for (const strategy of ['timeout', 'spin'] as const) {
  const r = await run(strategy, args);
  results.push(r);
  console.log(
    `${r.strategy.padEnd(8)} ticks=${r.ticks} lateness p50=${r.p50.toFixed(3)} ms p99=${r.p99.toFixed(3)} ms max=${r.max.toFixed(3)} ms ` +
      `late(>2ms)=${r.lateTicks} skipped=${r.skipped} cpu=${r.cpuPercent.toFixed(1)}%`,
  );
}
const [t, s] = results;
if (t !== undefined && s !== undefined) console.log(`p99 lateness timeout/spin = ${(t.p99 / Math.max(s.p99, 1e-6)).toFixed(2)}x; cpu timeout/spin = ${(t.cpuPercent / Math.max(s.cpuPercent, 1e-6)).toFixed(2)}x`);
