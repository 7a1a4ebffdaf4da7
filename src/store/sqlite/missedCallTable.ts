/** The missed_calls table: a caller who reached call answering and hung up without a message. */
import { storeLimits } from '../limits.js';
import type { MissedCall, NewMissedCall } from '../types.js';
import { badInput, checkDate, checkLimit, checkMailbox, checkOneOf, clipText, divertReasons } from '../validate.js';
import type { SqliteConnection } from './database.js';
import { toMissedCall, type MissedCallRow } from './rows.js';

export type CheckedMissedCall = Omit<MissedCallRow, 'id'>;

export function checkNewMissedCall(call: NewMissedCall): CheckedMissedCall {
  if (typeof call !== 'object' || call === null) throw badInput('the missed call must be an object');
  return {
    mailbox: checkMailbox(call.mailbox),
    caller_number: clipText(call.callerNumber, 'callerNumber', storeLimits.maxCallerChars),
    caller_name: clipText(call.callerName, 'callerName', storeLimits.maxCallerChars),
    reason: checkOneOf(call.reason, divertReasons, 'reason'),
    at: checkDate(call.at, 'at'),
    call_id: clipText(call.callId, 'callId', storeLimits.maxCallIdChars),
  };
}

export class MissedCallTable {
  readonly #c: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
  }

  insert(id: string, call: CheckedMissedCall): MissedCall {
    const row = this.#c
      .sql('INSERT INTO missed_calls (id, mailbox, caller_number, caller_name, reason, at, call_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *')
      .get(id, call.mailbox, call.caller_number, call.caller_name, call.reason, call.at, call.call_id);
    return toMissedCall(row as MissedCallRow);
  }

  get(id: string): MissedCall | null {
    if (typeof id !== 'string') return null;
    const row = this.#c.sql('SELECT * FROM missed_calls WHERE id = ?').get(id) as MissedCallRow | undefined;
    return row === undefined ? null : toMissedCall(row);
  }

  /** Deletes every missed call of the mailbox; how many. Call inside a transaction. */
  removeMailbox(mailbox: string): number {
    return this.#c.sql('DELETE FROM missed_calls WHERE mailbox = ?').run(mailbox).changes;
  }

  /** Newest first. */
  list(mailbox: string, options: { limit?: number } = {}): MissedCall[] {
    const rows = this.#c
      .sql('SELECT * FROM missed_calls WHERE mailbox = ? ORDER BY at DESC, rowid DESC LIMIT ?')
      .all(checkMailbox(mailbox), checkLimit(options.limit)) as MissedCallRow[];
    return rows.map(toMissedCall);
  }
}
