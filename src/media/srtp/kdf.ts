/**
 * SRTP key derivation (RFC 3711 §4.3). Session keys come from the master key and salt through the
 * AES-CM pseudo-random function (§4.3.3):
 *
 *     r      = index DIV key_derivation_rate    (kdr = 0 here, the SDES default: r = 0)
 *     key_id = <label> || r                     (8 + 48 bits)
 *     x      = key_id XOR master_salt           (right-aligned: label lands on salt byte 7)
 *     PRF_n(k_master, x) = first n bits of AES-CM(k_master, IV = x * 2^16)
 *
 * Labels (§4.3.1, §4.3.2): 0x00 SRTP encryption, 0x01 SRTP authentication, 0x02 SRTP salt,
 * 0x03 SRTCP encryption, 0x04 SRTCP authentication, 0x05 SRTCP salt.
 */
import { AesCm } from './aesCm.js';

export const KDF_LABEL = {
  srtpEncryption: 0x00,
  srtpAuthentication: 0x01,
  srtpSalt: 0x02,
  srtcpEncryption: 0x03,
  srtcpAuthentication: 0x04,
  srtcpSalt: 0x05,
} as const;

export type KdfLabel = (typeof KDF_LABEL)[keyof typeof KDF_LABEL];

/** The three keys of one direction of SRTP or of SRTCP. */
export interface SessionKeys {
  /** k_e: 16 bytes. */
  encryptionKey: Buffer;
  /** k_a: 20 bytes. */
  authenticationKey: Buffer;
  /** k_s: 14 bytes. */
  salt: Buffer;
}

/** Where the label byte sits in the 14-byte salt: key_id is 7 bytes, right-aligned. */
const LABEL_OFFSET = 7;

/** PRF_n(k_master, x) for one label with kdr = 0 (§4.3.1, §4.3.3). */
export function deriveKey(prf: AesCm, masterSalt: Buffer, label: KdfLabel, length: number): Buffer {
  const iv = Buffer.alloc(16);
  masterSalt.copy(iv, 0, 0, 14);
  iv[LABEL_OFFSET] = (iv[LABEL_OFFSET] as number) ^ label;
  return Buffer.from(prf.keystream(iv, length).subarray(0, length));
}

/** The SRTP (labels 0-2) and SRTCP (labels 3-5) session keys for a master key and salt. */
export function deriveSessionKeys(masterKey: Buffer, masterSalt: Buffer): { rtp: SessionKeys; rtcp: SessionKeys } {
  const prf = new AesCm(masterKey);
  return {
    rtp: {
      encryptionKey: deriveKey(prf, masterSalt, KDF_LABEL.srtpEncryption, 16),
      authenticationKey: deriveKey(prf, masterSalt, KDF_LABEL.srtpAuthentication, 20),
      salt: deriveKey(prf, masterSalt, KDF_LABEL.srtpSalt, 14),
    },
    rtcp: {
      encryptionKey: deriveKey(prf, masterSalt, KDF_LABEL.srtcpEncryption, 16),
      authenticationKey: deriveKey(prf, masterSalt, KDF_LABEL.srtcpAuthentication, 20),
      salt: deriveKey(prf, masterSalt, KDF_LABEL.srtcpSalt, 14),
    },
  };
}
