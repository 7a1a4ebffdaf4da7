/** Assembly of one OpenUM node from its parts (used by server.ts): directory sync and watcher, outbox policy, SIP MWI. */
export { directorySpecFromConfig, timeZoneResolver } from './directorySync.js';
export { DEFAULT_DIRECTORY_POLL_MS, DirectoryWatcher, type DirectoryWatcherLogger, type DirectoryWatcherOptions } from './directoryWatcher.js';
export { outboxPolicy, type OutboxPolicy } from './outboxPolicy.js';
export { SipMwi, type SipMwiOptions } from './mwi.js';
