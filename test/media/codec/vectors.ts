/** Reads the byte vectors under test/vectors/media/ (shared by the codec and DSP tests). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src')) && statSync(join(dir, 'src')).isDirectory()) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no folder with package.json and src/ above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

const root = findRepoRoot();

/** The bytes of test/vectors/media/<topic>/<name>. */
export function vectorBytes(topic: 'codec' | 'dsp', name: string): Buffer {
  return readFileSync(join(root, 'test', 'vectors', 'media', topic, name));
}

/** A raw signed 16-bit little-endian vector as samples. */
export function vectorPcm(topic: 'codec' | 'dsp', name: string): Int16Array {
  const b = vectorBytes(topic, name);
  const out = new Int16Array(b.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = b.readInt16LE(2 * i);
  return out;
}

/** Signal-to-noise ratio of `test` against `ref` over [from, to), dB. */
export function snrDb(ref: Int16Array, test: Int16Array, from = 0, to = Math.min(ref.length, test.length)): number {
  let s = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    const r = ref[i] as number;
    const e = r - (test[i] as number);
    s += r * r;
    n += e * e;
  }
  return 10 * Math.log10(s / Math.max(n, 1e-9));
}
