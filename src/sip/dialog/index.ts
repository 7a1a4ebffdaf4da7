/** SIP dialogs and INVITE sessions (RFC 3261 §12-15, RFC 4028, RFC 3515): the only import path. */
export { Dialog, DialogError, dialogKey, addressList, type DialogId, type DialogState } from './dialog.js';
export { InviteSession, SessionError, type SessionState, type EndReason, type SessionHandlers, type AcceptOptions } from './inviteSession.js';
export type { SessionHost, SessionLogger, InDialogResult } from './sessionHost.js';
export { negotiateSessionTimer, parseSessionExpires, parseMinSe, sessionTimerDelays, type SessionTimerPolicy, type SessionTimerDecision } from './sessionTimer.js';
export { TwoXxRetransmitter } from './retransmit2xx.js';
export { sipfragStatus, type ReferOutcome } from './refer.js';
