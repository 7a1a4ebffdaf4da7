import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the OpenUM package lives, found by walking up from this file to the package.json named
 * "openum" (so it works from dist/ and from any other build folder).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown };
      if (pkg.name === 'openum') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the openum package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** The demo configuration shipped with the package (what `npm start` runs). */
export function demoConfigPath(): string {
  return join(packageRoot(), 'config', 'demo.yaml');
}

/**
 * The configuration a command uses when --config is not given: ./openum.yaml if it exists,
 * otherwise the demo configuration.
 */
export function defaultConfigPath(cwd: string): string {
  const local = resolve(cwd, 'openum.yaml');
  return existsSync(local) ? local : demoConfigPath();
}
