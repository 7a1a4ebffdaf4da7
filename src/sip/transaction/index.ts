/** The RFC 3261 §17 transaction layer: the only import path from outside this folder. */
export { TransactionLayer } from './layer.js';
export type {
  ClientTransaction,
  RequestDisposition,
  ResponseDisposition,
  ServerTransaction,
  TransactionLayerOptions,
} from './layer.js';
export type { InviteClientTransaction, InviteClientState } from './inviteClient.js';
export type { NonInviteClientTransaction, NonInviteClientState } from './nonInviteClient.js';
export type { InviteServerTransaction, InviteServerState } from './inviteServer.js';
export type { NonInviteServerTransaction, NonInviteServerState } from './nonInviteServer.js';
export { MAGIC_COOKIE, newBranch, topBranch, isRfc3261Branch } from './branch.js';
export { buildCancel, buildNon2xxAck, buildTrying } from './messages.js';
export { defaultTimerValues, resolveTimerValues, timersFor } from './timers.js';
export type { TimerValues, TransactionTimers } from './timers.js';
export { TransactionError } from './errors.js';
export type { TransactionErrorCode } from './errors.js';
export { transactionChannel } from './transaction.js';
export type { TransactionStateChange } from './transaction.js';
export { silentLogger } from './types.js';
export type {
  ClientTransactionUser,
  ServerTransactionUser,
  TransactionKind,
  TransactionLogger,
  TransactionUserBase,
} from './types.js';
