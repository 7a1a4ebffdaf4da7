/**
 * The subset of a pino logger the store uses. The store logs identifiers (mailbox, message id,
 * Call-ID, outbox id), never a PIN, a hash or message content.
 */
export interface StoreLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

const ignore = (): void => {};

export const silentStoreLogger: StoreLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
