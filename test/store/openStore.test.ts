import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DATABASE_FILE, openStore, SqliteMailboxStore, StoreError } from '../../src/store/index.js';
import { makeDirs, type TestDirs } from './helpers.js';

describe('openStore picks the store the configuration names', () => {
  let dirs: TestDirs;
  beforeEach(() => {
    dirs = makeDirs();
  });
  afterEach(() => dirs.remove());

  it('opens SQLite under dataDir for storage.kind sqlite, creating the folder and openum.db', async () => {
    const store = openStore({ dataDir: dirs.dataDir, storage: { kind: 'sqlite' } });
    try {
      assert.ok(store instanceof SqliteMailboxStore);
      assert.ok(existsSync(join(dirs.dataDir, DATABASE_FILE)));
      await store.migrate();
      assert.deepEqual(await store.countMessages('1001'), { new: 0, saved: 0, urgentNew: 0 });
    } finally {
      await store.close();
    }
  });

  it('refuses storage.kind postgres with STORE_UNSUPPORTED and a message saying what to use', () => {
    assert.throws(
      () => openStore({ dataDir: dirs.dataDir, storage: { kind: 'postgres' } }),
      (err: unknown) =>
        err instanceof StoreError &&
        err.code === 'STORE_UNSUPPORTED' &&
        err.message === 'PostgreSQL storage is not available yet; use storage.kind: sqlite',
    );
  });

  it('fails with STORE_OPEN_FAILED when the data folder cannot be created', () => {
    const aFile = join(dirs.spool, 'not-a-folder');
    writeFileSync(aFile, '');
    assert.throws(
      () => openStore({ dataDir: join(aFile, 'data'), storage: { kind: 'sqlite' } }),
      (err: unknown) => err instanceof StoreError && err.code === 'STORE_OPEN_FAILED',
    );
  });

  it('closes once, and answers STORE_CLOSED afterwards', async () => {
    const store = openStore({ dataDir: dirs.dataDir, storage: { kind: 'sqlite' } });
    await store.close();
    await store.close();
    await assert.rejects(store.countMessages('1001'), (err: unknown) => err instanceof StoreError && err.code === 'STORE_CLOSED');
    await assert.rejects(store.setGreeting('1001', 'normal', '/nonexistent'), (err: unknown) => err instanceof StoreError && err.code === 'STORE_CLOSED');
  });
});
