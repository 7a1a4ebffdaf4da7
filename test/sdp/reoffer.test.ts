/**
 * RFC 3264 §8 negotiateReoffer: offers inside an established session (re-INVITE), with hold and
 * resume, and o= versions that change only when our answer changes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptAnswer, createOffer, negotiateAnswer, negotiateReoffer, parseSdp } from '../../src/sdp/index.js';
import type { NegotiatedMedia, ReofferResult } from '../../src/sdp/index.js';
import { accepted, localOptions, refused, vector, vectorText } from './helpers.js';

function reaccepted(result: ReofferResult): Extract<ReofferResult, { ok: true }> {
  if (!result.ok) assert.fail(`expected an answer, got ${result.code}: ${result.reason}`);
  return result;
}

function established(offerName: string, overrides: Parameters<typeof localOptions>[0] = {}): NegotiatedMedia {
  return accepted(negotiateAnswer(vector(offerName), localOptions({ sessionVersion: 7, ...overrides }))).media;
}

describe('RFC 3264 §8 session version in answers to re-offers', () => {
  it('keeps the o= version and the exact answer when the re-offer changes nothing (a session refresh)', () => {
    const first = established('asterisk-offer.sdp');
    const r = reaccepted(negotiateReoffer(first, vector('asterisk-offer.sdp'), localOptions({ sessionVersion: 99 })));
    assert.equal(r.changed, false);
    assert.equal(r.answerSdp, first.local.sdp);
    assert.equal(r.media.local.sessionVersion, 7, 'our own version, not the one in the options');
    assert.equal(r.holdChange, null);
  });

  it('increments the version by one when the answer changes, keeping the session id', () => {
    const first = established('asterisk-offer.sdp');
    const r = reaccepted(negotiateReoffer(first, vector('hold-sendonly-offer.sdp'), localOptions({ sessionId: '999' })));
    assert.equal(r.changed, true);
    const o = parseSdp(r.answerSdp).origin;
    assert.deepEqual([o.sessionId, o.sessionVersion], ['4000', '8']);
    assert.equal(r.media.local.sessionVersion, 8);
  });

  it('counts from our last SDP: hold (8), resume (9), refresh (still 9)', () => {
    const first = established('asterisk-offer.sdp');
    const held = reaccepted(negotiateReoffer(first, vector('hold-sendonly-offer.sdp'), localOptions()));
    const resumed = reaccepted(negotiateReoffer(held.media, vector('asterisk-offer.sdp'), localOptions()));
    const refreshed = reaccepted(negotiateReoffer(resumed.media, vector('asterisk-offer.sdp'), localOptions()));
    assert.deepEqual([held.media.local.sessionVersion, resumed.media.local.sessionVersion, refreshed.media.local.sessionVersion], [8, 9, 9]);
  });

  it('answers a re-offer after our own offer (offerless INVITE) with version + 1', () => {
    const offer = createOffer(localOptions({ srtp: 'off', sessionVersion: 3 }));
    const result = acceptAnswer(offer, parseSdp(vectorText('sipp-answer.sdp')));
    if (!result.ok) assert.fail(result.reason);
    const r = reaccepted(negotiateReoffer(result.media, vector('sipp-offer.sdp'), localOptions()));
    assert.equal(r.media.local.sessionVersion, 4);
  });
});

describe('RFC 3264 §8.4 hold and resume in re-offers', () => {
  it('reports "held" for a=sendonly and "resumed" for the following sendrecv', () => {
    const first = established('asterisk-offer.sdp');
    const held = reaccepted(negotiateReoffer(first, vector('hold-sendonly-offer.sdp'), localOptions()));
    assert.deepEqual([held.holdChange, held.media.direction, held.media.onHold], ['held', 'recvonly', true]);
    const resumed = reaccepted(negotiateReoffer(held.media, vector('asterisk-offer.sdp'), localOptions()));
    assert.deepEqual([resumed.holdChange, resumed.media.direction, resumed.media.onHold], ['resumed', 'sendrecv', false]);
  });

  it('reports "held" for c=0.0.0.0 (RFC 2543 hold)', () => {
    const first = established('sipp-offer.sdp');
    const r = reaccepted(negotiateReoffer(first, vector('hold-c0-offer.sdp'), localOptions()));
    assert.deepEqual([r.holdChange, r.media.direction], ['held', 'recvonly']);
  });

  it('keeps the codec in use while it is still offered, even if our preference would pick another', () => {
    const first = established('asterisk-offer.sdp', { codecPreference: ['PCMA', 'PCMU'] });
    assert.equal(first.codec, 'PCMA');
    const r = reaccepted(negotiateReoffer(first, vector('baresip-offer.sdp'), localOptions()));
    assert.equal(r.media.codec, 'PCMA');
  });
});

describe('RFC 4568 §7.1.4 SDES in re-offers', () => {
  it('keeps our key when the remote re-offers the same suite and key, and makes a new one when it re-keys', () => {
    const firstLocal = localOptions();
    const first = accepted(negotiateAnswer(vector('srtp-80-offer.sdp'), firstLocal)).media;
    const again = localOptions();
    const same = reaccepted(negotiateReoffer(first, vector('srtp-80-offer.sdp'), again));
    assert.deepEqual(again.cryptoCalls, []);
    assert.equal(same.changed, false);
    assert.equal(same.media.srtp?.localKeyParams, first.srtp?.localKeyParams);

    const rekeyed = parseSdp(vectorText('srtp-80-offer.sdp').replace(/inline:\S+/, `inline:${Buffer.alloc(30, 9).toString('base64')}`));
    const fresh = localOptions({ makeCrypto: (suite) => ({ suite, keyParams: `inline:${Buffer.alloc(30, 0x77).toString('base64')}` }) });
    const r = reaccepted(negotiateReoffer(first, rekeyed, fresh));
    assert.equal(r.changed, true);
    assert.notEqual(r.media.srtp?.localKeyParams, first.srtp?.localKeyParams);
  });
});

describe('RFC 3264 §8 refused re-offers', () => {
  it('refuses a re-offer with fewer m= lines than the session (SDP_MEDIA_REMOVED)', () => {
    const first = established('video-audio-offer.sdp');
    const r = refused(negotiateReoffer(first, vector('asterisk-offer.sdp'), localOptions()));
    assert.deepEqual([r.status, r.code], [488, 'SDP_MEDIA_REMOVED']);
  });

  it('refuses a re-offer with no common codec, leaving the caller to keep the previous session', () => {
    const first = established('asterisk-offer.sdp');
    assert.equal(refused(negotiateReoffer(first, vector('no-common-codec-offer.sdp'), localOptions())).code, 'SDP_NO_COMMON_CODEC');
  });
});
