import { readdir } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.js';
import { exitCodes, printIssues, processIo, type CliContext, type CliIo, type RegisterCommand } from './context.js';
import { packageVersion } from './packageInfo.js';

/**
 * The `openum` program. Subcommands are the files of ./commands/, each exporting `register`
 * (adding a command is adding a file). Exit codes: 0 success, 1 unexpected failure, 2 invalid
 * input (usage errors, invalid configuration). Errors are one line on stderr; the stack trace only
 * with --debug or OPENUM_DEBUG=1.
 */

const commandsDir = new URL('./commands/', import.meta.url);

async function commandModules(): Promise<RegisterCommand[]> {
  const files = (await readdir(commandsDir)).filter((f) => f.endsWith('.js')).sort();
  const registers: RegisterCommand[] = [];
  for (const file of files) {
    const mod = (await import(new URL(file, commandsDir).href)) as { register?: unknown };
    if (typeof mod.register !== 'function') throw new Error(`src/cli/commands/${file} does not export register()`);
    registers.push(mod.register as RegisterCommand);
  }
  return registers;
}

function oneLine(text: string): string {
  return text.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
}

/** Builds the program with every subcommand registered; parse with `parseAsync`. */
export async function buildProgram(ctx: CliContext): Promise<Command> {
  const { io } = ctx;
  const program = new Command('openum')
    .description('OpenUM: voice mail, voice access and auto attendants for any SIP telephony')
    .version(packageVersion())
    .option('--debug', 'print the stack trace of unexpected errors (also OPENUM_DEBUG=1)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: (s, write) => write(`openum: ${oneLine(s)}\n`),
    });
  for (const register of await commandModules()) register(program, ctx);
  return program;
}

/**
 * Prints an error that escaped a command and returns the exit code: usage errors (already printed
 * by commander) → 2, invalid configuration → one line per issue and 2, anything else → one line
 * `openum: <message>` (plus the stack when `debug`) and 1.
 */
export function reportError(err: unknown, io: CliIo, debug: boolean): number {
  const { stderr } = io;
  if (err instanceof CommanderError) {
    // Commander has printed its message already (one line, see outputError).
    const informational = ['commander.helpDisplayed', 'commander.version'].includes(err.code);
    return informational || err.exitCode === 0 ? exitCodes.ok : exitCodes.invalid;
  }
  if (err instanceof ConfigError) {
    printIssues(stderr, err.issues);
    return exitCodes.invalid;
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`openum: ${oneLine(message)}\n`);
  if (debug && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  return exitCodes.failure;
}

/**
 * Runs the CLI on `argv` (as process.argv: node, script, arguments...) and resolves to the exit
 * code. Never throws and never calls process.exit.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const ctx: CliContext = { io, exitCode: exitCodes.ok };
  const debug = argv.includes('--debug') || io.env['OPENUM_DEBUG'] === '1';
  try {
    const program = await buildProgram(ctx);
    await program.parseAsync([...argv]);
    return ctx.exitCode;
  } catch (err) {
    return reportError(err, io, debug);
  }
}
