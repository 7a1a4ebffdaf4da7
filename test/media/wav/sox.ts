/**
 * Helpers for tests that check our audio against sox, the reference peer (Debian package "sox").
 * Each test makes its files in its own temporary folder and removes it afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs sox with `args`; fails the test with sox's own message when sox is missing or refuses. */
export function sox(args: readonly string[]): void {
  try {
    execFileSync('sox', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new Error(`sox ${args.join(' ')} failed (is the Debian package "sox" installed?): ${String(err)}`);
  }
}

/** `soxi -r` (rate), `-c` (channels), `-D` (duration in seconds), `-s` (samples), `-e`, `-b`. */
export function soxi(flag: '-r' | '-c' | '-D' | '-s' | '-e' | '-b', file: string): string {
  return execFileSync('soxi', [flag, file], { encoding: 'utf8' }).trim();
}

export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `openum-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function peak(samples: Int16Array): number {
  let p = 0;
  for (const s of samples) p = Math.max(p, Math.abs(s));
  return p;
}

export function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

/** sox's own measurement of a file mixed down to mono (`sox FILE -n remix - stat`), full scale = 1. */
export function soxStat(file: string): { samples: number; maxAmplitude: number; rmsAmplitude: number } {
  // sox prints stat on stderr.
  const r = spawnSync('sox', [file, '-n', 'remix', '-', 'stat'], { encoding: 'utf8' });
  const field = (label: string): number => {
    const m = new RegExp(`${label}:\\s+(-?[0-9.]+)`).exec(r.stderr);
    if (m?.[1] === undefined) throw new Error(`sox stat printed no "${label}" for ${file}:\n${r.stderr}`);
    return Number(m[1]);
  };
  return { samples: field('Samples read'), maxAmplitude: field('Maximum amplitude'), rmsAmplitude: field('RMS {5}amplitude') };
}
