/**
 * The store layer: the MailboxStore interface, its embedded SQLite implementation, and PIN hashing.
 * Everything outside src/store/ imports from here.
 */
export type * from './types.js';
export { StoreError, STORE_ERROR_CODES, type StoreErrorCode } from './errors.js';
export { hashPin, hashConfigPin, verifyPin } from './pin.js';
export { storeLimits } from './limits.js';
export { systemStoreClock, type StoreClock } from './clock.js';
export { silentStoreLogger, type StoreLogger } from './logger.js';
export { SqliteMailboxStore, DATABASE_FILE, type SqliteStoreOptions } from './sqlite/sqliteStore.js';
export { openStore, type StoreConfig } from './openStore.js';
