// Helpers for the media interop tests: OpenUM's JSON log lines, sox's view of a recording, and a
// tshark capture of OpenUM's outgoing RTP on loopback with the gaps between packets.

import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { readUdpFromPcap, type UdpDatagram } from '../../media/helpers/pcap.js';
import { artifactsDir, requireCommand, spawnManaged } from './processes.js';

const run = promisify(execFile);

/** OpenUM's stdout as parsed pino lines (non-JSON lines skipped). */
export function logLines(log: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut by the process ending
    }
  }
  return out;
}

/** Duration of an audio file as sox reads it. */
export async function soxDurationSeconds(path: string): Promise<number> {
  requireCommand('soxi');
  const { stdout } = await run('soxi', ['-D', path]);
  return Number(stdout.trim());
}

export interface RtpCapture {
  /** Stops tshark and returns the captured UDP datagrams. */
  stop(): Promise<UdpDatagram[]>;
}

/** Captures UDP sent from OpenUM's RTP ports on lo (tshark, classic pcap format). */
export async function startRtpCapture(options: { name: string; srcPortMin: number; srcPortMax: number }): Promise<RtpCapture> {
  requireCommand('tshark');
  const dir = artifactsDir(options.name);
  const file = join(dir, 'openum-rtp.pcap');
  const proc = spawnManaged({
    label: 'tshark',
    command: 'tshark',
    args: ['-i', 'lo', '-F', 'pcap', '-w', file, '-f', `udp and src portrange ${options.srcPortMin}-${options.srcPortMax}`],
    logDir: dir,
  });
  // Wait until dumpcap has opened the file (it writes the global header at once).
  const started = Date.now();
  while (!(existsSync(file) && statSync(file).size >= 24)) {
    if (Date.now() - started > 10_000) throw new Error(`tshark did not start capturing:\n${proc.describe(20)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    async stop() {
      await proc.stop(3000);
      return readUdpFromPcap(file);
    },
  };
}

export interface GapStats {
  count: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
}

/** Gaps between consecutive RTP packets of each stream (by source port), all streams pooled. */
export function rtpSendGaps(datagrams: readonly UdpDatagram[]): GapStats {
  const bySource = new Map<number, number[]>();
  for (const d of datagrams) {
    // RTP only (version 2, payload type below 64): RTCP goes from the odd port anyway.
    if (d.payload.length < 12 || (d.payload[0]! >> 6) !== 2 || d.srcPort % 2 !== 0) continue;
    let times = bySource.get(d.srcPort);
    if (!times) bySource.set(d.srcPort, (times = []));
    times.push(d.timeMs);
  }
  const gaps: number[] = [];
  for (const times of bySource.values()) for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  gaps.sort((a, b) => a - b);
  const at = (q: number): number => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? NaN;
  return { count: gaps.length, medianMs: at(0.5), p99Ms: at(0.99), maxMs: gaps[gaps.length - 1] ?? NaN };
}
