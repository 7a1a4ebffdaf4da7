/** RTP/RTCP port pairs bound from a configured range (RFC 3550 §11). The folder's only import path. */
export { PortPool, type PortPoolOptions, type RtpPortPair } from './portPool.js';
export { PORT_ERROR_CODES, PortError, type PortErrorCode } from './errors.js';
