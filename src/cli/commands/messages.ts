import { copyFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { MessageState, StoredMessage } from '../../store/index.js';
import { commandGroup, exitCodes, type CliContext } from '../context.js';
import { formatDuration, withCliStore } from '../storeAccess.js';

/**
 * `openum messages list --mailbox EXT [--state new,saved] [--json]` and
 * `openum messages export ID FILE`. The JSON shape of `list` is a stable interface
 * (ARCHITECTURE.md): an array of {id, mailbox, callerNumber, callerName, receivedAt,
 * durationSeconds, urgent, private, state}.
 */

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const states: readonly MessageState[] = ['new', 'saved', 'deleted'];

function digitsArg(value: string): string {
  if (!/^[0-9]{1,32}$/.test(value)) throw new InvalidArgumentError('a mailbox is an extension: digits only');
  return value;
}

function statesArg(value: string): MessageState[] {
  const list = value.split(',').map((s) => s.trim());
  const bad = list.find((s) => !(states as readonly string[]).includes(s));
  if (bad !== undefined) throw new InvalidArgumentError(`unknown state "${bad}" (new, saved, deleted)`);
  return list as MessageState[];
}

export function messageJson(m: StoredMessage): Record<string, unknown> {
  return {
    id: m.id,
    mailbox: m.mailbox,
    callerNumber: m.callerNumber,
    callerName: m.callerName,
    receivedAt: m.receivedAt.toISOString(),
    durationSeconds: Math.round(m.durationMs / 100) / 10,
    urgent: m.urgent,
    private: m.private,
    state: m.state,
  };
}

function printTable(ctx: CliContext, mailbox: string, list: StoredMessage[]): void {
  const out = ctx.io.stdout;
  if (list.length === 0) {
    out.write(`no messages in mailbox ${mailbox}\n`);
    return;
  }
  const rows = list.map((m) => [
    m.id,
    m.receivedAt.toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    [m.callerName, m.callerNumber].filter(Boolean).join(' ') || 'unknown caller',
    formatDuration(m.durationMs),
    m.state + (m.urgent ? ' urgent' : '') + (m.private ? ' private' : ''),
  ]);
  const head = ['ID', 'RECEIVED', 'FROM', 'LENGTH', 'STATE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const r of [head, ...rows]) out.write(`${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`);
}

export function register(program: Command, ctx: CliContext): void {
  const group = commandGroup(program, 'messages', 'voice messages in the store');
  group
    .command('list')
    .description("list a mailbox's messages, newest first")
    .requiredOption('--mailbox <extension>', 'the mailbox (extension)', digitsArg)
    .option('--state <states>', 'comma-separated: new, saved, deleted (default new,saved)', statesArg)
    .option('--json', 'print a JSON array')
    .option('--config <file>', 'configuration file (default ./openum.yaml, else the demo configuration)')
    .action(async (options: { mailbox: string; state?: MessageState[]; json?: boolean; config?: string }) => {
      await withCliStore(ctx, options.config, async ({ store }) => {
        const list = await store.listMessages(options.mailbox, options.state ? { states: options.state } : {});
        if (options.json) ctx.io.stdout.write(`${JSON.stringify(list.map(messageJson), null, 2)}\n`);
        else printTable(ctx, options.mailbox, list);
        ctx.exitCode = exitCodes.ok;
      });
    });
  group
    .command('export')
    .description("copy a message's audio (WAV) to a file")
    .argument('<id>', 'the message ID (from messages list)')
    .argument('<file>', 'where to write the WAV')
    .option('--config <file>', 'configuration file (default ./openum.yaml, else the demo configuration)')
    .action(async (id: string, file: string, options: { config?: string }) => {
      if (!uuid.test(id)) {
        ctx.io.stderr.write(`openum: "${id.slice(0, 64)}" is not a message ID (a UUID, see messages list)\n`);
        ctx.exitCode = exitCodes.invalid;
        return;
      }
      await withCliStore(ctx, options.config, async ({ store }) => {
        const message = await store.getMessage(id.toLowerCase());
        if (!message) {
          ctx.io.stderr.write(`openum: no message ${id}\n`);
          ctx.exitCode = exitCodes.failure;
          return;
        }
        const target = resolve(ctx.io.cwd, file);
        await copyFile(message.audioPath, target);
        ctx.io.stdout.write(`${target}: ${formatDuration(message.durationMs)} from ${message.callerName ?? message.callerNumber ?? 'unknown caller'}\n`);
        ctx.exitCode = exitCodes.ok;
      });
    });
}
