/**
 * The messages table. Rows only: moving the audio in and the transaction around a deposit are the
 * store's (sqliteStore.ts). Newest first is received_at descending, then insertion order.
 */
import { StoreError } from '../errors.js';
import { storeLimits } from '../limits.js';
import type { MessageCounts, MessagePatch, MessageState, NewMessage, StoredMessage } from '../types.js';
import {
  badInput,
  checkBoolean,
  checkCount,
  checkDate,
  checkLimit,
  checkMailbox,
  checkOneOf,
  clipText,
  divertReasons,
  messageStates,
} from '../validate.js';
import type { SqliteConnection } from './database.js';
import { toMessage, type MessageRow } from './rows.js';

export interface CheckedMessage {
  mailbox: string;
  callerNumber: string | null;
  callerName: string | null;
  reason: StoredMessage['reason'];
  receivedAt: number;
  durationMs: number;
  urgent: boolean;
  private: boolean;
  callId: string | null;
}

export function checkNewMessage(message: NewMessage): CheckedMessage {
  if (typeof message !== 'object' || message === null) throw badInput('the message must be an object');
  return {
    mailbox: checkMailbox(message.mailbox),
    callerNumber: clipText(message.callerNumber, 'callerNumber', storeLimits.maxCallerChars),
    callerName: clipText(message.callerName, 'callerName', storeLimits.maxCallerChars),
    reason: checkOneOf(message.reason, divertReasons, 'reason'),
    receivedAt: checkDate(message.receivedAt, 'receivedAt'),
    durationMs: checkCount(message.durationMs, 'durationMs'),
    urgent: checkBoolean(message.urgent, 'urgent'),
    private: checkBoolean(message.private, 'private'),
    callId: clipText(message.callId, 'callId', storeLimits.maxCallIdChars),
  };
}

export class MessageTable {
  readonly #c: SqliteConnection;
  readonly #absolute: (relative: string) => string;

  constructor(connection: SqliteConnection, absolute: (relative: string) => string) {
    this.#c = connection;
    this.#absolute = absolute;
  }

  /** Messages of the mailbox that count against its quota (new and saved). */
  countKept(mailbox: string): number {
    const row = this.#c.sql(`SELECT COUNT(*) AS n FROM messages WHERE mailbox = ? AND state != 'deleted'`).get(mailbox) as { n: number };
    return row.n;
  }

  /** STORE_MAILBOX_FULL when the mailbox already holds `quota` kept messages. */
  assertRoom(mailbox: string, quota: number | undefined): void {
    if (quota === undefined) return;
    if (this.countKept(mailbox) >= quota) {
      throw new StoreError('STORE_MAILBOX_FULL', `mailbox ${mailbox} is full (${quota} messages)`);
    }
  }

  insert(id: string, m: CheckedMessage, audioPath: string, now: number): StoredMessage {
    const row = this.#c
      .sql(
        `INSERT INTO messages (id, mailbox, caller_number, caller_name, reason, received_at, duration_ms, audio_path, urgent, private,
                               state, transcript, call_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', NULL, ?, ?) RETURNING *`,
      )
      .get(id, m.mailbox, m.callerNumber, m.callerName, m.reason, m.receivedAt, m.durationMs, audioPath, m.urgent ? 1 : 0, m.private ? 1 : 0, m.callId, now);
    return toMessage(row as MessageRow, this.#absolute);
  }

  get(id: string): StoredMessage | null {
    if (typeof id !== 'string') return null;
    const row = this.#c.sql('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
    return row === undefined ? null : toMessage(row, this.#absolute);
  }

  list(mailbox: string, options: { states?: MessageState[]; limit?: number } = {}): StoredMessage[] {
    const ext = checkMailbox(mailbox);
    const states = [...new Set(options.states ?? ['new', 'saved'])].map((s, i) => checkOneOf(s, messageStates, `states[${i}]`));
    if (states.length === 0) return [];
    const rows = this.#c
      .sql(
        `SELECT * FROM messages WHERE mailbox = ? AND state IN (${states.map(() => '?').join(', ')})
         ORDER BY received_at DESC, rowid DESC LIMIT ?`,
      )
      .all(ext, ...states, checkLimit(options.limit)) as MessageRow[];
    return rows.map((r) => toMessage(r, this.#absolute));
  }

  /** Applies the patch; null when there is no such message. Call inside a transaction. */
  update(id: string, patch: MessagePatch): StoredMessage | null {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (patch.state !== undefined) {
      sets.push('state = ?');
      values.push(checkOneOf(patch.state, messageStates, 'state'));
    }
    if (patch.urgent !== undefined) {
      sets.push('urgent = ?');
      values.push(checkBoolean(patch.urgent, 'urgent') ? 1 : 0);
    }
    if (patch.private !== undefined) {
      sets.push('private = ?');
      values.push(checkBoolean(patch.private, 'private') ? 1 : 0);
    }
    if (patch.transcript !== undefined) {
      sets.push('transcript = ?');
      values.push(clipText(patch.transcript, 'transcript', storeLimits.maxTranscriptChars));
    }
    if (sets.length > 0) this.#c.sql(`UPDATE messages SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return this.get(id);
  }

  /** Deletes every message of the mailbox (any state); returns their audio paths, to remove after commit. Call inside a transaction. */
  removeMailbox(mailbox: string): string[] {
    const rows = this.#c.sql('DELETE FROM messages WHERE mailbox = ? RETURNING audio_path').all(mailbox) as { audio_path: string }[];
    return rows.map((r) => r.audio_path);
  }

  counts(mailbox: string): MessageCounts {
    const row = this.#c
      .sql(
        `SELECT COALESCE(SUM(state = 'new'), 0) AS new, COALESCE(SUM(state = 'saved'), 0) AS saved,
                COALESCE(SUM(state = 'new' AND urgent = 1), 0) AS urgentNew
         FROM messages WHERE mailbox = ?`,
      )
      .get(checkMailbox(mailbox)) as MessageCounts;
    return { new: row.new, saved: row.saved, urgentNew: row.urgentNew };
  }
}
