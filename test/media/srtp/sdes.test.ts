import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SrtpContext, acceptSdesAnswer, answerSdes, formatCrypto, offerSdes, parseCrypto } from '../../../src/media/srtp/index.js';

const KEY30 = Buffer.from(Array.from({ length: 30 }, (_, i) => i + 1));
const B64 = KEY30.toString('base64');
/** A deterministic "random" source so answers are byte-exact. */
const fixedRandom = (size: number): Buffer => Buffer.alloc(size, 0xa5);

describe('RFC 4568 §4, §6.1 a=crypto parsing', () => {
  it('parses tag, suite, inline key||salt, lifetime, MKI and session params', () => {
    const r = parseCrypto(`1 AES_CM_128_HMAC_SHA1_80 inline:${B64}|2^20|1:4 KDR=0 WSH=128`);
    assert.ok(r.ok);
    assert.equal(r.crypto.tag, 1);
    assert.equal(r.crypto.suite, 'AES_CM_128_HMAC_SHA1_80');
    assert.deepEqual(r.crypto.keys, [{ keySalt: KEY30, lifetime: 2 ** 20, mki: { value: 1, length: 4 } }]);
    assert.deepEqual(r.crypto.sessionParams, ['KDR=0', 'WSH=128']);
  });

  it('formats back to the same text (parse → format round trip)', () => {
    for (const text of [`1 AES_CM_128_HMAC_SHA1_80 inline:${B64}`, `7 AES_CM_128_HMAC_SHA1_32 inline:${B64}|2^31|3:2 KDR=0`, `2 AES_CM_128_HMAC_SHA1_80 inline:${B64};inline:${B64}|2^31|2:4`]) {
      const r = parseCrypto(text);
      assert.ok(r.ok, text);
      assert.equal(formatCrypto(r.crypto), text);
    }
  });

  const malformed: [string, string][] = [
    ['empty', ''],
    ['tag of 10 digits', `1234567890 AES_CM_128_HMAC_SHA1_80 inline:${B64}`],
    ['tag not a number', `x AES_CM_128_HMAC_SHA1_80 inline:${B64}`],
    ['no key params', '1 AES_CM_128_HMAC_SHA1_80'],
    ['key method other than inline', `1 AES_CM_128_HMAC_SHA1_80 uri:${B64}`],
    ['key not base64', '1 AES_CM_128_HMAC_SHA1_80 inline:***'],
    ['garbage after the key', `1 AES_CM_128_HMAC_SHA1_80 inline:${B64}|what`],
    ['MKI length 0', `1 AES_CM_128_HMAC_SHA1_80 inline:${B64}|1:0`],
    ['lifetime after MKI', `1 AES_CM_128_HMAC_SHA1_80 inline:${B64}|1:4|2^20`],
    ['over the length limit', `1 AES_CM_128_HMAC_SHA1_80 inline:${B64} ${'X'.repeat(2000)}`],
  ];
  for (const [what, text] of malformed) {
    it(`rejects ${what} with a reason`, () => {
      const r = parseCrypto(text);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.reason.length > 0);
    });
  }
});

describe('RFC 4568 §5.1.2 SDES answer', () => {
  it('picks the first supported line, echoes its tag and suite, and sends a fresh key of our own', () => {
    const a = answerSdes([`1 F8_128_HMAC_SHA1_80 inline:${B64}`, `2 AES_CM_128_HMAC_SHA1_32 inline:${B64}`, `3 AES_CM_128_HMAC_SHA1_80 inline:${B64}`], fixedRandom);
    assert.ok(a.ok);
    assert.equal(a.tag, 2);
    assert.equal(a.suite, 'AES_CM_128_HMAC_SHA1_32');
    assert.deepEqual(a.remote.masterKey, KEY30.subarray(0, 16));
    assert.deepEqual(a.remote.masterSalt, KEY30.subarray(16));
    assert.deepEqual(a.local.masterKey, Buffer.alloc(16, 0xa5));
    assert.equal(a.attribute, `2 AES_CM_128_HMAC_SHA1_32 inline:${Buffer.alloc(30, 0xa5).toString('base64')}`);
    assert.deepEqual(a.rejected.map((r) => r.reason), ['unsupported-suite']);
  });

  it('uses crypto.randomBytes by default: two answers get different keys', () => {
    const a = answerSdes([`1 AES_CM_128_HMAC_SHA1_80 inline:${B64}`]);
    const b = answerSdes([`1 AES_CM_128_HMAC_SHA1_80 inline:${B64}`]);
    assert.ok(a.ok && b.ok);
    assert.notDeepEqual(a.local.masterKey, b.local.masterKey);
  });

  const unusable: [string, string, string][] = [
    ['an MKI', `1 AES_CM_128_HMAC_SHA1_80 inline:${B64}|1:4`, 'mki-unsupported'],
    ['two keys', `1 AES_CM_128_HMAC_SHA1_80 inline:${B64}|1:1;inline:${B64}|2:1`, 'multiple-keys'],
    ['a lifetime of 2^10 packets', `1 AES_CM_128_HMAC_SHA1_80 inline:${B64}|2^10`, 'lifetime-too-short'],
    ['a 16-byte key', `1 AES_CM_128_HMAC_SHA1_80 inline:${KEY30.subarray(0, 16).toString('base64')}`, 'bad-key-length'],
    ['UNENCRYPTED_SRTP', `1 AES_CM_128_HMAC_SHA1_80 inline:${B64} UNENCRYPTED_SRTP`, 'unsupported-session-param'],
    ['KDR=24', `1 AES_CM_128_HMAC_SHA1_80 inline:${B64} KDR=24`, 'unsupported-session-param'],
    ['bad syntax', '1 AES_CM_128_HMAC_SHA1_80', 'malformed'],
  ];
  for (const [what, line, reason] of unusable) {
    it(`passes over a line with ${what} (${reason}) and says why`, () => {
      const a = answerSdes([line]);
      assert.equal(a.ok, false);
      assert.deepEqual(a.rejected.map((r) => r.reason), [reason]);
      assert.ok((a.rejected[0]?.detail.length ?? 0) > 0);
    });
  }

  it('accepts a lifetime of 2^31 and KDR=0, and a line after an unusable one', () => {
    const a = answerSdes([`1 AES_CM_128_HMAC_SHA1_80 inline:${B64}|1:4`, `2 AES_CM_128_HMAC_SHA1_80 inline:${B64}|2^31 KDR=0`]);
    assert.ok(a.ok);
    assert.equal(a.tag, 2);
  });

  it('reports no offer at all as not ok', () => {
    const a = answerSdes([]);
    assert.ok(!a.ok && /no a=crypto/.test(a.reason));
  });
});

describe('RFC 4568 §5.1.1, §5.1.3 SDES offer and reading the answer', () => {
  it('offers one line per supported suite, and a full offer → answer → accept gives keys that interoperate', () => {
    const offer = offerSdes();
    assert.equal(offer.attributes.length, 2);
    assert.match(offer.attributes[0] ?? '', /^1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}$/);
    const answer = answerSdes(offer.attributes);
    assert.ok(answer.ok);
    const accepted = acceptSdesAnswer(offer, [answer.attribute]);
    assert.ok(accepted.ok);
    // The offerer's outbound key is the answerer's inbound key, and the other way round.
    const offererTx = new SrtpContext({ suite: accepted.suite, ...accepted.local });
    const answererRx = new SrtpContext({ suite: answer.suite, ...answer.remote });
    const packet = Buffer.from('80000001000000a000000001deadbeef', 'hex');
    assert.deepEqual(answererRx.unprotectRtp(offererTx.protectRtp(packet)), packet);
    const answererTx = new SrtpContext({ suite: answer.suite, ...answer.local });
    const offererRx = new SrtpContext({ suite: accepted.suite, ...accepted.remote });
    assert.deepEqual(offererRx.unprotectRtp(answererTx.protectRtp(packet)), packet);
  });

  it('refuses an answer whose tag or suite was not offered, or with two lines', () => {
    const offer = offerSdes(['AES_CM_128_HMAC_SHA1_80']);
    assert.equal(acceptSdesAnswer(offer, [`9 AES_CM_128_HMAC_SHA1_80 inline:${B64}`]).ok, false);
    assert.equal(acceptSdesAnswer(offer, [`1 AES_CM_128_HMAC_SHA1_32 inline:${B64}`]).ok, false);
    assert.equal(acceptSdesAnswer(offer, [`1 AES_CM_128_HMAC_SHA1_80 inline:${B64}`, `1 AES_CM_128_HMAC_SHA1_80 inline:${B64}`]).ok, false);
    assert.equal(acceptSdesAnswer(offer, [`1 AES_CM_128_HMAC_SHA1_80 inline:${B64}`]).ok, true);
  });
});
