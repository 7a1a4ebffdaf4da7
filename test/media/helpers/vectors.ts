/** Paths of the media byte vectors, found from the repository root so compiled copies work too. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'vectors')) && statSync(join(dir, 'src')).isDirectory()) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`repository root not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** test/vectors/media/rtp/<name>. */
export function rtpVectorPath(name: string): string {
  return join(repoRoot(), 'test', 'vectors', 'media', 'rtp', name);
}
