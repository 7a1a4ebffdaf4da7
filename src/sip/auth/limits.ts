/** Limits of the Digest authentication layer, each with the reason for its value. */

/**
 * Longest WWW-Authenticate / Proxy-Authenticate value we parse, in characters. Real challenges
 * are 150–400 characters; a long domain list stays under 1 KiB. Longer input is refused before
 * it is scanned.
 */
export const MAX_CHALLENGE_LENGTH = 4096;

/** Most auth-params in one challenge. RFC 7616 defines ten; the rest are extensions we ignore. */
export const MAX_AUTH_PARAMS = 32;

/**
 * Times one request may be re-sent because the peer said stale=true (RFC 7616 §3.3). One is the
 * normal case (our nonce expired between two sends); a second covers a nonce that expired while
 * the first retry was in flight. More means the peer never accepts its own nonces.
 */
export const MAX_STALE_RETRIES = 2;

/**
 * Nonces whose nonce-count a DigestClient remembers (RFC 7616 §3.4: nc counts the requests sent
 * with one nonce). Oldest are forgotten first; a forgotten nonce that comes back restarts at 1,
 * which a server that still knows it treats as a replay and answers with a fresh challenge.
 */
export const MAX_TRACKED_NONCES = 64;
