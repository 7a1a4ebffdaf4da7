/**
 * Per-frame cost of the media engine's codecs and detectors: nanoseconds per 20 ms frame, as
 * the media clock would call them (one frame per call per tick).
 *
 *   node dist/bench/mediaDsp.js [--frames=N]
 *
 * Each processor runs over a 2 s loop of speech-like noise, repeated until N frames, after a
 * warm-up; the median of 5 rounds of process CPU time is printed (so other load on the host
 * does not count). A calibration line first gives the cost of one
 * multiply-add over a Float64Array on this machine in this run, so runs on loaded or slow hosts
 * can be compared (divide by it: "MAC-equivalents per frame"). The last line is the share of one core that 1,000
 * calls of G.711 decode + encode + DTMF + VAD would use (the design target: 1,000 calls, 2 cores).
 */
import { G722Decoder, G722Encoder, createDecoder, createEncoder } from '../src/media/codec/index.js';
import { DtmfDetector, FaxToneDetector, Resampler, SilenceDetector } from '../src/media/dsp/index.js';

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  const v = hit === undefined ? NaN : Number(hit.slice(name.length + 3));
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const frames = arg('frames', 20000);

function speechLike(n: number, seed = 99): Int16Array {
  let s = seed;
  let y1 = 0;
  let y2 = 0;
  return Int16Array.from({ length: n }, (_, i) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const y = s / 0x7fffffff - 0.5 + 1.6 * y1 - 0.8 * y2;
    y2 = y1;
    y1 = y;
    return Math.round(2500 * y * (0.55 + 0.45 * Math.sin((2 * Math.PI * 4 * i) / n)));
  });
}

function frameList(rate: number): Int16Array[] {
  const per = rate / 50;
  const x = speechLike(rate * 2);
  return Array.from({ length: 100 }, (_, k) => x.subarray(k * per, (k + 1) * per));
}

let sink = 0;
function measure(name: string, run: (i: number) => number): number {
  for (let i = 0; i < 2000; i++) sink += run(i);
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < frames; i++) sink += run(i);
    const used = process.cpuUsage(t0);
    rounds.push(((used.user + used.system) * 1000) / frames);
  }
  rounds.sort((a, b) => a - b);
  const ns = rounds[2] as number;
  console.log(`${name.padEnd(28)} ${ns.toFixed(0).padStart(8)} ns/frame ${(ns / macNs).toFixed(0).padStart(8)} MAC-eq`);
  return ns;
}

function calibrate(): number {
  const a = new Float64Array(1 << 16);
  for (let i = 0; i < a.length; i++) a[i] = i % 7;
  let best = Infinity;
  for (let r = 0; r < 20; r++) {
    const t0 = process.cpuUsage();
    let s = 0;
    for (let k = 0; k < 16; k++) for (let i = 0; i < a.length; i++) s += (a[i] as number) * 1.0001;
    sink += s;
    const used = process.cpuUsage(t0);
    best = Math.min(best, ((used.user + used.system) * 1000) / (16 * a.length));
  }
  console.log(`${'calibration: 1 MAC'.padEnd(28)} ${best.toFixed(2).padStart(8)} ns`);
  return best;
}
const macNs = calibrate();

const pcm8 = frameList(8000);
const pcm16 = frameList(16000);
const pcmu = createEncoder('PCMU');
const pcma = createEncoder('PCMA');
const ulaw = pcm8.map((f) => pcmu.encode(f));
const alaw = pcm8.map((f) => pcma.encode(f));
const g722enc = new G722Encoder();
const g722bits = pcm16.map((f) => new G722Encoder().encode(f));
const g722dec = new G722Decoder();
const pcmuDec = createDecoder('PCMU');
const pcmaDec = createDecoder('PCMA');
const dtmf8 = new DtmfDetector(8000);
const dtmf16 = new DtmfDetector(16000);
const vad = new SilenceDetector({ sampleRate: 8000 });
const fax = new FaxToneDetector(8000);
const up = new Resampler(8000, 16000);
const down = new Resampler(16000, 8000);
const at = <T>(list: T[], i: number): T => list[i % list.length] as T;

const results = {
  pcmuEnc: measure('G.711 µ-law encode', (i) => pcmu.encode(at(pcm8, i)).length),
  pcmuDec: measure('G.711 µ-law decode', (i) => pcmuDec.decode(at(ulaw, i)).length),
  pcmaEnc: measure('G.711 A-law encode', (i) => pcma.encode(at(pcm8, i)).length),
  pcmaDec: measure('G.711 A-law decode', (i) => pcmaDec.decode(at(alaw, i)).length),
  g722Enc: measure('G.722 encode (320 samples)', (i) => g722enc.encode(at(pcm16, i)).length),
  g722Dec: measure('G.722 decode (160 octets)', (i) => g722dec.decode(at(g722bits, i)).length),
  dtmf8: measure('DTMF detector 8 kHz', (i) => dtmf8.process(at(pcm8, i)).length),
  dtmf16: measure('DTMF detector 16 kHz', (i) => dtmf16.process(at(pcm16, i)).length),
  vad: measure('silence detector 8 kHz', (i) => (vad.process(at(pcm8, i)).voice ? 1 : 0)),
  fax: measure('fax tone detector 8 kHz', (i) => (fax.process(at(pcm8, i)) ? 1 : 0)),
  up: measure('Resampler 8k → 16k', (i) => up.process(at(pcm8, i)).length),
  down: measure('Resampler 16k → 8k', (i) => down.process(at(pcm16, i)).length),
};
if (sink === -1) console.log('');
const perCallNs =
  results.pcmuEnc + results.pcmuDec + results.dtmf8 + results.vad;
console.log(`core_share_1000_g711_calls: ${((perCallNs * 1000) / 20e6).toFixed(3)}`);
