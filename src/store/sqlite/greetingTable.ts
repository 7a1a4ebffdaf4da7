/** The greetings table: one WAV per mailbox and kind (normal, away, busy, recorded name). */
import type { GreetingKind } from '../types.js';
import type { SqliteConnection } from './database.js';

export class GreetingTable {
  readonly #c: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
  }

  /** The relative path of the greeting, or null. */
  get(mailbox: string, kind: GreetingKind): string | null {
    const row = this.#c.sql('SELECT path FROM greetings WHERE mailbox = ? AND kind = ?').get(mailbox, kind) as { path: string } | undefined;
    return row?.path ?? null;
  }

  /** Sets the greeting's file and returns the one it replaces (to remove after commit). Call inside a transaction. */
  replace(mailbox: string, kind: GreetingKind, path: string, now: number): string | null {
    const previous = this.get(mailbox, kind);
    this.#c
      .sql(
        `INSERT INTO greetings (mailbox, kind, path, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (mailbox, kind) DO UPDATE SET path = excluded.path, updated_at = excluded.updated_at`,
      )
      .run(mailbox, kind, path, now);
    return previous;
  }

  /** Removes every greeting of the mailbox and returns their files (to remove after commit). Call inside a transaction. */
  removeMailbox(mailbox: string): string[] {
    const rows = this.#c.sql('DELETE FROM greetings WHERE mailbox = ? RETURNING path').all(mailbox) as { path: string }[];
    return rows.map((r) => r.path);
  }

  /** Removes the row and returns its file (to remove after commit). Call inside a transaction. */
  remove(mailbox: string, kind: GreetingKind): string | null {
    const row = this.#c.sql('DELETE FROM greetings WHERE mailbox = ? AND kind = ? RETURNING path').get(mailbox, kind) as { path: string } | undefined;
    return row?.path ?? null;
  }
}
