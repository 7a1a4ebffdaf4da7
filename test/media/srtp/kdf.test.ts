import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AesCm, deriveSessionKeys } from '../../../src/media/srtp/index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('RFC 3711 Appendix B.2 AES-CM test vectors', () => {
  // Session key, salt (already shifted: IV = salt * 2^16) and keystream blocks typed from B.2.
  const cm = new AesCm(hex('2B7E151628AED2A6ABF7158809CF4F3C'));
  const iv = hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000');

  it('produces the keystream of counters F0F1...0000, 0001, 0002', () => {
    const ks = cm.keystream(iv, 48);
    assert.equal(ks.subarray(0, 16).toString('hex').toUpperCase(), 'E03EAD0935C95E80E166B16DD92B4EB4');
    assert.equal(ks.subarray(16, 32).toString('hex').toUpperCase(), 'D23513162B02D0F72A43A2FE4A5F97AB');
    assert.equal(ks.subarray(32, 48).toString('hex').toUpperCase(), '41E95B3BB0A2E8DD477901E4FCA894C0');
  });

  it('produces the keystream of counters ...FEFF, FF00, FF01 (block counter past 8 bits)', () => {
    const ks = cm.keystream(iv, 0xff02 * 16);
    const block = (n: number): string => ks.subarray(n * 16, n * 16 + 16).toString('hex').toUpperCase();
    assert.equal(block(0xfeff), 'EC8CDF7398607CB0F2D21675EA9EA1E4');
    assert.equal(block(0xff00), '362B7C3C6773516318A077D7FC5073AE');
    assert.equal(block(0xff01), '6A2CC3787889374FBEB4C81B17BA6C44');
  });

  it('XORs the keystream over data and back (encryption is its own inverse)', () => {
    const plain = Buffer.from('twenty milliseconds of audio, or so');
    const enc = Buffer.alloc(plain.length);
    cm.xor(iv, plain, enc, 0);
    assert.notDeepEqual(enc, plain);
    const dec = Buffer.alloc(plain.length);
    cm.xor(iv, enc, dec, 0);
    assert.deepEqual(dec, plain);
  });
});

describe('RFC 3711 Appendix B.3 key derivation test vectors (§4.3, kdr = 0)', () => {
  const keys = deriveSessionKeys(hex('E1F97A0D3E018BE0D64FA32C06DE4139'), hex('0EC675AD498AFEEBB6960B3AABE6'));

  it('derives the cipher key with label 0x00', () => {
    assert.equal(keys.rtp.encryptionKey.toString('hex').toUpperCase(), 'C61E7A93744F39EE10734AFE3FF7A087');
  });

  it('derives the cipher salt with label 0x02', () => {
    assert.equal(keys.rtp.salt.toString('hex').toUpperCase(), '30CBBC08863D8C85D49DB34A9AE1');
  });

  it('derives the 160-bit auth key with label 0x01', () => {
    assert.equal(keys.rtp.authenticationKey.toString('hex').toUpperCase(), 'CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4');
  });

  it('derives SRTCP keys (labels 0x03-0x05) of the right sizes, distinct from the SRTP ones', () => {
    assert.equal(keys.rtcp.encryptionKey.length, 16);
    assert.equal(keys.rtcp.authenticationKey.length, 20);
    assert.equal(keys.rtcp.salt.length, 14);
    assert.notDeepEqual(keys.rtcp.encryptionKey, keys.rtp.encryptionKey);
    assert.notDeepEqual(keys.rtcp.salt, keys.rtp.salt);
  });
});
