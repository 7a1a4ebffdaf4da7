/**
 * SDP offer/answer for OpenUM's audio calls (RFC 3264 over RFC 8866 SDP): pure functions from
 * session descriptions to answers and negotiated media. The only import path into src/sdp/.
 */
export { answerOffer, negotiateAnswer } from './answer.js';
export { decodeInlineKey } from './crypto.js';
export { SDP_ERROR_CODES, SDP_REJECT_CODES, SdpError, type SdpErrorCode, type SdpRejectCode } from './errors.js';
export * as sdpLimits from './limits.js';
export { acceptAnswer, createOffer } from './offer.js';
export { parseSdp } from './parse.js';
export { negotiateReoffer } from './reoffer.js';
export {
  SRTP_SUITES,
  type AcceptResult,
  type AnswerResult,
  type ConnectionData,
  type CryptoAttribute,
  type Direction,
  type LocalCrypto,
  type LocalMediaOptions,
  type MediaSection,
  type NegotiatedMedia,
  type NegotiatedSrtp,
  type ReofferResult,
  type RtpMap,
  type SdpRejection,
  type SdpWarnCode,
  type SessionDescription,
  type SrtpPolicy,
  type SrtpSuite,
} from './types.js';
