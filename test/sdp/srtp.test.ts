/**
 * RFC 4568 SDES on RTP/SAVP (and best-effort on RTP/AVP), with the dial plan's secured-media policy;
 * RFC 5763 DTLS-SRTP is refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeInlineKey, negotiateAnswer, parseSdp } from '../../src/sdp/index.js';
import { accepted, firstMedia, inlineKey, localOptions, refused, vector, vectorText } from './helpers.js';

const K80 = '2IW6RFytZ4QihiAMENkt+At9BZXpLpogglilTo6H';
const K32 = 'StcJCtGd7I7vITNmJ2H/7wGfYvg5y9H93rq56G+5';
const K3 = 'GTRR2vl67rLHyyPOG4ajQbkyo3lh/TJ3dNYFkGMw';

describe('RFC 4568 §7.1.2 answering SDES offers', () => {
  it('answers an AES_CM_128_HMAC_SHA1_80 offer on RTP/SAVP with the same tag and suite and our key', () => {
    const local = localOptions();
    const { media, answer } = accepted(negotiateAnswer(vector('srtp-80-offer.sdp'), local));
    const m = firstMedia(answer);
    assert.equal(m.protocol, 'RTP/SAVP');
    assert.deepEqual(local.cryptoCalls, ['AES_CM_128_HMAC_SHA1_80']);
    assert.deepEqual(m.crypto, [{ tag: 1, suite: 'AES_CM_128_HMAC_SHA1_80', keyParams: inlineKey(0x41), sessionParams: null }]);
    assert.equal(media.srtp?.suite, 'AES_CM_128_HMAC_SHA1_80');
    assert.equal(media.srtp?.tag, 1);
    assert.equal(media.srtp?.localKeyParams, inlineKey(0x41));
    assert.deepEqual(media.srtp?.remoteKey, Buffer.from(K80, 'base64'));
    assert.equal(media.srtp?.remoteKey.length, 30, '16-byte master key || 14-byte salt');
  });

  it('skips a suite we do not support and answers AES_CM_128_HMAC_SHA1_32 on tag 7, lifetime accepted', () => {
    const local = localOptions();
    const { media, answer } = accepted(negotiateAnswer(vector('srtp-32-offer.sdp'), local));
    assert.deepEqual(local.cryptoCalls, ['AES_CM_128_HMAC_SHA1_32']);
    assert.deepEqual(firstMedia(answer).crypto.map((c) => [c.tag, c.suite]), [[7, 'AES_CM_128_HMAC_SHA1_32']]);
    assert.deepEqual(media.srtp?.remoteKey, Buffer.from(K32, 'base64'));
    assert.equal(media.codec, 'PCMA');
  });

  it('skips a Lync crypto line with an MKI (|1:1) and takes the next one, tag 3', () => {
    const { media, answer } = accepted(negotiateAnswer(vector('lync-srtp-offer.sdp'), localOptions()));
    assert.equal(media.srtp?.tag, 3);
    assert.deepEqual(media.srtp?.remoteKey, Buffer.from(K3, 'base64'));
    assert.equal(firstMedia(answer).crypto.length, 1);
  });

  it('refuses RTP/SAVP whose only crypto line is unusable (488 SDP_NO_CRYPTO_SUITE)', () => {
    const unusable = [
      'a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:' + K80,
      'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:' + K80 + '|2^20|1:4',
      'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:' + K80 + ' KDR=1',
      'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:c2hvcnQ=',
      'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:' + K80 + ';inline:' + K32,
    ];
    for (const line of unusable) {
      const offer = parseSdp(vectorText('srtp-80-offer.sdp').replace(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${K80}`, line));
      const r = refused(negotiateAnswer(offer, localOptions()));
      assert.deepEqual([r.status, r.code], [488, 'SDP_NO_CRYPTO_SUITE'], line);
    }
    const none = parseSdp(vectorText('srtp-80-offer.sdp').replace(/a=crypto:.*\r\n/, ''));
    assert.equal(refused(negotiateAnswer(none, localOptions())).code, 'SDP_NO_CRYPTO_SUITE');
  });

  it('with srtp "off", refuses RTP/SAVP (SDP_SRTP_POLICY) and answers best-effort crypto on RTP/AVP without it', () => {
    const r = refused(negotiateAnswer(vector('srtp-80-offer.sdp'), localOptions({ srtp: 'off' })));
    assert.deepEqual([r.status, r.code], [488, 'SDP_SRTP_POLICY']);
    const bestEffort = parseSdp(vectorText('srtp-80-offer.sdp').replace('RTP/SAVP', 'RTP/AVP'));
    const { media, answer } = accepted(negotiateAnswer(bestEffort, localOptions({ srtp: 'off' })));
    assert.equal(media.srtp, null);
    assert.equal(firstMedia(answer).crypto.length, 0);
  });

  it('with srtp "required", refuses plain RTP/AVP (488 SDP_SRTP_POLICY)', () => {
    const r = refused(negotiateAnswer(vector('baresip-offer.sdp'), localOptions({ srtp: 'required' })));
    assert.deepEqual([r.status, r.code, r.warning?.code], [488, 'SDP_SRTP_POLICY', 302]);
  });

  it('accepts best-effort SDES (a=crypto on RTP/AVP) when srtp is optional or required, answering on RTP/AVP', () => {
    const offer = parseSdp(vectorText('srtp-80-offer.sdp').replace('RTP/SAVP', 'RTP/AVP'));
    for (const srtp of ['optional', 'required'] as const) {
      const { media, answer } = accepted(negotiateAnswer(offer, localOptions({ srtp })));
      assert.equal(firstMedia(answer).protocol, 'RTP/AVP');
      assert.equal(media.srtp?.tag, 1, srtp);
    }
  });

  it('makes no key when the offer is refused for another reason', () => {
    const local = localOptions();
    const offer = parseSdp(vectorText('srtp-80-offer.sdp').replace('m=audio 13430 RTP/SAVP 0 8 101', 'm=audio 13430 RTP/SAVP 18'));
    refused(negotiateAnswer(offer, local));
    assert.deepEqual(local.cryptoCalls, []);
  });
});

describe('RFC 5763 DTLS-SRTP is refused', () => {
  it('refuses a WebRTC UDP/TLS/RTP/SAVPF offer with 488 "DTLS-SRTP not supported"', () => {
    const r = refused(negotiateAnswer(vector('dtls-offer.sdp'), localOptions()));
    assert.deepEqual([r.status, r.code], [488, 'SDP_DTLS_UNSUPPORTED']);
    assert.match(r.reason, /DTLS-SRTP not supported/);
  });

  it('refuses UDP/TLS/RTP/SAVP, and RTP/SAVP with a=fingerprint but no a=crypto', () => {
    const tls = parseSdp(vectorText('srtp-80-offer.sdp').replace('RTP/SAVP', 'UDP/TLS/RTP/SAVP'));
    assert.equal(refused(negotiateAnswer(tls, localOptions())).code, 'SDP_DTLS_UNSUPPORTED');
    const fp = parseSdp(vectorText('srtp-80-offer.sdp').replace(/a=crypto:.*\r\n/, 'a=fingerprint:sha-256 AB:CD\r\n'));
    assert.equal(refused(negotiateAnswer(fp, localOptions())).code, 'SDP_DTLS_UNSUPPORTED');
  });
});

describe('decodeInlineKey (RFC 4568 §6.1 key parameters)', () => {
  it('decodes a 30-byte key with or without a lifetime', () => {
    assert.deepEqual(decodeInlineKey(`inline:${K80}`), Buffer.from(K80, 'base64'));
    assert.deepEqual(decodeInlineKey(`inline:${K80}|2^31`), Buffer.from(K80, 'base64'));
    assert.deepEqual(decodeInlineKey(`inline:${K80}|1048576`), Buffer.from(K80, 'base64'));
  });

  it('returns null for an MKI, a wrong length, bad base64 or a missing "inline:"', () => {
    for (const bad of [`inline:${K80}|2^31|1:1`, 'inline:c2hvcnQ=', `inline:${K80.slice(0, 39)}!`, K80, `inline:${K80}|x`]) {
      assert.equal(decodeInlineKey(bad), null, bad);
    }
  });
});
