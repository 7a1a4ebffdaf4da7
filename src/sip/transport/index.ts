/** The SIP transport layer (RFC 3261 §18, RFC 3581, RFC 5626 §3.5.1 keep-alives): its only import path. */
export type { Endpoint, InboundMessage, MessageSender, TransportName } from './types.js';
export { isReliable } from './types.js';
export type { MessageCodec, TransportLogger } from './codec.js';
export { silentLogger } from './codec.js';
export { TransportError, type TransportErrorCode } from './errors.js';
export { defaultTransportLimits, resolveTransportLimits, type TransportLimits } from './limits.js';
export { TransportManager, type ListenConfig, type TransportManagerOptions } from './manager.js';
export { responseTarget } from './responseRouting.js';
export { stampReceivedParams } from './receivedParams.js';
export { StreamFramer, contentLengthOf, type FramerEvent, type StreamFramerLimits } from './streamFramer.js';
export type { TlsFiles } from './tls.js';
