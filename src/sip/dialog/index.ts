/** SIP dialogs, INVITE sessions and subscriptions (RFC 3261 §12-15, RFC 4028, RFC 3515, RFC 6665): the only import path. */
export { Dialog, DialogError, dialogKey, addressList, type DialogId, type DialogState } from './dialog.js';
export { InviteSession, SessionError, type SessionState, type EndReason, type SessionHandlers, type AcceptOptions } from './inviteSession.js';
export type { SessionHost, SessionLogger, InDialogResult, DialogUser, AckResult } from './sessionHost.js';
export { ClientInviteSession, type ClientSessionState, type ClientEndReason, type ClientSessionHandlers, type ClientSessionInit } from './clientInviteSession.js';
export { negotiateSessionTimer, parseSessionExpires, parseMinSe, sessionTimerDelays, type SessionTimerPolicy, type SessionTimerDecision } from './sessionTimer.js';
export { TwoXxRetransmitter } from './retransmit2xx.js';
export { sipfragStatus, type ReferOutcome } from './refer.js';
export {
  NotifierSubscription,
  grantedExpires,
  parseEventHeader,
  formatEventHeader,
  type SubscriptionState,
  type SubscriptionSpec,
  type SubscriptionEndReason,
  type TerminationReason,
  type EventHeader,
  type ExpiresDecision,
} from './subscription.js';
export { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from './limits.js';
