/**
 * Digest challenges: one WWW-Authenticate (RFC 3261 §20.44) or Proxy-Authenticate (§20.27) value.
 *
 *   challenge     = ("Digest" LWS digest-cln *(COMMA digest-cln)) / other-challenge
 *   digest-cln    = realm / domain / nonce / opaque / stale / algorithm / qop-options / auth-param
 *   realm, nonce, opaque = quoted-string        stale = "true" / "false"
 *   domain        = LDQUOT URI *( 1*SP URI ) RDQUOT
 *   algorithm     = "MD5" / "MD5-sess" / token  (RFC 8760 adds SHA-256, SHA-512-256 and -sess)
 *   qop-options   = LDQUOT qop-value *("," qop-value) RDQUOT
 *
 * SIP carries one challenge per header line; a response may carry several lines, from several
 * realms (§22.3: each proxy that challenges adds its own) and, within one realm, one per algorithm
 * in the server's order of preference (RFC 8760 §2.3).
 */
import {
  DEFAULT_ALGORITHM_PREFERENCE,
  digestAlgorithmFromToken,
  isAlgorithmAvailable,
  type DigestAlgorithm,
} from './algorithm.js';
import { parseAuthParams } from './authParams.js';
import { DigestError } from './errors.js';

export type DigestQop = 'auth' | 'auth-int';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | null;
  /** RFC 7616 §3.3: true only when the peer says our nonce expired but the password was right. */
  stale: boolean;
  /** The algorithm, or null when the peer named one we do not know (see algorithmName). */
  algorithm: DigestAlgorithm | null;
  /** The algorithm as received; "MD5" when absent (RFC 7616 §3.3: "If not present, MD5"). */
  algorithmName: string;
  /**
   * The qop values we recognise, in the peer's order. null when the challenge has no qop
   * (RFC 2069 compatibility, still common in SIP); [] when it offers only values we do not know.
   */
  qop: DigestQop[] | null;
  /** The domain URIs (the protection space), in order; [] when absent. */
  domain: string[];
}

const DIGEST_SCHEME = /^[ \t]*digest(?=[ \t]|$)/i;

/**
 * Parses one challenge value. Returns null when its scheme is not Digest (e.g. Bearer, RFC 8898),
 * and throws DigestError SIP_AUTH_BAD_CHALLENGE when a Digest challenge is malformed or lacks
 * realm or nonce. Unknown parameters are ignored.
 */
export function parseDigestChallenge(value: string): DigestChallenge | null {
  if (!DIGEST_SCHEME.test(value)) {
    if (!/^[ \t]*[A-Za-z0-9\-.!%*_+`'~]+(?:[ \t]|$)/.test(value)) {
      throw new DigestError('SIP_AUTH_BAD_CHALLENGE', `Challenge "${value}" does not start with an auth-scheme`);
    }
    return null;
  }
  const { params } = parseAuthParams(value);
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined) throw new DigestError('SIP_AUTH_BAD_CHALLENGE', `Digest challenge without realm: "${value}"`);
  if (nonce === undefined) throw new DigestError('SIP_AUTH_BAD_CHALLENGE', `Digest challenge without nonce: "${value}"`);

  const algorithmName = params.get('algorithm') ?? 'MD5';
  const qopParam = params.get('qop');
  const domainParam = params.get('domain');
  return {
    realm,
    nonce,
    opaque: params.get('opaque') ?? null,
    stale: params.get('stale')?.toLowerCase() === 'true',
    algorithm: digestAlgorithmFromToken(algorithmName),
    algorithmName,
    qop: qopParam === undefined ? null : parseQopOptions(qopParam),
    domain: domainParam === undefined ? [] : domainParam.split(/[ \t]+/).filter((u) => u !== ''),
  };
}

/** qop-options: a comma-separated list inside the quotes; unknown values are dropped. */
function parseQopOptions(value: string): DigestQop[] {
  const out: DigestQop[] = [];
  for (const raw of value.split(',')) {
    const qop = raw.trim().toLowerCase();
    if ((qop === 'auth' || qop === 'auth-int') && !out.includes(qop)) out.push(qop);
  }
  return out;
}

/** Whether we can answer the challenge: known, available algorithm and a qop we implement. */
export function isAnswerable(challenge: DigestChallenge): boolean {
  if (challenge.algorithm === null || !isAlgorithmAvailable(challenge.algorithm)) return false;
  return challenge.qop === null || challenge.qop.length > 0;
}

export interface SelectOptions {
  /**
   * How to choose among several answerable challenges of one realm: a list of algorithms, most
   * preferred first (default DEFAULT_ALGORITHM_PREFERENCE), or 'server-order' to take the topmost
   * one, as RFC 8760 §2.4 says a UAC does absent local policy.
   */
  preference?: readonly DigestAlgorithm[] | 'server-order';
}

/**
 * From the values of every WWW-Authenticate (or every Proxy-Authenticate) line of a response,
 * top first, picks one challenge per realm, in order of each realm's first appearance.
 *
 * Non-Digest and unanswerable challenges are skipped, and so are malformed ones as long as another
 * line can be answered; when none can and one was malformed, its SIP_AUTH_BAD_CHALLENGE is thrown.
 */
export function selectDigestChallenges(values: readonly string[], options: SelectOptions = {}): DigestChallenge[] {
  const preference = options.preference ?? DEFAULT_ALGORITHM_PREFERENCE;
  const rank = (c: DigestChallenge): number => {
    if (preference === 'server-order') return 0;
    const i = preference.indexOf(c.algorithm!);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };

  const byRealm = new Map<string, DigestChallenge>();
  let firstError: DigestError | undefined;
  for (const value of values) {
    let challenge: DigestChallenge | null;
    try {
      challenge = parseDigestChallenge(value);
    } catch (err) {
      if (!(err instanceof DigestError)) throw err;
      firstError ??= err;
      continue;
    }
    if (challenge === null || !isAnswerable(challenge) || rank(challenge) === Number.POSITIVE_INFINITY) continue;
    const current = byRealm.get(challenge.realm);
    // Strictly better only: among equals the topmost line wins (RFC 8760 §2.4).
    if (current === undefined || rank(challenge) < rank(current)) byRealm.set(challenge.realm, challenge);
  }
  if (byRealm.size === 0 && firstError !== undefined) throw firstError;
  return [...byRealm.values()];
}
