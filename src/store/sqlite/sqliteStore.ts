/**
 * The embedded default MailboxStore: SQLite (`<dataDir>/openum.db`, WAL, synchronous=FULL) plus the
 * audio files under the data folder. better-sqlite3 is synchronous, so each transaction runs to its
 * end without yielding; the only awaits are the file moves before a commit and the file removals
 * after one.
 *
 * A deposit, in order: the quota is checked; the recording is fsynced, renamed into place and its
 * folder fsynced; then the message row and its outbox rows commit in one transaction. If that
 * transaction fails, the recording goes back where it came from (or is deleted), so no audio is
 * left without a row; if the move fails, nothing is inserted. Once deposit() resolves, the message
 * survives the process being killed and the machine losing power.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { AudioFiles } from '../audioFiles.js';
import { systemStoreClock, type StoreClock } from '../clock.js';
import { StoreError } from '../errors.js';
import { silentStoreLogger, type StoreLogger } from '../logger.js';
import type {
  DirectorySnapshot,
  DirectorySpec,
  EntrySource,
  GreetingKind,
  MailboxStore,
  MessageCounts,
  MessagePatch,
  MessageState,
  MissedCall,
  NewMessage,
  NewMissedCall,
  NewOutboxEntry,
  OutboxEntry,
  OutboxFilter,
  RemovedUser,
  StoredMessage,
  StoredUser,
  SyncReport,
  UserFieldsPatch,
  UserSpec,
} from '../types.js';
import { badInput, checkBoolean, checkCount, checkMailbox, checkOneOf, checkOutboxEntries, greetingKinds } from '../validate.js';
import { dbError, SqliteConnection } from './database.js';
import { DirectoryTables, type UserPatch } from './directoryTables.js';
import { GreetingTable } from './greetingTable.js';
import { removeMailboxRows, type MailboxTables } from './mailboxRemoval.js';
import { checkNewMessage, MessageTable } from './messageTable.js';
import { applyMigrations, schemaVersion } from './migrations.js';
import { checkNewMissedCall, MissedCallTable } from './missedCallTable.js';
import { OutboxTable } from './outboxTable.js';

export interface SqliteStoreOptions {
  /** The data folder; created when missing. The database is `<dataDir>/openum.db`. */
  dataDir: string;
  logger?: StoreLogger;
  /** Wall-clock time for createdAt, nextAttemptAt of new entries, pinSetAt (default: the system clock). */
  clock?: StoreClock;
}

export const DATABASE_FILE = 'openum.db';

type Tables = MailboxTables;

export class SqliteMailboxStore implements MailboxStore {
  readonly dataDir: string;
  readonly databasePath: string;
  #connection: SqliteConnection | null;
  readonly #tables: Tables;
  readonly #files: AudioFiles;
  readonly #logger: StoreLogger;
  readonly #clock: StoreClock;

  private constructor(dataDir: string, connection: SqliteConnection, files: AudioFiles, logger: StoreLogger, clock: StoreClock) {
    this.dataDir = dataDir;
    this.databasePath = join(dataDir, DATABASE_FILE);
    this.#connection = connection;
    this.#files = files;
    this.#logger = logger;
    this.#clock = clock;
    this.#tables = {
      directory: new DirectoryTables(connection, logger),
      messages: new MessageTable(connection, (relative) => files.absolute(relative)),
      missedCalls: new MissedCallTable(connection),
      greetings: new GreetingTable(connection),
      outbox: new OutboxTable(connection),
    };
  }

  /**
   * Opens (creating when missing) the data folder and `<dataDir>/openum.db`, and brings the schema
   * up to date, so the store is usable at once; migrate() may still be called (it is idempotent).
   */
  static open(options: SqliteStoreOptions): SqliteMailboxStore {
    const logger = options.logger ?? silentStoreLogger;
    const clock = options.clock ?? systemStoreClock;
    if (typeof options.dataDir !== 'string' || options.dataDir === '') {
      throw new StoreError('STORE_OPEN_FAILED', 'the store needs a data folder (dataDir)');
    }
    const dataDir = resolve(options.dataDir);
    const files = new AudioFiles(dataDir);
    try {
      files.prepareSync();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw new StoreError('STORE_OPEN_FAILED', `cannot create the data folder ${dataDir}${typeof code === 'string' ? ` (${code})` : ''}`, { cause: err });
    }
    const connection = SqliteConnection.open(join(dataDir, DATABASE_FILE));
    try {
      const applied = applyMigrations(connection.db, () => clock.now().getTime());
      if (applied.length > 0) logger.info({ dataDir, applied }, 'store schema migrated');
    } catch (err) {
      connection.close();
      throw dbError(err, 'migrating the schema');
    }
    return new SqliteMailboxStore(dataDir, connection, files, logger, clock);
  }

  #assertOpen(action: string): SqliteConnection {
    const connection = this.#connection;
    if (connection === null) throw new StoreError('STORE_CLOSED', `the store is closed (${action})`);
    return connection;
  }

  /** Runs `fn` on the open connection; database errors become STORE_DB_FAILED. */
  #run<T>(action: string, fn: (c: SqliteConnection, now: number) => T): T {
    const connection = this.#assertOpen(action);
    try {
      return fn(connection, this.#clock.now().getTime());
    } catch (err) {
      throw dbError(err, action);
    }
  }

  async migrate(): Promise<void> {
    this.#run('migrating the schema', (c) => {
      const applied = applyMigrations(c.db, () => this.#clock.now().getTime());
      if (applied.length > 0) this.#logger.info({ dataDir: this.dataDir, applied }, 'store schema migrated');
    });
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    if (connection === null) return;
    this.#connection = null;
    connection.close();
  }

  // --- Directory ------------------------------------------------------------------------------

  async syncDirectory(spec: DirectorySpec, source: EntrySource): Promise<SyncReport> {
    const report = this.#run('syncing the directory', (_c, now) => this.#tables.directory.sync(spec, source, now));
    this.#logger.info({ source, ...report }, 'directory synced');
    return report;
  }

  async loadDirectory(): Promise<DirectorySnapshot> {
    return this.#run('loading the directory', () => this.#tables.directory.load());
  }

  async getUser(extension: string): Promise<StoredUser | null> {
    return this.#run('reading a user', () => this.#tables.directory.getUser(extension));
  }

  async updateUser(extension: string, patch: UserPatch): Promise<void> {
    this.#run('updating a user', (_c, now) => this.#tables.directory.update(extension, patch, now));
  }

  async addUser(spec: UserSpec, source: 'admin'): Promise<StoredUser> {
    const user = this.#run('adding a user', (_c, now) => this.#tables.directory.add(spec, source, now));
    this.#logger.info({ mailbox: user.extension, dialPlan: user.dialPlan, source }, 'user added');
    return user;
  }

  async setUser(extension: string, patch: UserFieldsPatch): Promise<StoredUser> {
    const user = this.#run('changing a user', (_c, now) => this.#tables.directory.set(extension, patch, now));
    this.#logger.info({ mailbox: user.extension, fields: Object.keys(patch).filter((k) => patch[k as keyof UserFieldsPatch] !== undefined) }, 'user changed');
    return user;
  }

  async removeUser(extension: string, options: { force?: boolean } = {}): Promise<RemovedUser> {
    const force = options.force === undefined ? false : checkBoolean(options.force, 'force');
    const { removed, files } = this.#run('removing a user', (c) => c.write(() => removeMailboxRows(this.#tables, extension, force)));
    let left = 0;
    for (const relative of files) {
      try {
        await this.#files.remove(relative);
      } catch {
        left++;
      }
    }
    if (!(await this.#files.removeMailboxFolder(removed.extension))) left++;
    const fields = { mailbox: removed.extension, messages: removed.messages, greetings: removed.greetings, missedCalls: removed.missedCalls };
    if (left > 0) this.#logger.warn({ ...fields, filesLeft: left }, 'user removed; some of its audio files could not be removed');
    else this.#logger.info(fields, 'user removed');
    return removed;
  }

  async directoryVersion(): Promise<number> {
    return this.#run('reading the directory version', () => this.#tables.directory.version());
  }

  // --- Messages -------------------------------------------------------------------------------

  async deposit(message: NewMessage, outbox: NewOutboxEntry[], options: { quota?: number } = {}): Promise<StoredMessage> {
    const checked = checkNewMessage(message);
    const entries = checkOutboxEntries(outbox);
    const quota = options.quota === undefined ? undefined : checkCount(options.quota, 'quota');
    if (typeof message.recordingPath !== 'string' || message.recordingPath === '') throw badInput('recordingPath must be a path');
    // Checked before moving anything (a full mailbox leaves the recording untouched), and again
    // in the transaction, where it is authoritative.
    this.#run('checking the quota', () => this.#tables.messages.assertRoom(checked.mailbox, quota));
    const id = randomUUID();
    const relative = AudioFiles.newMessagePath(checked.mailbox, id);
    await this.#files.moveIn(message.recordingPath, relative);
    let stored: StoredMessage;
    try {
      const connection = this.#assertOpen('saving the message');
      stored = await connection
        .writeGrouped(() => {
          const now = this.#clock.now().getTime();
          this.#tables.messages.assertRoom(checked.mailbox, quota);
          const row = this.#tables.messages.insert(id, checked, relative, now);
          this.#tables.outbox.insert(entries, now, id);
          return row;
        })
        .catch((err: unknown) => {
          throw dbError(err, 'saving the message');
        });
    } catch (err) {
      const recording = await this.#files.moveBack(relative, message.recordingPath);
      const fields = { mailbox: checked.mailbox, callId: checked.callId, code: (err as StoreError).code, recording };
      if (recording === 'lost') this.#logger.error(fields, 'deposit rolled back; its audio file could not be removed');
      else this.#logger.warn(fields, 'deposit rolled back');
      throw err;
    }
    this.#logger.info({ mailbox: stored.mailbox, messageId: id, callId: stored.callId, outbox: entries.length }, 'message deposited');
    return stored;
  }

  async getMessage(id: string): Promise<StoredMessage | null> {
    return this.#run('reading a message', () => this.#tables.messages.get(id));
  }

  async listMessages(mailbox: string, options?: { states?: MessageState[]; limit?: number }): Promise<StoredMessage[]> {
    return this.#run('listing messages', () => this.#tables.messages.list(mailbox, options));
  }

  async updateMessage(id: string, patch: MessagePatch, outbox?: NewOutboxEntry[]): Promise<StoredMessage | null> {
    if (typeof patch !== 'object' || patch === null) throw badInput('the message patch must be an object');
    const entries = checkOutboxEntries(outbox);
    return this.#run('updating a message', (c, now) =>
      c.write(() => {
        if (this.#tables.messages.get(id) === null) return null;
        const updated = this.#tables.messages.update(id, patch);
        this.#tables.outbox.insert(entries, now);
        return updated;
      }),
    );
  }

  async countMessages(mailbox: string): Promise<MessageCounts> {
    return this.#run('counting messages', () => this.#tables.messages.counts(mailbox));
  }

  /** Commits the missed call and its outbox entries in one transaction (a null subjectId means this call). */
  async recordMissedCall(call: NewMissedCall, outbox: NewOutboxEntry[]): Promise<MissedCall> {
    const checked = checkNewMissedCall(call);
    const entries = checkOutboxEntries(outbox);
    const id = randomUUID();
    const saved = await this.#assertOpen('saving a missed call')
      .writeGrouped(() => {
        const row = this.#tables.missedCalls.insert(id, checked);
        this.#tables.outbox.insert(entries, this.#clock.now().getTime(), id);
        return row;
      })
      .catch((err: unknown) => {
        throw dbError(err, 'saving a missed call');
      });
    this.#logger.info({ mailbox: saved.mailbox, missedCallId: id, callId: saved.callId }, 'missed call recorded');
    return saved;
  }

  async getMissedCall(id: string): Promise<MissedCall | null> {
    return this.#run('reading a missed call', () => this.#tables.missedCalls.get(id));
  }

  async listMissedCalls(mailbox: string, options?: { limit?: number }): Promise<MissedCall[]> {
    return this.#run('listing missed calls', () => this.#tables.missedCalls.list(mailbox, options));
  }

  // --- Greetings ------------------------------------------------------------------------------

  async setGreeting(mailbox: string, kind: GreetingKind, recordingPath: string): Promise<string> {
    const ext = checkMailbox(mailbox);
    const k = checkOneOf(kind, greetingKinds, 'kind');
    if (typeof recordingPath !== 'string' || recordingPath === '') throw badInput('recordingPath must be a path');
    this.#assertOpen('setting a greeting');
    const relative = AudioFiles.newGreetingPath();
    await this.#files.moveIn(recordingPath, relative);
    let previous: string | null;
    try {
      previous = this.#run('saving a greeting', (c, now) => c.write(() => this.#tables.greetings.replace(ext, k, relative, now)));
    } catch (err) {
      await this.#files.moveBack(relative, recordingPath);
      throw err;
    }
    if (previous !== null) await this.#removeAfterCommit(previous, ext);
    this.#logger.info({ mailbox: ext, kind: k }, 'greeting set');
    return this.#files.absolute(relative);
  }

  async getGreeting(mailbox: string, kind: GreetingKind): Promise<string | null> {
    const ext = checkMailbox(mailbox);
    const k = checkOneOf(kind, greetingKinds, 'kind');
    const relative = this.#run('reading a greeting', () => this.#tables.greetings.get(ext, k));
    return relative === null ? null : this.#files.absolute(relative);
  }

  async deleteGreeting(mailbox: string, kind: GreetingKind): Promise<void> {
    const ext = checkMailbox(mailbox);
    const k = checkOneOf(kind, greetingKinds, 'kind');
    const previous = this.#run('deleting a greeting', (c) => c.write(() => this.#tables.greetings.remove(ext, k)));
    if (previous !== null) await this.#removeAfterCommit(previous, ext);
  }

  /** The row no longer points at the file: failing to remove it leaves litter, never a broken greeting. */
  async #removeAfterCommit(relative: string, mailbox: string): Promise<void> {
    try {
      await this.#files.remove(relative);
    } catch (err) {
      this.#logger.warn({ mailbox, code: (err as StoreError).code }, 'old greeting file not removed');
    }
  }

  // --- Outbox ---------------------------------------------------------------------------------

  async enqueue(entries: NewOutboxEntry[]): Promise<OutboxEntry[]> {
    const checked = checkOutboxEntries(entries);
    return this.#run('enqueuing outbox entries', (c, now) => c.write(() => this.#tables.outbox.insert(checked, now)));
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    return this.#run('claiming outbox entries', () => this.#tables.outbox.claimDue(now, limit, leaseMs));
  }

  async markDelivered(id: string, at: Date): Promise<void> {
    this.#run('marking an outbox entry delivered', () => this.#tables.outbox.markDelivered(id, at));
  }

  async releaseClaims(now: Date): Promise<number> {
    return this.#run('releasing outbox claims', () => this.#tables.outbox.releaseClaims(now));
  }

  async markRetry(id: string, error: string, nextAttemptAt: Date): Promise<void> {
    this.#run('scheduling an outbox retry', () => this.#tables.outbox.markRetry(id, error, nextAttemptAt));
  }

  async markFailed(id: string, error: string): Promise<void> {
    this.#run('marking an outbox entry failed', () => this.#tables.outbox.markFailed(id, error));
  }

  async retryFailed(id: string, now: Date): Promise<boolean> {
    return this.#run('retrying an outbox entry', () => this.#tables.outbox.retryFailed(id, now));
  }

  async listOutbox(filter?: OutboxFilter): Promise<OutboxEntry[]> {
    return this.#run('listing the outbox', () => this.#tables.outbox.list(filter));
  }

  async getOutboxEntry(id: string): Promise<OutboxEntry | null> {
    return this.#run('reading an outbox entry', () => this.#tables.outbox.get(id));
  }

  /** What logs and the API show: where the store lives and how SQLite is set up. */
  toJSON(): Record<string, unknown> {
    const connection = this.#connection;
    if (connection === null) return { kind: 'sqlite', dataDir: this.dataDir, database: this.databasePath, closed: true };
    return {
      kind: 'sqlite',
      dataDir: this.dataDir,
      database: this.databasePath,
      closed: false,
      schemaVersion: schemaVersion(connection.db),
      journalMode: connection.pragma('journal_mode'),
      synchronous: connection.pragma('synchronous'),
      foreignKeys: connection.pragma('foreign_keys'),
      busyTimeoutMs: connection.pragma('busy_timeout'),
    };
  }
}
