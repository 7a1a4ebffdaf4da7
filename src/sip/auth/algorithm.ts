/**
 * Digest algorithms (RFC 7616 §3.2, registered for SIP by RFC 8760 §2.2) and their hashes.
 * "-sess" variants hash the nonce and cnonce into HA1 (RFC 7616 §3.4.2).
 */
import { createHash, getHashes } from 'node:crypto';
import { DigestError } from './errors.js';

export const DIGEST_ALGORITHMS = [
  'MD5',
  'MD5-sess',
  'SHA-256',
  'SHA-256-sess',
  'SHA-512-256',
  'SHA-512-256-sess',
] as const;

export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

const nodeHash = {
  'MD5': 'md5',
  'MD5-sess': 'md5',
  'SHA-256': 'sha256',
  'SHA-256-sess': 'sha256',
  'SHA-512-256': 'sha512-256',
  'SHA-512-256-sess': 'sha512-256',
} as const satisfies Record<DigestAlgorithm, string>;

/**
 * Our preference when a peer offers several algorithms for one realm, strongest first
 * (RFC 8760 §2.4 lets local policy override the peer's order). Plain before "-sess": same
 * strength, and fewer servers implement the session variants.
 */
export const DEFAULT_ALGORITHM_PREFERENCE: readonly DigestAlgorithm[] = [
  'SHA-512-256',
  'SHA-512-256-sess',
  'SHA-256',
  'SHA-256-sess',
  'MD5',
  'MD5-sess',
];

const byLower = new Map<string, DigestAlgorithm>(DIGEST_ALGORITHMS.map((a) => [a.toLowerCase(), a]));

/** The algorithm an `algorithm=` token names (compared case-insensitively), or null if unknown. */
export function digestAlgorithmFromToken(token: string): DigestAlgorithm | null {
  return byLower.get(token.toLowerCase()) ?? null;
}

export function isSessionAlgorithm(algorithm: DigestAlgorithm): boolean {
  return algorithm.endsWith('-sess');
}

let available: Set<string> | undefined;

/** Whether this Node build's node:crypto provides the algorithm's hash (SHA-512/256 may be absent). */
export function isAlgorithmAvailable(algorithm: DigestAlgorithm): boolean {
  available ??= new Set(getHashes().map((h) => h.toLowerCase()));
  return available.has(nodeHash[algorithm]);
}

/** H(data) of RFC 7616 §3.4.1: the hash as lower-case hex. Strings are hashed as UTF-8. */
export function digestHash(algorithm: DigestAlgorithm, data: string | Uint8Array): string {
  if (!isAlgorithmAvailable(algorithm)) {
    throw new DigestError(
      'SIP_AUTH_UNSUPPORTED_ALGORITHM',
      `Digest algorithm ${algorithm} needs the ${nodeHash[algorithm]} hash, which node:crypto lacks here`,
    );
  }
  return createHash(nodeHash[algorithm]).update(data).digest('hex');
}
