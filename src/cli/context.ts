import type { Command } from 'commander';
import { formatIssue, type ConfigIssue } from '../config/index.js';

/**
 * What a CLI command may touch besides its arguments: where to print, the environment, the working
 * folder, and the exit code it leaves. Tests pass their own to run commands in-process.
 */
export interface Writer {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  env: Readonly<Record<string, string | undefined>>;
  /** Folder that relative paths on the command line are relative to. */
  cwd: string;
}

export interface CliContext {
  io: CliIo;
  /** 0 = success, 1 = unexpected failure, 2 = invalid input (usage, configuration). */
  exitCode: number;
}

/**
 * The contract of every file in src/cli/commands/: it exports `register`, which adds its
 * subcommand to the program (or to a group such as `config`, see commandGroup).
 */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const exitCodes = { ok: 0, failure: 1, invalid: 2 } as const;

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** The subcommand group `name` (e.g. `config` for `config check`), created on first use. */
export function commandGroup(program: Command, name: string, description: string): Command {
  const existing = program.commands.find((c) => c.name() === name);
  return existing ?? program.command(name).description(description);
}

/** One line per configuration issue: `file:line: path: message` (warnings marked `warning:`). */
export function printIssues(out: Writer, issues: readonly ConfigIssue[], severity: 'error' | 'warning' = 'error'): void {
  for (const issue of issues) out.write(`${formatIssue(issue, severity)}\n`);
}
