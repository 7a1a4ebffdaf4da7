/** The SIP user agent core: the only import path from outside sip/ua. */
export { UserAgent, type UserAgentOptions, type IncomingCallContext, type UaLogger } from './userAgent.js';
export { TrustedPeers, type TrustedPeer } from './trust.js';
export { GatewayMonitor, type GatewayStatus, type GatewayState } from './gatewayMonitor.js';
export { UacCore, UacError, newVia, type UacRequestOptions, type UacErrorCode } from './uac.js';
export type { OutgoingCallOptions } from './outgoingCall.js';
export { ClientInviteSession, type ClientEndReason, type ClientSessionHandlers } from '../dialog/index.js';
export type { SubscribeHandler, SubscribeRequest, SubscribeDecision } from './subscriptions.js';
export type { UnsolicitedNotifyOptions } from './unsolicitedNotify.js';
export { resolveUri, TargetError, isGroupAddress } from './targets.js';
export { ALLOWED_METHODS, SUPPORTED_EXTENSIONS, EVENT_PACKAGES, capabilityHeaders } from './capabilities.js';
export { contactFor } from './dialogHost.js';
