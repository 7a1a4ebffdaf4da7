/** SIP Digest authentication (RFC 3261 §22, RFC 7616, RFC 8760): the only import path from outside. */
export {
  DEFAULT_ALGORITHM_PREFERENCE,
  DIGEST_ALGORITHMS,
  digestAlgorithmFromToken,
  isAlgorithmAvailable,
  isSessionAlgorithm,
  type DigestAlgorithm,
} from './algorithm.js';
export {
  isAnswerable,
  parseDigestChallenge,
  selectDigestChallenges,
  type DigestChallenge,
  type DigestQop,
  type SelectOptions,
} from './challenge.js';
export {
  buildAuthorization,
  chooseQop,
  computeDigestResponse,
  formatNonceCount,
  type AuthorizationInput,
  type DigestResponseInput,
} from './credentials.js';
export {
  DigestAttempt,
  DigestClient,
  type AuthOutcome,
  type AuthRequest,
  type ChallengeResponse,
  type CredentialHeader,
  type CredentialHeaderName,
  type CredentialLookup,
  type DigestClientOptions,
  type DigestCredentials,
} from './clientAuth.js';
export { DIGEST_ERROR_CODES, DigestError, type DigestErrorCode } from './errors.js';
export { MAX_AUTH_PARAMS, MAX_CHALLENGE_LENGTH, MAX_STALE_RETRIES, MAX_TRACKED_NONCES } from './limits.js';
