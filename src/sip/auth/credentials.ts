/**
 * Digest credentials: the request-digest of RFC 2617 §3.2.2 / RFC 7616 §3.4.1 (as RFC 3261 §22.4
 * and RFC 8760 use it) and the Authorization / Proxy-Authorization value that carries it.
 *
 *   HA1 = H(username ":" realm ":" password)                          algorithm X
 *   HA1 = H(H(username ":" realm ":" password) ":" nonce ":" cnonce)  algorithm X-sess
 *   HA2 = H(method ":" digest-uri)                                    qop auth or absent
 *   HA2 = H(method ":" digest-uri ":" H(entity-body))                 qop auth-int
 *   response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)     qop present
 *   response = H(HA1 ":" nonce ":" HA2)                               qop absent (RFC 2069)
 */
import { digestHash, isSessionAlgorithm, type DigestAlgorithm } from './algorithm.js';
import { quoteString } from './authParams.js';
import type { DigestChallenge, DigestQop } from './challenge.js';
import { DigestError } from './errors.js';

export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  username: string;
  realm: string;
  password: string;
  /** The request's method (for ACK and CANCEL, "ACK"/"CANCEL" — RFC 3261 §22.4). */
  method: string;
  /** digest-uri: the Request-URI exactly as it appears in the request line. */
  uri: string;
  nonce: string;
  /** Required with qop and with "-sess" algorithms. */
  cnonce?: string;
  /** Nonce-count, 1 for the first request with this nonce. Required with qop. */
  nc?: number;
  qop?: DigestQop;
  /** The message body, for qop=auth-int (absent = empty body). */
  body?: Uint8Array | string;
}

/** nc-value = 8LHEX (RFC 7616 §3.4). */
export function formatNonceCount(nc: number): string {
  if (!Number.isInteger(nc) || nc < 1 || nc > 0xffffffff) {
    throw new DigestError('SIP_AUTH_BAD_INPUT', `Nonce count ${nc} is not an integer from 1 to ffffffff`);
  }
  return nc.toString(16).padStart(8, '0');
}

/** The request-digest (the `response` parameter) as lower-case hex. */
export function computeDigestResponse(input: DigestResponseInput): string {
  const { algorithm, nonce, qop } = input;
  const H = (data: string | Uint8Array): string => digestHash(algorithm, data);

  let ha1 = H(`${input.username}:${input.realm}:${input.password}`);
  if (isSessionAlgorithm(algorithm)) {
    if (input.cnonce === undefined) {
      throw new DigestError('SIP_AUTH_BAD_INPUT', `Algorithm ${algorithm} needs a cnonce`);
    }
    ha1 = H(`${ha1}:${nonce}:${input.cnonce}`);
  }

  const ha2 = qop === 'auth-int'
    ? H(`${input.method}:${input.uri}:${H(input.body ?? '')}`)
    : H(`${input.method}:${input.uri}`);

  if (qop === undefined) return H(`${ha1}:${nonce}:${ha2}`);
  if (input.cnonce === undefined || input.nc === undefined) {
    throw new DigestError('SIP_AUTH_BAD_INPUT', `qop=${qop} needs a cnonce and a nonce count`);
  }
  return H(`${ha1}:${nonce}:${formatNonceCount(input.nc)}:${input.cnonce}:${qop}:${ha2}`);
}

export interface AuthorizationInput {
  username: string;
  password: string;
  method: string;
  /** The Request-URI of the request being authorized, as written in its request line. */
  uri: string;
  body?: Uint8Array | string;
  /** Nonce-count for this use of the challenge's nonce (1, 2, …). */
  nc: number;
  /** Client nonce; sent when the challenge offers qop or uses a "-sess" algorithm. */
  cnonce: string;
  /** Overrides the qop chosen by chooseQop(). Must be one the challenge offers. */
  qop?: DigestQop;
}

/**
 * The qop we answer with: "auth" when offered (every server implements it), else "auth-int";
 * undefined when the challenge has no qop. Throws SIP_AUTH_UNSUPPORTED_QOP when it offers
 * neither.
 */
export function chooseQop(challenge: DigestChallenge): DigestQop | undefined {
  if (challenge.qop === null) return undefined;
  if (challenge.qop.includes('auth')) return 'auth';
  if (challenge.qop.includes('auth-int')) return 'auth-int';
  throw new DigestError('SIP_AUTH_UNSUPPORTED_QOP', `Realm "${challenge.realm}" offers no qop we implement`);
}

/**
 * The Authorization (answering WWW-Authenticate) or Proxy-Authorization (answering
 * Proxy-Authenticate) header value for a challenge, RFC 3261 §22.4:
 *
 *   Digest username="…", realm="…", nonce="…", uri="…", response="…", algorithm=SHA-256,
 *          cnonce="…", qop=auth, nc=00000001, opaque="…"
 */
export function buildAuthorization(challenge: DigestChallenge, input: AuthorizationInput): string {
  const { algorithm } = challenge;
  if (algorithm === null) {
    throw new DigestError(
      'SIP_AUTH_UNSUPPORTED_ALGORITHM',
      `Realm "${challenge.realm}" asks for Digest algorithm ${challenge.algorithmName}, which we do not implement`,
    );
  }
  let qop = chooseQop(challenge);
  if (input.qop !== undefined) {
    if (challenge.qop === null || !challenge.qop.includes(input.qop)) {
      throw new DigestError('SIP_AUTH_BAD_INPUT', `qop=${input.qop} is not offered by realm "${challenge.realm}"`);
    }
    qop = input.qop;
  }
  const sendCnonce = qop !== undefined || isSessionAlgorithm(algorithm);

  const response = computeDigestResponse({
    algorithm,
    username: input.username,
    realm: challenge.realm,
    password: input.password,
    method: input.method,
    uri: input.uri,
    nonce: challenge.nonce,
    ...(sendCnonce ? { cnonce: input.cnonce } : {}),
    ...(qop !== undefined ? { qop, nc: input.nc } : {}),
    ...(input.body !== undefined ? { body: input.body } : {}),
  });

  const parts = [
    `username=${quoteString(input.username, 'username')}`,
    `realm=${quoteString(challenge.realm, 'realm')}`,
    `nonce=${quoteString(challenge.nonce, 'nonce')}`,
    `uri=${quoteString(input.uri, 'Request-URI')}`,
    `response="${response}"`,
    `algorithm=${algorithm}`,
  ];
  if (sendCnonce) parts.push(`cnonce=${quoteString(input.cnonce, 'cnonce')}`);
  if (qop !== undefined) parts.push(`qop=${qop}`, `nc=${formatNonceCount(input.nc)}`);
  if (challenge.opaque !== null) parts.push(`opaque=${quoteString(challenge.opaque, 'opaque')}`);
  return `Digest ${parts.join(', ')}`;
}
