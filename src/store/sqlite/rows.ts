/**
 * Rows as SQLite returns them, and their conversion to the store's types (integers to Dates and
 * booleans, JSON text to values, relative audio paths to absolute ones).
 */
import type { MissedCall, OutboxEntry, StoredMessage, StoredUser } from '../types.js';

export interface UserRow {
  extension: string;
  name: string;
  email: string | null;
  dial_plan: string;
  mailbox_policy: string;
  source: StoredUser['source'];
  pin_hash: string | null;
  pin_set_at: number | null;
  pin_history: string;
  pin_must_change: number;
  config_pin_hash: string | null;
  failed_logons: number;
  locked: number;
  away_greeting_enabled: number;
  enabled: number;
}

export interface MessageRow {
  id: string;
  mailbox: string;
  caller_number: string | null;
  caller_name: string | null;
  reason: StoredMessage['reason'];
  received_at: number;
  duration_ms: number;
  audio_path: string;
  urgent: number;
  private: number;
  state: StoredMessage['state'];
  transcript: string | null;
  call_id: string | null;
}

export interface MissedCallRow {
  id: string;
  mailbox: string;
  caller_number: string | null;
  caller_name: string | null;
  reason: MissedCall['reason'];
  at: number;
  call_id: string | null;
}

export interface OutboxRow {
  id: string;
  kind: OutboxEntry['kind'];
  mailbox: string;
  subject_id: string | null;
  payload: string;
  state: OutboxEntry['state'];
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function jsonOr<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toUser(row: UserRow): StoredUser {
  const history = jsonOr<unknown>(row.pin_history, []);
  return {
    extension: row.extension,
    name: row.name,
    email: row.email,
    dialPlan: row.dial_plan,
    mailboxPolicy: row.mailbox_policy,
    source: row.source,
    pinHash: row.pin_hash,
    pinSetAt: date(row.pin_set_at),
    pinHistory: Array.isArray(history) ? history.filter((h): h is string => typeof h === 'string') : [],
    pinMustChange: row.pin_must_change !== 0,
    failedLogons: row.failed_logons,
    locked: row.locked !== 0,
    awayGreetingEnabled: row.away_greeting_enabled !== 0,
    enabled: row.enabled !== 0,
  };
}

export function toMessage(row: MessageRow, absolute: (relative: string) => string): StoredMessage {
  return {
    id: row.id,
    mailbox: row.mailbox,
    callerNumber: row.caller_number,
    callerName: row.caller_name,
    reason: row.reason,
    receivedAt: new Date(row.received_at),
    durationMs: row.duration_ms,
    audioPath: absolute(row.audio_path),
    urgent: row.urgent !== 0,
    private: row.private !== 0,
    state: row.state,
    transcript: row.transcript,
    callId: row.call_id,
  };
}

export function toMissedCall(row: MissedCallRow): MissedCall {
  return {
    id: row.id,
    mailbox: row.mailbox,
    callerNumber: row.caller_number,
    callerName: row.caller_name,
    reason: row.reason,
    at: new Date(row.at),
    callId: row.call_id,
  };
}

export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  const payload = jsonOr<unknown>(row.payload, {});
  return {
    id: row.id,
    kind: row.kind,
    mailbox: row.mailbox,
    subjectId: row.subject_id,
    payload: typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {},
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    deliveredAt: date(row.delivered_at),
  };
}
