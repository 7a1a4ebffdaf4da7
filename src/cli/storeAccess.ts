/**
 * Opening the node's store from a CLI command: the configuration (--config, else ./openum.yaml,
 * else the demo) names the data folder and the storage kind. The CLI reads what `serve` keeps; it
 * does not sync the directory from the file (only `serve` does), so a command run before the
 * server ever started sees an empty directory.
 */
import { loadConfig, type Config } from '../config/index.js';
import { openStore, type MailboxStore } from '../store/index.js';
import type { CliContext } from './context.js';
import { defaultConfigPath } from './packageInfo.js';

export interface OpenedStore {
  config: Config;
  store: MailboxStore;
}

export async function openCliStore(ctx: CliContext, configOption: string | undefined): Promise<OpenedStore> {
  const file = configOption ?? defaultConfigPath(ctx.io.cwd);
  const { config } = loadConfig(file, { cwd: ctx.io.cwd });
  const store = openStore(config);
  await store.migrate();
  return { config, store };
}

/** Runs `fn` with the store open, closing it whatever happens. */
export async function withCliStore<T>(ctx: CliContext, configOption: string | undefined, fn: (opened: OpenedStore) => Promise<T>): Promise<T> {
  const opened = await openCliStore(ctx, configOption);
  try {
    return await fn(opened);
  } finally {
    await opened.store.close();
  }
}

/** `1:05`, `0:32`, `1:02:07`: the way Exchange shows a voice mail's length. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
