/** Assembly of one OpenUM node from its parts (used by server.ts): directory sync, outbox policy, SIP MWI. */
export { directorySpecFromConfig, timeZoneResolver } from './directorySync.js';
export { outboxPolicy, type OutboxPolicy } from './outboxPolicy.js';
export { SipMwi, type SipMwiOptions } from './mwi.js';
