/**
 * Checks on what callers hand the store. A mailbox extension is digits only before it is used
 * anywhere (a path, a query, a log line); enumerations are checked against their lists so a bug
 * upstream fails here with STORE_BAD_INPUT instead of writing a row no reader understands.
 */
import { StoreError } from './errors.js';
import { storeLimits } from './limits.js';
import type {
  DivertReason,
  GreetingKind,
  MessageState,
  NewOutboxEntry,
  OutboxKind,
  OutboxState,
} from './types.js';

const EXTENSION = new RegExp(`^[0-9]{1,${storeLimits.maxExtensionDigits}}$`);

export const divertReasons = ['no-answer', 'busy', 'unconditional', 'deflection', 'unavailable', 'unknown'] as const satisfies readonly DivertReason[];
export const messageStates = ['new', 'saved', 'deleted'] as const satisfies readonly MessageState[];
export const greetingKinds = ['normal', 'away', 'busy', 'name'] as const satisfies readonly GreetingKind[];
export const outboxKinds = ['email', 'missed-call', 'imap', 'mwi', 'webhook'] as const satisfies readonly OutboxKind[];
export const outboxStates = ['pending', 'delivered', 'failed'] as const satisfies readonly OutboxState[];

/** A short, printable rendering of a hostile value for an error message. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value;
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export function isExtension(value: unknown): value is string {
  return typeof value === 'string' && EXTENSION.test(value);
}

/** The extension itself, or STORE_BAD_MAILBOX (a mailbox like "../x" never reaches a path). */
export function checkMailbox(value: unknown, what = 'mailbox'): string {
  if (!isExtension(value)) {
    throw new StoreError('STORE_BAD_MAILBOX', `${what} must be 1 to ${storeLimits.maxExtensionDigits} digits 0-9, got ${shown(value)}`);
  }
  return value;
}

export function badInput(message: string): StoreError {
  return new StoreError('STORE_BAD_INPUT', message);
}

export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw badInput(`${what} must be one of ${allowed.join(', ')}, got ${shown(value)}`);
  }
  return value as T;
}

/** A valid Date as epoch milliseconds. */
export function checkDate(value: unknown, what: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw badInput(`${what} must be a valid Date`);
  return value.getTime();
}

export function checkCount(value: unknown, what: string, options: { min?: number; max?: number } = {}): number {
  const min = options.min ?? 0;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badInput(`${what} must be a whole number from ${min} to ${max}, got ${shown(value)}`);
  }
  return value;
}

export function checkBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw badInput(`${what} must be true or false`);
  return value;
}

/** Free text from the network (caller name, Call-ID): null stays null, the rest is cut to `max`. */
export function clipText(value: unknown, what: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw badInput(`${what} must be a string or null`);
  return value.length > max ? value.slice(0, max) : value;
}

/** The list limit a query uses: the caller's (1-maxListRows) or maxListRows. */
export function checkLimit(value: unknown, what = 'limit', max: number = storeLimits.maxListRows): number {
  return value === undefined ? max : checkCount(value, what, { min: 1, max });
}

export interface CheckedOutboxEntry {
  kind: OutboxKind;
  mailbox: string;
  subjectId: string | null;
  payload: string;
}

/** Checks an outbox entry and serializes its payload (a plain JSON object, at most maxPayloadBytes). */
export function checkOutboxEntry(entry: NewOutboxEntry, index: number): CheckedOutboxEntry {
  const where = `outbox[${index}]`;
  if (typeof entry !== 'object' || entry === null) throw badInput(`${where} must be an object`);
  const kind = checkOneOf(entry.kind, outboxKinds, `${where}.kind`);
  const mailbox = checkMailbox(entry.mailbox, `${where}.mailbox`);
  const subjectId = entry.subjectId ?? null;
  if (subjectId !== null && (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > 200)) {
    throw badInput(`${where}.subjectId must be an id or null`);
  }
  const payloadValue = entry.payload ?? {};
  if (typeof payloadValue !== 'object' || payloadValue === null || Array.isArray(payloadValue)) {
    throw badInput(`${where}.payload must be a JSON object`);
  }
  let payload: string;
  try {
    payload = JSON.stringify(payloadValue);
  } catch (cause) {
    throw new StoreError('STORE_BAD_INPUT', `${where}.payload cannot be serialized as JSON`, { cause });
  }
  if (Buffer.byteLength(payload) > storeLimits.maxPayloadBytes) {
    throw badInput(`${where}.payload is over ${storeLimits.maxPayloadBytes} bytes`);
  }
  return { kind, mailbox, subjectId, payload };
}

export function checkOutboxEntries(entries: readonly NewOutboxEntry[] | undefined): CheckedOutboxEntry[] {
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) throw badInput('outbox must be an array of entries');
  return entries.map(checkOutboxEntry);
}
