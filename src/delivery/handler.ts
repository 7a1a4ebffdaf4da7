/**
 * What the outbox worker asks of a delivery handler (smtp, imap, mwi, webhook). A handler delivers
 * one entry, or throws a DeliveryError saying whether trying again can help; any other exception
 * counts as a temporary failure (DELIVERY_HANDLER_CRASHED).
 */
import type { OutboxEntry } from '../store/index.js';

/** The subset of a pino logger that delivery uses. */
export interface DeliveryLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/** Wall-clock time, as the outbox stores it (nextAttemptAt, deliveredAt). Tests pass a fixed one. */
export interface WallClock {
  now(): Date;
}

export const systemWallClock: WallClock = { now: () => new Date() };

export interface DeliveryContext {
  /** Aborted when the attempt runs past its lease: the worker has given up on it and will retry. */
  readonly signal: AbortSignal;
  /** 1 on the first attempt. */
  readonly attempt: number;
  /**
   * Every entry this one call delivers: the entry itself first, then the pending entries that
   * coalesced with it (same coalesceKey). Their outcome is the outcome of this call.
   */
  readonly entries: readonly OutboxEntry[];
  readonly logger: DeliveryLogger;
}

/** What a handler may report about a success, for the delivery log line. */
export interface DeliveryOutcome {
  /** Short machine-friendly note, e.g. 'already-present' when an IMAP APPEND was skipped. */
  note?: string;
}

export interface OutboxHandler {
  /** Delivers the entry; resolves once the peer has accepted it. */
  deliver(entry: OutboxEntry, context: DeliveryContext): Promise<DeliveryOutcome | void>;
  /**
   * Entries of this kind with the same key that are pending at the same time need only one
   * delivery (e.g. one MWI NOTIFY per mailbox carrying the latest counts). Entries with one key
   * are also never delivered concurrently, so an older NOTIFY cannot overtake a newer one.
   */
  coalesceKey?(entry: OutboxEntry): string;
}
