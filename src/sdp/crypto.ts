/**
 * SDES (RFC 4568): reading and choosing a=crypto lines.
 *
 *   a=crypto:<tag> <crypto-suite> inline:<key||salt base64>[|<lifetime>][|<MKI>:<length>] [<session-params>]
 *
 * OpenUM accepts a line when its suite is one of SRTP_SUITES, it carries exactly one inline key of
 * 30 bytes (16-byte AES key || 14-byte salt, RFC 4568 §6.1), no MKI (our SRTP packets carry none)
 * and no session parameters (§6.3: a line with a session parameter the answerer does not support
 * MUST NOT be accepted; we support none of KDR, UNENCRYPTED_SRTP, FEC_ORDER, WSH, …).
 */
import { SRTP_SUITES, type CryptoAttribute, type SrtpSuite } from './types.js';

/** Master key (16) + master salt (14) of the AES_CM_128 suites, RFC 4568 §6.2. */
const KEY_SALT_BYTES = 30;
const INLINE = /^inline:([A-Za-z0-9+/]+={0,2})((?:\|[^|;]*){0,2})$/;
/** Most digits in an a=crypto tag (RFC 4568 §9.1: tag = 1*9DIGIT). */
const MAX_TAG = 999_999_999;

export function isSupportedSuite(suite: string): suite is SrtpSuite {
  return (SRTP_SUITES as readonly string[]).includes(suite);
}

/** The 30 key||salt bytes of "inline:…" key parameters, or null if we cannot use them. */
export function decodeInlineKey(keyParams: string): Buffer | null {
  const m = INLINE.exec(keyParams);
  if (m === null) return null;
  const [, base64 = '', rest = ''] = m;
  for (const field of rest.split('|').slice(1)) {
    // Lifetime is "2^n" or a decimal count; anything with ':' is an MKI, which we do not support.
    if (!/^(?:2\^\d{1,2}|\d{1,20})$/.test(field)) return null;
  }
  const key = Buffer.from(base64, 'base64');
  return key.length === KEY_SALT_BYTES && key.toString('base64').replace(/=+$/, '') === base64.replace(/=+$/, '') ? key : null;
}

export interface ChosenCrypto {
  tag: number;
  suite: SrtpSuite;
  remoteKey: Buffer;
}

/**
 * The first a=crypto line we can use, in the offerer's order (RFC 4568 §7.1.1: the offer lists
 * them by preference and the answerer picks one). `restrictTo` limits the choice to tags and
 * suites we offered (reading an answer, §7.1.3).
 */
export function chooseCrypto(lines: readonly CryptoAttribute[], restrictTo?: readonly CryptoAttribute[]): ChosenCrypto | null {
  for (const line of lines) {
    if (line.tag < 0 || line.tag > MAX_TAG || line.sessionParams !== null) continue;
    if (!isSupportedSuite(line.suite)) continue;
    if (restrictTo !== undefined && !restrictTo.some((o) => o.tag === line.tag && o.suite === line.suite)) continue;
    const remoteKey = decodeInlineKey(line.keyParams);
    if (remoteKey !== null) return { tag: line.tag, suite: line.suite, remoteKey };
  }
  return null;
}
