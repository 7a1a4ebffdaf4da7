/** SRTP and SRTCP (RFC 3711) with SDES keying (RFC 4568). The folder's only import path. */
export { SRTP_ERROR_CODES, SrtpError, type SrtpErrorCode } from './errors.js';
export { SrtpContext, type SrtpContextOptions, type SrtpStats } from './srtpContext.js';
export { SRTP_SUITES, SUPPORTED_SUITES, isSupportedSuite, type SrtpSuite, type SrtpSuiteName } from './suites.js';
export { deriveSessionKeys, KDF_LABEL, type SessionKeys } from './kdf.js';
export { AesCm } from './aesCm.js';
export { ReplayWindow, type ReplayVerdict } from './replayWindow.js';
export { estimateIndex, rocOf } from './roc.js';
export { parseCrypto, formatCrypto, type SdesCrypto, type SdesKeyParam, type SdesParseResult } from './sdes.js';
export {
  answerSdes,
  offerSdes,
  acceptSdesAnswer,
  generateMasterKey,
  type MasterKey,
  type SdesAnswer,
  type SdesOffer,
  type SdesAcceptResult,
  type SdesRejected,
  type SdesRejectReason,
} from './sdesNegotiate.js';
export * from './limits.js';
