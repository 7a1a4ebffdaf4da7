/**
 * Errors of the mailbox store. The codes a caller acts on: STORE_MAILBOX_FULL (tell the caller the
 * mailbox is full), STORE_BAD_MAILBOX (an extension that is not digits: never a path), and the
 * write failures that mean "your message was not saved".
 */
import { OpenUmError } from '../util/errors.js';

export const STORE_ERROR_CODES = [
  /** The mailbox already holds its quota of messages (new + saved); nothing was stored. */
  'STORE_MAILBOX_FULL',
  /** A mailbox extension is not 1-32 digits (it would otherwise come near a path or a query). */
  'STORE_BAD_MAILBOX',
  /** updateUser, setUser or removeUser named an extension with no user. */
  'STORE_MAILBOX_NOT_FOUND',
  /** addUser: the extension already belongs to a user (extensions are unique across dial plans). */
  'STORE_DUPLICATE',
  /** setUser / removeUser: the user comes from the configuration file; change it there. */
  'STORE_CONFIG_ENTRY',
  /** removeUser without force: the mailbox still holds new or saved messages. */
  'STORE_MAILBOX_NOT_EMPTY',
  /** markDelivered / markRetry / markFailed named an outbox entry that does not exist. */
  'STORE_OUTBOX_NOT_FOUND',
  /** A value handed to the store is out of its domain (unknown kind or state, bad date, quota...). A bug in the caller. */
  'STORE_BAD_INPUT',
  /** hashPin was given something other than 1-24 digits. */
  'STORE_BAD_PIN',
  /** A recording could not be moved into (or a file removed from) the data folder. */
  'STORE_FILE_FAILED',
  /** The database failed (disk full, I/O error, locked past busy_timeout, corrupt file). */
  'STORE_DB_FAILED',
  /** The database file or data folder could not be opened or created. */
  'STORE_OPEN_FAILED',
  /** The database was written by a newer OpenUM (schema version above what this one knows). */
  'STORE_SCHEMA_TOO_NEW',
  /** The store was used after close(). */
  'STORE_CLOSED',
  /** The configured storage kind is not implemented yet (PostgreSQL). */
  'STORE_UNSUPPORTED',
] as const;

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export class StoreError extends OpenUmError {
  override readonly name = 'StoreError';
  override readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.code = code;
  }
}
