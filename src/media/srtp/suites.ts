/**
 * The SRTP crypto suites OpenUM offers and accepts over SDES (RFC 4568 §6.2). Both use AES-CM
 * with a 128-bit key and 112-bit salt (RFC 3711 §4.1.1) and HMAC-SHA1 with a 160-bit key (§4.2.1);
 * they differ only in the SRTP tag length. SRTCP always carries an 80-bit tag (RFC 4568 §6.2.2:
 * "the SRTCP authentication tag ... is 80 bits" for AES_CM_128_HMAC_SHA1_32 too).
 */
export type SrtpSuiteName = 'AES_CM_128_HMAC_SHA1_80' | 'AES_CM_128_HMAC_SHA1_32';

export interface SrtpSuite {
  readonly name: SrtpSuiteName;
  /** Master and session encryption key, bytes (n_e = 128 bits). */
  readonly keyLength: 16;
  /** Master and session salt, bytes (n_s = 112 bits). */
  readonly saltLength: 14;
  /** Session authentication key, bytes (n_a = 160 bits). */
  readonly authKeyLength: 20;
  /** SRTP authentication tag, bytes. */
  readonly rtpTagLength: 10 | 4;
  /** SRTCP authentication tag, bytes. */
  readonly rtcpTagLength: 10;
}

export const SRTP_SUITES: Readonly<Record<SrtpSuiteName, SrtpSuite>> = Object.freeze({
  AES_CM_128_HMAC_SHA1_80: { name: 'AES_CM_128_HMAC_SHA1_80', keyLength: 16, saltLength: 14, authKeyLength: 20, rtpTagLength: 10, rtcpTagLength: 10 },
  AES_CM_128_HMAC_SHA1_32: { name: 'AES_CM_128_HMAC_SHA1_32', keyLength: 16, saltLength: 14, authKeyLength: 20, rtpTagLength: 4, rtcpTagLength: 10 },
});

/** Suites in our order of preference (strongest tag first). */
export const SUPPORTED_SUITES: readonly SrtpSuiteName[] = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

export function isSupportedSuite(name: string): name is SrtpSuiteName {
  return Object.hasOwn(SRTP_SUITES, name);
}
