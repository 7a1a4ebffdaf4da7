/**
 * Parser throughput: OpenUM's parseMessage vs the npm `sip` package's `parse()` and SIP.js's
 * core `Parser.parseMessage()`, on the same corpus in the same process.
 *
 *   node dist/bench/sipParser.js [--duration=MS] [--rounds=N]
 *
 * Each parser gets its natural input: OpenUM and npm sip a Buffer (what their UDP transports
 * hand them; npm sip decodes it itself), SIP.js a string (what its WebSocket transport gets).
 * Warm-up, then `rounds` pairs of back-to-back slices (OpenUM and npm sip, order alternating),
 * each `duration` ms of process CPU time. Each pair gives one ratio; the median pair ratio is
 * reported, which cancels the slow drifts in host speed that make separately timed medians of a
 * shared VM swing by ±30%. SIP.js runs afterwards on its own (see below). The last line is
 * `ratio_vs_sip: N.NN`.
 */
import { createRequire } from 'node:module';
import { LoggerFactory } from 'sip.js/lib/core/log/logger-factory.js';
import { Levels } from 'sip.js/lib/core/log/levels.js';
import { Parser } from 'sip.js/lib/core/messages/parser.js';
import { parseMessage } from '../src/sip/message/index.js';
import { corpus } from './corpus/realistic.js';

const require = createRequire(import.meta.url);
const npmSip = require('sip') as { parse(data: Buffer | string): unknown };

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  const v = hit === undefined ? NaN : Number(hit.slice(name.length + 3));
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const durationMs = arg('duration', 300);
const rounds = arg('rounds', 21);

const loggerFactory = new LoggerFactory();
loggerFactory.level = Levels.error;
const logger = loggerFactory.getLogger('bench');

interface Contender {
  name: string;
  parse: (i: number) => unknown;
  usable: number[];
}

const texts = corpus.map((c) => c.data.toString('utf8'));
const contenders: Contender[] = [
  { name: 'openum', parse: (i) => parseMessage(corpus[i]!.data, { datagram: true }), usable: [] },
  { name: 'npm-sip', parse: (i) => npmSip.parse(corpus[i]!.data), usable: [] },
  { name: 'sip.js', parse: (i) => Parser.parseMessage(texts[i]!, logger), usable: [] },
];

for (const c of contenders) {
  corpus.forEach((m, i) => {
    let ok = false;
    try {
      ok = c.parse(i) !== undefined;
    } catch {
      ok = false;
    }
    if (ok) c.usable.push(i);
    else console.log(`note: ${c.name} cannot parse "${m.name}"; excluded for ${c.name}`);
  });
}

let sink = 0;
/** CPU time of this process in µs (user + system): robust to other processes on a busy host. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Runs one parser for `ms` of CPU time; returns messages per CPU-second. */
function run(c: Contender, ms: number): number {
  const idx = c.usable;
  let count = 0;
  const start = cpuMicros();
  let elapsed = 0;
  do {
    for (const i of idx) if (c.parse(i) !== undefined) sink++;
    count += idx.length;
    elapsed = cpuMicros() - start;
  } while (elapsed < ms * 1000);
  return count / (elapsed / 1e6);
}

// Warm-up: let each parser reach its optimized tier before anything is measured.
for (const c of contenders) run(c, Math.min(1500, Math.max(200, durationMs)));

// OpenUM and npm sip alternate slice by slice. SIP.js runs afterwards, on its own: its parser
// allocates so much that its garbage would otherwise be collected during the others' slices.
const results = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
const [ours, npm, sipjs] = contenders as [Contender, Contender, Contender];
const pairRatios: number[] = [];
for (let r = 0; r < rounds; r++) {
  let a: number;
  let b: number;
  if (r % 2 === 0) {
    a = run(ours, durationMs);
    b = run(npm, durationMs);
  } else {
    b = run(npm, durationMs);
    a = run(ours, durationMs);
  }
  results.get(ours.name)!.push(a);
  results.get(npm.name)!.push(b);
  pairRatios.push(a / b);
}
const sipjsRatios: number[] = [];
for (let r = 0; r < Math.min(3, rounds); r++) {
  const x = run(sipjs, durationMs);
  const a = run(ours, durationMs);
  results.get(sipjs.name)!.push(x);
  sipjsRatios.push(a / x);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

console.log(`corpus: ${corpus.length} messages; ${rounds} pairs of ${durationMs} ms CPU slices (sink ${sink > 0 ? 'ok' : 'empty'})`);
const med = new Map<string, number>();
for (const c of contenders) {
  const m = median(results.get(c.name)!);
  med.set(c.name, m);
  console.log(`${c.name.padEnd(8)} ${Math.round(m).toString().padStart(9)} msgs/s (median; ${c.usable.length}/${corpus.length} messages)`);
}
const oursRate = med.get('openum')!;
const sorted = [...pairRatios].sort((x, y) => x - y);
console.log(`pair ratios vs npm sip: min ${sorted[0]!.toFixed(2)}, median ${median(pairRatios).toFixed(2)}, max ${sorted[sorted.length - 1]!.toFixed(2)}; ratio of median rates ${(oursRate / med.get('npm-sip')!).toFixed(2)}`);
console.log(`ratio_vs_sipjs: ${median(sipjsRatios).toFixed(2)}`);
console.log(`ratio_vs_sip: ${median(pairRatios).toFixed(2)}`);
