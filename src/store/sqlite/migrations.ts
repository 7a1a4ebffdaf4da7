/**
 * The schema of the SQLite store as numbered migrations. Each runs once, in its own IMMEDIATE
 * transaction together with its row in schema_migrations, so a crash mid-way leaves the previous
 * version and two processes opening the same file never apply one twice. A migration, once
 * released, is never edited: a change is a new migration.
 *
 * Times are integer epoch milliseconds; booleans 0/1; JSON in TEXT. Directory specs are stored as
 * the configuration file shapes them (one JSON column), keyed by the name other entries use.
 */
import type { Database } from 'better-sqlite3';
import { StoreError } from '../errors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const specTable = (table: string): string => `
CREATE TABLE ${table} (
  key TEXT PRIMARY KEY,
  spec TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('config', 'admin')),
  updated_at INTEGER NOT NULL
);
CREATE INDEX ${table}_source ON ${table} (source);
`;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE users (
  extension TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  dial_plan TEXT NOT NULL,
  mailbox_policy TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('config', 'admin')),
  pin_hash TEXT,
  pin_set_at INTEGER,
  pin_history TEXT NOT NULL DEFAULT '[]',
  pin_must_change INTEGER NOT NULL DEFAULT 0,
  -- The hash last applied from the configuration file: a new one there resets the PIN, the same
  -- one leaves a PIN the user changed by phone alone.
  config_pin_hash TEXT,
  failed_logons INTEGER NOT NULL DEFAULT 0,
  locked INTEGER NOT NULL DEFAULT 0,
  away_greeting_enabled INTEGER NOT NULL DEFAULT 0,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX users_source ON users (source);
${specTable('dial_plans')}
${specTable('gateways')}
${specTable('hunt_groups')}
${specTable('mailbox_policies')}
${specTable('auto_attendants')}
CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  mailbox TEXT NOT NULL,
  caller_number TEXT,
  caller_name TEXT,
  reason TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  audio_path TEXT NOT NULL,
  urgent INTEGER NOT NULL,
  private INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('new', 'saved', 'deleted')),
  transcript TEXT,
  call_id TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX messages_mailbox_state_received ON messages (mailbox, state, received_at);
CREATE INDEX messages_mailbox_received ON messages (mailbox, received_at);
CREATE TABLE missed_calls (
  id TEXT PRIMARY KEY,
  mailbox TEXT NOT NULL,
  caller_number TEXT,
  caller_name TEXT,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  call_id TEXT
);
CREATE INDEX missed_calls_mailbox_at ON missed_calls (mailbox, at);
CREATE TABLE greetings (
  mailbox TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('normal', 'away', 'busy', 'name')),
  path TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (mailbox, kind)
) WITHOUT ROWID;
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  mailbox TEXT NOT NULL,
  subject_id TEXT,
  payload TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_mailbox ON outbox (mailbox, created_at);
CREATE INDEX outbox_state_created ON outbox (state, created_at);
CREATE INDEX outbox_subject ON outbox (subject_id);
`,
  },
  {
    version: 2,
    name: 'directory version counter',
    // One row: bumped in the transaction of every directory write, polled by running nodes.
    sql: `
CREATE TABLE directory_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 0);
`,
  },
  {
    version: 3,
    name: 'outbox claims',
    // When a worker claimed the entry (null when it is not claimed): a restarted node puts the
    // claims of its crashed predecessor back at once instead of waiting for their lease to run out.
    sql: `
ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
`,
  },
];

/** The schema version this build writes and understands. */
export const latestVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);

const CREATE_LEDGER = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

/** The highest applied version (0 on a new file). Reads only. */
export function schemaVersion(db: Database): number {
  const ledger = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (ledger === undefined) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Applies every migration above the file's version, in order, each in one transaction. Idempotent;
 * returns the versions it applied. STORE_SCHEMA_TOO_NEW when a newer OpenUM wrote the file.
 */
export function applyMigrations(db: Database, now: () => number, list: readonly Migration[] = migrations): number[] {
  const known = list.reduce((max, m) => Math.max(max, m.version), 0);
  db.exec(CREATE_LEDGER);
  const current = schemaVersion(db);
  if (current > known) {
    throw new StoreError(
      'STORE_SCHEMA_TOO_NEW',
      `the database has schema version ${current} but this OpenUM knows up to ${known}: run the newer OpenUM, or restore a backup`,
    );
  }
  const applied: number[] = [];
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  for (const migration of [...list].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    const run = db.transaction(() => {
      // Checked again under the write lock: another process may have applied it meanwhile.
      if (isApplied.get(migration.version) !== undefined) return false;
      db.exec(migration.sql);
      insert.run(migration.version, migration.name, now());
      return true;
    });
    if (run.immediate()) applied.push(migration.version);
  }
  return applied;
}
