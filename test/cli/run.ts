import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/context.js';

/** The compiled CLI entry point beside this compiled test, whatever the outDir. */
export const mainJs = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node main.js ...args` as a separate process. */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [mainJs, ...args], {
    encoding: 'utf8',
    env: { ...process.env, OPENUM_DEBUG: '', ...env },
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A CliIo that collects output in strings. */
export function memoryIo(cwd = process.cwd(), env: Record<string, string> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    cwd,
    out: () => out,
    err: () => err,
  };
}

/** Runs the CLI in this process. */
export async function runInProcess(args: readonly string[], cwd?: string): Promise<CliResult> {
  const io = memoryIo(cwd);
  const code = await runCli(['node', 'openum', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** Non-empty lines of a text. */
export const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');
