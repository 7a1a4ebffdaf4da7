import type { Command } from 'commander';
import { ConfigError, loadConfig, type ConfigIssue } from '../../config/index.js';
import { commandGroup, exitCodes, printIssues, type CliContext } from '../context.js';

/**
 * `openum config check FILE [--json]`: validates a configuration file. Valid → `FILE: OK` on stdout
 * (warnings on stderr), exit 0. Invalid → one line per problem on stderr, exit 2. With --json,
 * stdout gets `{ file, valid, code?, errors, warnings }` whatever the outcome (same exit codes).
 */
interface CheckReport {
  file: string;
  valid: boolean;
  code?: string;
  errors: readonly ConfigIssue[];
  warnings: readonly ConfigIssue[];
}

export function register(program: Command, ctx: CliContext): void {
  commandGroup(program, 'config', 'check configuration files')
    .command('check')
    .description('validate a configuration file: exit 0 if valid, 2 with one line per problem if not')
    .argument('<file>', 'the configuration file (YAML)')
    .option('--json', 'print the result as JSON')
    .action((file: string, options: { json?: boolean }) => {
      const { stdout, stderr } = ctx.io;
      let report: CheckReport;
      try {
        const { warnings } = loadConfig(file, { cwd: ctx.io.cwd });
        report = { file, valid: true, errors: [], warnings };
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        report = { file, valid: false, code: err.code, errors: err.issues, warnings: [] };
      }
      ctx.exitCode = report.valid ? exitCodes.ok : exitCodes.invalid;
      if (options.json) {
        stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      printIssues(stderr, report.errors);
      printIssues(stderr, report.warnings, 'warning');
      if (report.valid) stdout.write(`${file}: OK\n`);
    });
}
