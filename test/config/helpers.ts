import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfig, type ConfigIssue } from '../../src/config/index.js';

/** The repository root (the folder holding the package.json named openum), whatever the outDir. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'openum') return dir;
    const parent = dirname(dir);
    assert.notEqual(parent, dir, 'no openum package.json above the test file');
    dir = parent;
  }
}

export const fixturePath = (name: string): string => join(repoRoot(), 'test', 'config', 'fixtures', name);
export const exampleText = (): string => readFileSync(fixturePath('example.yaml'), 'utf8');

/** `text` with `from` replaced by `to`, failing loudly if `from` is not there (a stale test). */
export function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `test fixture does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `no line contains ${JSON.stringify(needle)}`);
  return index + 1;
}

/** The issues parseConfig reports for `text` (it must throw ConfigError with `code`). */
export function issuesOf(text: string, code = 'CONFIG_INVALID', file = 'test.yaml'): readonly ConfigIssue[] {
  try {
    parseConfig(text, file, { baseDir: '/srv/openum' });
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.ok(err.issues.length > 0);
    return err.issues;
  }
  assert.fail('the configuration was accepted');
}

/** The single issue at `path`, asserting there is exactly one there. */
export function issueAt(issues: readonly ConfigIssue[], path: string): ConfigIssue {
  const found = issues.filter((i) => i.path === path);
  assert.equal(found.length, 1, `expected one issue at ${path}, got: ${JSON.stringify(issues, null, 1)}`);
  return found[0] as ConfigIssue;
}
