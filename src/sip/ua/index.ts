/** The SIP user agent core: the only import path from outside sip/ua. */
export { UserAgent, type UserAgentOptions, type IncomingCallContext, type UaLogger } from './userAgent.js';
export { TrustedPeers, type TrustedPeer } from './trust.js';
export { GatewayMonitor, type GatewayStatus, type GatewayState } from './gatewayMonitor.js';
export { UacCore, UacError, newVia, type UacRequestOptions } from './uac.js';
export { resolveUri, TargetError, isGroupAddress } from './targets.js';
export { ALLOWED_METHODS, SUPPORTED_EXTENSIONS, capabilityHeaders } from './capabilities.js';
export { contactFor } from './dialogHost.js';
