/**
 * RFC 3264 §6.1 directions and §8.4 hold in answers: the answer to sendonly is recvonly, to
 * inactive inactive, to recvonly sendonly; c=0.0.0.0 (RFC 2543 hold) means "send nothing to me".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { negotiateAnswer, parseSdp } from '../../src/sdp/index.js';
import { accepted, firstMedia, localOptions, vector, vectorText } from './helpers.js';

describe('RFC 3264 §6.1 answer directions', () => {
  const table: [offered: string, answered: string, onHold: boolean][] = [
    ['sendrecv', 'sendrecv', false],
    ['sendonly', 'recvonly', true],
    ['recvonly', 'sendonly', false],
    ['inactive', 'inactive', true],
  ];
  for (const [offered, answered, onHold] of table) {
    it(`answers a=${offered} with a=${answered}`, () => {
      const offer = parseSdp(vectorText('baresip-offer.sdp').replace('a=sendrecv', `a=${offered}`));
      const { media, answer } = accepted(negotiateAnswer(offer, localOptions()));
      assert.equal(media.direction, answered);
      assert.equal(firstMedia(answer).direction, answered);
      assert.equal(media.onHold, onHold);
    });
  }

  it('applies a session-level direction when the m= line has none (RFC 8866 §6.7)', () => {
    const offer = parseSdp(vectorText('sipp-offer.sdp').replace('t=0 0\r\n', 't=0 0\r\na=sendonly\r\n'));
    assert.equal(accepted(negotiateAnswer(offer, localOptions())).media.direction, 'recvonly');
  });

  it('narrows the answer by our own direction: we ask recvonly, a sendrecv offer gets recvonly', () => {
    const { media } = accepted(negotiateAnswer(vector('baresip-offer.sdp'), localOptions({ direction: 'recvonly' })));
    assert.equal(media.direction, 'recvonly');
  });

  it('answers the Asterisk hold re-INVITE body (a=sendonly) with recvonly and reports the hold', () => {
    const { media } = accepted(negotiateAnswer(vector('hold-sendonly-offer.sdp'), localOptions()));
    assert.deepEqual([media.direction, media.onHold], ['recvonly', true]);
  });
});

describe('RFC 3264 §8.4 legacy hold: c=IN IP4 0.0.0.0', () => {
  it('is not an error: we receive only, send nothing, and report the hold', () => {
    const { media, answer } = accepted(negotiateAnswer(vector('hold-c0-offer.sdp'), localOptions()));
    assert.equal(media.direction, 'recvonly');
    assert.equal(media.onHold, true);
    assert.equal(media.remote.address, '0.0.0.0');
    assert.equal(firstMedia(answer).direction, 'recvonly');
    assert.equal(answer.connection?.address, '192.0.2.10', 'our answer carries our real address');
  });

  it('with a=inactive as well, answers inactive', () => {
    const offer = parseSdp(vectorText('hold-c0-offer.sdp') + 'a=inactive\r\n');
    assert.equal(accepted(negotiateAnswer(offer, localOptions())).media.direction, 'inactive');
  });

  it('treats c=IN IP6 :: the same way', () => {
    const offer = parseSdp(vectorText('ipv6-offer.sdp').replace('c=IN IP6 2001:db8::10', 'c=IN IP6 ::'));
    const { media } = accepted(negotiateAnswer(offer, localOptions()));
    assert.deepEqual([media.direction, media.onHold], ['recvonly', true]);
  });
});
