/**
 * The outbox table: everything that must reach a mail server, a PBX or a webhook. Entries are
 * written in the same transaction as what they are about, leased by workers (claimDue moves
 * nextAttemptAt to the end of the lease, so a crashed worker's entry comes back by itself), and
 * never deleted on failure: retried with backoff, or kept as `failed` for an administrator.
 *
 *   pending --claimDue-------> pending, claimed (due again when the lease ends)
 *   claimed --releaseClaims--> pending, due now (the worker that claimed it is gone: restart)
 *   pending --markDelivered--> delivered        (final; a late markRetry/markFailed is ignored)
 *   pending --markRetry------> pending (attempts + 1, due at the given time)
 *   pending --markFailed-----> failed  --retryFailed--> pending (due now, attempts back to 0)
 */
import { randomUUID } from 'node:crypto';
import { StoreError } from '../errors.js';
import { storeLimits } from '../limits.js';
import type { OutboxEntry, OutboxFilter } from '../types.js';
import { checkCount, checkDate, checkLimit, checkMailbox, checkOneOf, outboxKinds, outboxStates, type CheckedOutboxEntry } from '../validate.js';
import type { SqliteConnection } from './database.js';
import { toOutboxEntry, type OutboxRow } from './rows.js';

const clipError = (error: unknown): string => {
  const text = typeof error === 'string' ? error : String(error);
  return text.length > storeLimits.maxOutboxErrorChars ? text.slice(0, storeLimits.maxOutboxErrorChars) : text;
};

export class OutboxTable {
  readonly #c: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
  }

  /** Inserts checked entries, pending and due at `now`; `subjectId` fills a null subject. Call inside a transaction. */
  insert(entries: readonly CheckedOutboxEntry[], now: number, subjectId: string | null = null): OutboxEntry[] {
    const statement = this.#c.sql(
      `INSERT INTO outbox (id, kind, mailbox, subject_id, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, NULL, ?, NULL) RETURNING *`,
    );
    return entries.map((e) => toOutboxEntry(statement.get(randomUUID(), e.kind, e.mailbox, e.subjectId ?? subjectId, e.payload, now, now) as OutboxRow));
  }

  claimDue(now: Date, limit: number, leaseMs: number): OutboxEntry[] {
    const at = checkDate(now, 'now');
    const count = checkCount(limit, 'limit', { min: 1, max: storeLimits.maxClaim });
    const lease = checkCount(leaseMs, 'leaseMs', { min: 1 });
    // One statement: the SELECT and the UPDATE see the same snapshot under the write lock, so two
    // workers (or two processes) never lease the same entry.
    const rows = this.#c.writeRelaxed(
      () =>
        this.#c
          .sql(
            `UPDATE outbox SET next_attempt_at = ?, claimed_at = ?
             WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
                          ORDER BY next_attempt_at, created_at, rowid LIMIT ?)
             RETURNING *, rowid AS seq`,
          )
          .all(at + lease, at, at, count) as (OutboxRow & { seq: number })[],
    );
    return rows.sort((a, b) => a.created_at - b.created_at || a.seq - b.seq).map(toOutboxEntry);
  }

  /** Throws STORE_OUTBOX_NOT_FOUND when `changes` is 0 because the id does not exist. */
  #mustExist(id: string, changes: number): void {
    if (changes === 0 && this.#c.sql('SELECT 1 FROM outbox WHERE id = ?').get(id) === undefined) {
      throw new StoreError('STORE_OUTBOX_NOT_FOUND', `no outbox entry ${JSON.stringify(String(id).slice(0, 60))}`);
    }
  }

  markDelivered(id: string, at: Date): void {
    const when = checkDate(at, 'at');
    this.#c.writeRelaxed(() => {
      const { changes } = this.#c.sql(`UPDATE outbox SET state = 'delivered', delivered_at = ?, claimed_at = NULL WHERE id = ? AND state != 'delivered'`).run(when, id);
      this.#mustExist(id, changes);
    });
  }

  markRetry(id: string, error: string, nextAttemptAt: Date): void {
    const when = checkDate(nextAttemptAt, 'nextAttemptAt');
    this.#c.writeRelaxed(() => {
      const { changes } = this.#c
        .sql(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_at = NULL WHERE id = ? AND state = 'pending'`)
        .run(clipError(error), when, id);
      this.#mustExist(id, changes);
    });
  }

  markFailed(id: string, error: string): void {
    this.#c.writeRelaxed(() => {
      const { changes } = this.#c
        .sql(`UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, claimed_at = NULL WHERE id = ? AND state = 'pending'`)
        .run(clipError(error), id);
      this.#mustExist(id, changes);
    });
  }

  retryFailed(id: string, now: Date): boolean {
    const when = checkDate(now, 'now');
    const { changes } = this.#c.write(() =>
      this.#c.sql(`UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, claimed_at = NULL WHERE id = ? AND state = 'failed'`).run(when, id),
    );
    return changes > 0;
  }

  /** Puts every claimed pending entry back, due at `now` (their worker is gone); how many. */
  releaseClaims(now: Date): number {
    const when = checkDate(now, 'now');
    return this.#c.writeRelaxed(
      () => this.#c.sql(`UPDATE outbox SET next_attempt_at = ?, claimed_at = NULL WHERE state = 'pending' AND claimed_at IS NOT NULL`).run(when).changes,
    );
  }

  /**
   * Deletes every entry of a mailbox that is being removed (what they were about is deleted with
   * it); how many. Call inside a transaction.
   */
  removeMailbox(mailbox: string): number {
    return this.#c.sql('DELETE FROM outbox WHERE mailbox = ?').run(mailbox).changes;
  }

  get(id: string): OutboxEntry | null {
    const row = this.#c.sql('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    return row === undefined ? null : toOutboxEntry(row);
  }

  /** Newest first. */
  list(filter: OutboxFilter = {}): OutboxEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.states !== undefined) {
      const states = [...new Set(filter.states)].map((s, i) => checkOneOf(s, outboxStates, `states[${i}]`));
      if (states.length === 0) return [];
      where.push(`state IN (${states.map(() => '?').join(', ')})`);
      params.push(...states);
    }
    if (filter.kinds !== undefined) {
      const kinds = [...new Set(filter.kinds)].map((k, i) => checkOneOf(k, outboxKinds, `kinds[${i}]`));
      if (kinds.length === 0) return [];
      where.push(`kind IN (${kinds.map(() => '?').join(', ')})`);
      params.push(...kinds);
    }
    if (filter.mailbox !== undefined) {
      where.push('mailbox = ?');
      params.push(checkMailbox(filter.mailbox));
    }
    params.push(checkLimit(filter.limit));
    const sql = `SELECT * FROM outbox ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    return (this.#c.sql(sql).all(...params) as OutboxRow[]).map(toOutboxEntry);
  }
}
