/** Errors of SIP Digest authentication (RFC 3261 §22, RFC 7616, RFC 8760). */
import { OpenUmError } from '../../util/errors.js';

/** Every code a DigestError can carry (listed in docs/errors.md). */
export const DIGEST_ERROR_CODES = [
  /** A WWW-Authenticate / Proxy-Authenticate value that does not follow RFC 3261 §25.1. */
  'SIP_AUTH_BAD_CHALLENGE',
  /** The challenge names an algorithm we do not implement (or node:crypto lacks its hash). */
  'SIP_AUTH_UNSUPPORTED_ALGORITHM',
  /** The challenge offers qop values, none of which is "auth" or "auth-int". */
  'SIP_AUTH_UNSUPPORTED_QOP',
  /** A caller passed values that cannot go on the wire (line breaks, missing cnonce, bad nc). */
  'SIP_AUTH_BAD_INPUT',
  /** A 401/407 carried no Digest challenge we can answer. */
  'SIP_AUTH_NO_CHALLENGE',
  /** No username/password is configured for any realm the peer challenged. */
  'SIP_AUTH_NO_CREDENTIALS',
  /** The peer challenged again with the nonce our credentials were computed with. */
  'SIP_AUTH_NONCE_LOOP',
  /** The peer challenged again without stale=true: the username or password is wrong. */
  'SIP_AUTH_REJECTED',
  /** The peer answered stale=true more often than MAX_STALE_RETRIES for one request. */
  'SIP_AUTH_STALE_LOOP',
] as const;

export type DigestErrorCode = (typeof DIGEST_ERROR_CODES)[number];

export class DigestError extends OpenUmError {
  override readonly name = 'DigestError';
  declare readonly code: DigestErrorCode;

  constructor(code: DigestErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
