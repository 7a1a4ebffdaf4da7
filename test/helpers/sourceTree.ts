/**
 * The repository's source tree as tests that read it see it (architecture rules, the error-code
 * registry, captured vectors): the repository root found from the compiled test's location,
 * whatever output folder it was compiled to, and the .ts files under a folder.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above this file holding package.json and src/. */
export function findRepoRoot(): string {
  const here = fileURLToPath(import.meta.url);
  let dir = dirname(here);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src')) && statSync(join(dir, 'src')).isDirectory()) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no folder with package.json and src/ above ${here}`);
    dir = up;
  }
}

/** Every .ts file under `dir` (declaration files excluded), as absolute paths, sorted. */
export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}
