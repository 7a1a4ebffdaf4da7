/**
 * A temp folder holding `openum.yaml` (the example configuration, data folder `./data` beside
 * it) for CLI tests of the directory commands. `serveOnce()` does what `openum serve` does to the
 * store when it starts (migrate, copy the file's directory in), without starting a node.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/index.js';
import { directorySpecFromConfig } from '../../src/node/index.js';
import { openStore, type MailboxStore } from '../../src/store/index.js';
import { exampleText } from '../config/helpers.js';
import { runInProcess, type CliResult } from './run.js';

export interface CliDirectory {
  /** The folder with openum.yaml: the CLI's working folder. */
  dir: string;
  config: Config;
  /** Copies the file's directory into the store, as `openum serve` does at start. */
  serveOnce(): Promise<void>;
  /** Runs `fn` on the store (closed afterwards). */
  withStore<T>(fn: (store: MailboxStore) => Promise<T>): Promise<T>;
  /** `openum ARGS…` in-process, in the folder (so ./openum.yaml is the configuration). */
  run(...args: string[]): Promise<CliResult>;
  remove(): void;
}

export function makeCliDirectory(prefix = 'openum-cli-'): CliDirectory {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const text = exampleText();
  if (!text.includes('dataDir: ./data')) throw new Error('the example configuration no longer has dataDir: ./data');
  writeFileSync(join(dir, 'openum.yaml'), text);
  const { config } = loadConfig(join(dir, 'openum.yaml'));
  const withStore = async <T>(fn: (store: MailboxStore) => Promise<T>): Promise<T> => {
    const store = openStore(config);
    try {
      await store.migrate();
      return await fn(store);
    } finally {
      await store.close();
    }
  };
  return {
    dir,
    config,
    serveOnce: async () => {
      const spec = await directorySpecFromConfig(config);
      await withStore((store) => store.syncDirectory(spec, 'config'));
    },
    withStore,
    run: (...args) => runInProcess(args, dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
