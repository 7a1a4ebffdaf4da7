/** Errors of the transaction layer (RFC 3261 §17). Each code is stable; see docs/errors.md. */
import { OpenUmError } from '../../util/errors.js';

export type TransactionErrorCode =
  /** A timer value is not a positive number of milliseconds. */
  | 'SIP_TXN_BAD_TIMER'
  /** sendRequest() was given a request whose top Via has no RFC 3261 branch (z9hG4bK…). */
  | 'SIP_TXN_MISSING_BRANCH'
  /** sendRequest() was given ACK: ACK for a 2xx is sent by the dialog directly (§17.1.1.3). */
  | 'SIP_TXN_ACK_NOT_A_TRANSACTION'
  /** A client transaction with the same branch and method already exists (§17.1.3). */
  | 'SIP_TXN_DUPLICATE'
  /** The layer was closed. */
  | 'SIP_TXN_CLOSED'
  /** receiveRequest() got a response, or receiveResponse() a request. */
  | 'SIP_TXN_WRONG_MESSAGE_TYPE'
  /** respond() got a status outside 100–699. */
  | 'SIP_TXN_BAD_STATUS'
  /** A state machine was asked for a transition its table does not allow (a bug). */
  | 'SIP_TXN_INVALID_TRANSITION'
  /** The transport rejected a send with something that is not an Error. */
  | 'SIP_TXN_TRANSPORT';

export class TransactionError extends OpenUmError {
  override readonly name = 'TransactionError';
  declare readonly code: TransactionErrorCode;

  constructor(code: TransactionErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
