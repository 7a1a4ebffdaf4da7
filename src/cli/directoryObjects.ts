/**
 * `openum dialplan|gateway|huntgroup|policy list [--json]` and `… show NAME [--json]`: read-only
 * views of the directory objects in the store (what `openum serve` copied from the configuration
 * file; they are changed there). One registration per kind, each in its own commands/ file.
 */
import type { Command } from 'commander';
import type { DirectorySnapshot } from '../store/index.js';
import { commandGroup, exitCodes, type CliContext } from './context.js';
import { withCliStore } from './storeAccess.js';

export interface DirectoryObjectKind<T> {
  /** The subcommand: `dialplan`. */
  command: string;
  /** For messages: `dial plan`, `dial plans`. */
  singular: string;
  plural: string;
  /** What `show` calls the argument: `name`. */
  argument: string;
  entries(snapshot: DirectorySnapshot): readonly T[];
  nameOf(entry: T): string;
  /** The rest of its line in `list`. */
  summary(entry: T, snapshot: DirectorySnapshot): string;
}

const configOption = ['--config <file>', 'configuration file (default ./openum.yaml, else the demo configuration)'] as const;

function known(names: readonly string[]): string {
  if (names.length === 0) return 'none in the store';
  return `known: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}`;
}

function value(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function registerDirectoryObjects<T extends object>(program: Command, ctx: CliContext, kind: DirectoryObjectKind<T>): void {
  const group = commandGroup(program, kind.command, `${kind.plural} (read-only: they come from the configuration file)`);
  group
    .command('list')
    .description(`list the ${kind.plural}`)
    .option('--json', 'print a JSON array')
    .option(...configOption)
    .action(async (options: { json?: boolean; config?: string }) => {
      await withCliStore(ctx, options.config, async ({ store }) => {
        const snapshot = await store.loadDirectory();
        const entries = kind.entries(snapshot);
        const out = ctx.io.stdout;
        if (options.json) out.write(`${JSON.stringify(entries, null, 2)}\n`);
        else if (entries.length === 0) out.write(`no ${kind.plural} in the store (\`openum serve\` copies them from the configuration file when it starts)\n`);
        else {
          const width = Math.max(...entries.map((e) => kind.nameOf(e).length));
          for (const e of entries) out.write(`${kind.nameOf(e).padEnd(width)}  ${kind.summary(e, snapshot)}\n`);
        }
        ctx.exitCode = exitCodes.ok;
      });
    });
  group
    .command('show')
    .description(`show one ${kind.singular} as configured`)
    .argument(`<${kind.argument}>`, `the ${kind.singular}'s ${kind.argument}`)
    .option('--json', 'print JSON')
    .option(...configOption)
    .action(async (name: string, options: { json?: boolean; config?: string }) => {
      await withCliStore(ctx, options.config, async ({ store }) => {
        const entries = kind.entries(await store.loadDirectory());
        const entry = entries.find((e) => kind.nameOf(e) === name);
        if (entry === undefined) {
          const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
          ctx.io.stderr.write(`openum: no ${kind.singular} ${shown} (${known(entries.map(kind.nameOf))})\n`);
          ctx.exitCode = exitCodes.failure;
          return;
        }
        if (options.json) ctx.io.stdout.write(`${JSON.stringify(entry, null, 2)}\n`);
        else for (const [k, v] of Object.entries(entry)) ctx.io.stdout.write(`${k.padEnd(24)} ${value(v)}\n`);
        ctx.exitCode = exitCodes.ok;
      });
    });
}
