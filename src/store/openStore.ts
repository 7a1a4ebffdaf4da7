/**
 * The store a configuration names: `storage.kind: sqlite` (the embedded default, under `dataDir`)
 * or `postgres` (scale-out; not implemented yet).
 */
import type { StoreClock } from './clock.js';
import { StoreError } from './errors.js';
import type { StoreLogger } from './logger.js';
import { SqliteMailboxStore } from './sqlite/sqliteStore.js';
import type { MailboxStore } from './types.js';

export interface StoreConfig {
  dataDir: string;
  storage: { kind: 'sqlite' | 'postgres' };
}

export function openStore(config: StoreConfig, logger?: StoreLogger, options: { clock?: StoreClock } = {}): MailboxStore {
  const kind = config.storage.kind;
  if (kind === 'sqlite') {
    return SqliteMailboxStore.open({
      dataDir: config.dataDir,
      ...(logger !== undefined ? { logger } : {}),
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
    });
  }
  if (kind === 'postgres') {
    throw new StoreError('STORE_UNSUPPORTED', 'PostgreSQL storage is not available yet; use storage.kind: sqlite');
  }
  throw new StoreError('STORE_UNSUPPORTED', `unknown storage kind ${JSON.stringify(String(kind)).slice(0, 40)}; use storage.kind: sqlite`);
}
