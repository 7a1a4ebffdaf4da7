/**
 * One better-sqlite3 connection set up for the store: WAL, so readers never wait for the writer;
 * synchronous=FULL, so a committed transaction (a deposit) is on disk before commit returns, and
 * survives the process being killed or the machine losing power; foreign keys on; a busy timeout
 * for a second process (the CLI) writing at the same time. Statements are prepared once and kept.
 * The one exception to FULL is outbox bookkeeping (writeRelaxed): claims and delivery marks.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import { OpenUmError } from '../../util/errors.js';
import { StoreError } from '../errors.js';
import { storeLimits } from '../limits.js';

export type Row = Record<string, unknown>;

/** SQLite errors become STORE_DB_FAILED; the store's own errors pass through. */
export function dbError(err: unknown, action: string): OpenUmError {
  if (err instanceof OpenUmError) return err;
  const code = (err as { code?: unknown }).code;
  return new StoreError('STORE_DB_FAILED', `${action} failed in the database${typeof code === 'string' ? ` (${code})` : ''}`, { cause: err });
}

export class SqliteConnection {
  readonly db: Database;
  readonly #statements = new Map<string, Statement>();

  private constructor(db: Database) {
    this.db = db;
  }

  static open(path: string): SqliteConnection {
    let db: Database | undefined;
    try {
      db = new BetterSqlite3(path);
      // busy_timeout first: switching to WAL needs the lock another process may hold.
      db.pragma(`busy_timeout = ${storeLimits.busyTimeoutMs}`);
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      return new SqliteConnection(db);
    } catch (err) {
      db?.close();
      const code = (err as { code?: unknown }).code;
      throw new StoreError('STORE_OPEN_FAILED', `cannot open the database ${path}${typeof code === 'string' ? ` (${code})` : ''}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  /** The prepared statement for `sql` (prepared on first use, then reused). */
  #group: { fn: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];

  sql(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in an IMMEDIATE transaction (takes the write lock at BEGIN: no upgrade deadlock). */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * Runs `fn` in an IMMEDIATE transaction committed with synchronous=NORMAL: atomic, and durable
   * when the process dies (WAL), but not fsynced, so a power failure may undo it. For outbox
   * bookkeeping only (a claim, a delivered mark): undoing one costs a retry, and a retried email
   * carries the same Message-ID. Deposits keep synchronous=FULL.
   */
  writeRelaxed<T>(fn: () => T): T {
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.write(fn);
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  /**
   * Group commit: runs `fn` in a transaction shared with the other grouped writes queued in the
   * same turn of the event loop, so that many deposits ending together cost one WAL fsync
   * (synchronous=FULL) instead of one each. Each `fn` runs in its own savepoint: one that throws
   * is rolled back alone and rejects alone. Resolves only once the shared COMMIT returned, i.e.
   * the write is durable; if the COMMIT fails, every write of the group rejects.
   */
  writeGrouped<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#group.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.#group.length === 1) setImmediate(() => this.#flushGroup());
    });
  }

  #flushGroup(): void {
    const jobs = this.#group;
    this.#group = [];
    if (jobs.length === 0) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.db.transaction(() => {
        for (const job of jobs) {
          try {
            // Inside a transaction, better-sqlite3 runs a transaction function as a SAVEPOINT.
            outcomes.push({ ok: true, value: this.db.transaction(job.fn)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  pragma(name: string): unknown {
    return this.db.pragma(name, { simple: true });
  }

  close(): void {
    this.#statements.clear();
    if (this.db.open) this.db.close();
  }
}
