import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DATABASE_FILE, StoreError, type SqliteMailboxStore } from '../../../src/store/index.js';
import { filesUnder, makeDirs, makeRecording, openTestStore, type TestDirs } from '../helpers.js';

describe('SQLite store: greetings and recorded names', () => {
  let dirs: TestDirs;
  let store: SqliteMailboxStore;
  beforeEach(() => {
    dirs = makeDirs();
    store = openTestStore(dirs);
  });
  afterEach(async () => {
    await store.close();
    dirs.remove();
  });

  it('moves the WAV to greetings/<uuid>.wav and finds it again after reopen', async () => {
    const rec = makeRecording(dirs);
    const path = await store.setGreeting('1001', 'normal', rec.path);
    assert.match(relative(dirs.dataDir, path).split(sep).join('/'), /^greetings\/[0-9a-f-]{36}\.wav$/);
    assert.ok(!existsSync(rec.path));
    assert.deepEqual(readFileSync(path), rec.bytes);
    await store.close();
    store = openTestStore(dirs);
    assert.equal(await store.getGreeting('1001', 'normal'), path);
    assert.equal(await store.getGreeting('1001', 'away'), null);
    assert.equal(await store.getGreeting('1002', 'normal'), null);
  });

  it('replaces a greeting and removes the old file; other kinds and mailboxes keep theirs', async () => {
    const old = await store.setGreeting('1001', 'normal', makeRecording(dirs).path);
    const name = await store.setGreeting('1001', 'name', makeRecording(dirs).path);
    const other = await store.setGreeting('1002', 'normal', makeRecording(dirs).path);
    const next = makeRecording(dirs);
    const replaced = await store.setGreeting('1001', 'normal', next.path);
    assert.notEqual(replaced, old);
    assert.ok(!existsSync(old), 'the replaced file is removed');
    assert.deepEqual(readFileSync(replaced), next.bytes);
    assert.equal(await store.getGreeting('1001', 'normal'), replaced);
    assert.ok(existsSync(name) && existsSync(other));
    assert.equal(filesUnder(join(dirs.dataDir, 'greetings')).length, 3);
  });

  it('deletes a greeting with its file', async () => {
    const path = await store.setGreeting('1001', 'away', makeRecording(dirs).path);
    await store.deleteGreeting('1001', 'away');
    assert.equal(await store.getGreeting('1001', 'away'), null);
    assert.ok(!existsSync(path));
    await store.deleteGreeting('1001', 'away'); // nothing left: no error
  });

  it('refuses an unknown kind (STORE_BAD_INPUT) and a missing recording (STORE_FILE_FAILED) without changing the greeting', async () => {
    const path = await store.setGreeting('1001', 'busy', makeRecording(dirs).path);
    const rec = makeRecording(dirs);
    await assert.rejects(store.setGreeting('1001', 'holiday' as never, rec.path), (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_INPUT');
    await assert.rejects(store.setGreeting('1001', 'busy', join(dirs.spool, 'gone.wav')), (err: unknown) => err instanceof StoreError && err.code === 'STORE_FILE_FAILED');
    assert.ok(existsSync(rec.path));
    assert.equal(await store.getGreeting('1001', 'busy'), path);
    assert.ok(existsSync(path));
  });

  it('keeps the old greeting and gives the recording back when the new one cannot be committed', async () => {
    const path = await store.setGreeting('1001', 'normal', makeRecording(dirs).path);
    const db = new BetterSqlite3(join(dirs.dataDir, DATABASE_FILE));
    db.exec(`CREATE TRIGGER fail_greeting BEFORE UPDATE ON greetings BEGIN SELECT RAISE(ABORT, 'no'); END;`);
    db.close();
    const rec = makeRecording(dirs);
    await assert.rejects(store.setGreeting('1001', 'normal', rec.path), (err: unknown) => err instanceof StoreError && err.code === 'STORE_DB_FAILED');
    assert.deepEqual(readFileSync(rec.path), rec.bytes);
    assert.equal(await store.getGreeting('1001', 'normal'), path);
    assert.ok(existsSync(path));
    assert.equal(filesUnder(join(dirs.dataDir, 'greetings')).length, 1);
  });
});
