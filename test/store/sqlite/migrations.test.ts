import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DATABASE_FILE, StoreError } from '../../../src/store/index.js';
import { applyMigrations, latestVersion, migrations, schemaVersion } from '../../../src/store/sqlite/migrations.js';
import { makeDirs, openTestStore, type TestDirs } from '../helpers.js';

describe('SQLite store: schema migrations and connection settings', () => {
  let dirs: TestDirs;
  beforeEach(() => {
    dirs = makeDirs();
  });
  afterEach(() => dirs.remove());

  const ledger = (): { version: number; name: string }[] => {
    const db = new BetterSqlite3(join(dirs.dataDir, DATABASE_FILE), { readonly: true });
    try {
      return db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
    } finally {
      db.close();
    }
  };

  it('numbers the migrations 1, 2, 3... without gaps', () => {
    assert.deepEqual(
      migrations.map((m) => m.version),
      migrations.map((_, i) => i + 1),
    );
    assert.equal(latestVersion, migrations.length);
  });

  it('opens with WAL, synchronous=FULL, foreign keys on and a busy timeout', async () => {
    const store = openTestStore(dirs);
    try {
      const info = store.toJSON();
      assert.equal(info['journalMode'], 'wal');
      assert.equal(info['synchronous'], 2, 'synchronous=FULL is 2');
      assert.equal(info['foreignKeys'], 1);
      assert.ok(Number(info['busyTimeoutMs']) > 0);
      assert.equal(info['schemaVersion'], latestVersion);
    } finally {
      await store.close();
    }
  });

  it('applies each migration once however often migrate() runs and the file is reopened', async () => {
    const store = openTestStore(dirs);
    await store.migrate();
    await store.migrate();
    await store.close();
    const again = openTestStore(dirs);
    await again.migrate();
    await again.close();
    assert.deepEqual(
      ledger().map((r) => r.version),
      migrations.map((m) => m.version),
    );
  });

  it('keeps the data across close and reopen', async () => {
    const store = openTestStore(dirs);
    const [entry] = await store.enqueue([{ kind: 'mwi', mailbox: '1001', subjectId: null }]);
    await store.close();
    const reopened = openTestStore(dirs);
    try {
      assert.deepEqual(await reopened.getOutboxEntry(entry?.id ?? ''), entry);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a database written by a newer OpenUM (STORE_SCHEMA_TOO_NEW) and leaves it unchanged', async () => {
    await openTestStore(dirs).close();
    const db = new BetterSqlite3(join(dirs.dataDir, DATABASE_FILE));
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(latestVersion + 1, 'from the future', 0);
    db.close();
    assert.throws(() => openTestStore(dirs), (err: unknown) => err instanceof StoreError && err.code === 'STORE_SCHEMA_TOO_NEW');
    assert.equal(ledger().at(-1)?.version, latestVersion + 1);
  });

  it('runs each migration in its own transaction: a failing one leaves the earlier ones applied and nothing of itself', () => {
    const db = new BetterSqlite3(':memory:');
    try {
      const list = [
        { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
        { version: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER); CREATE TABLE broken (;' },
      ];
      assert.throws(() => applyMigrations(db, () => 0, list));
      assert.equal(schemaVersion(db), 1);
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
      assert.deepEqual(tables, ['a', 'schema_migrations']);
      // Fixed, it applies on the next run, and a run after that applies nothing.
      const fixed = [list[0]!, { version: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER);' }];
      assert.deepEqual(applyMigrations(db, () => 0, fixed), [2]);
      assert.deepEqual(applyMigrations(db, () => 0, fixed), []);
    } finally {
      db.close();
    }
  });
});
