/**
 * RFC 3264 §5 offers we make (an INVITE without SDP is answered with our offer in the 200) and
 * reading the answer that comes back (in the ACK, or in the 200 to our re-INVITE).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptAnswer, createOffer, parseSdp } from '../../src/sdp/index.js';
import type { AcceptResult, NegotiatedMedia } from '../../src/sdp/index.js';
import { firstMedia, inlineKey, localOptions, refused, vectorText } from './helpers.js';

function media(result: AcceptResult): NegotiatedMedia {
  if (!result.ok) assert.fail(`expected the answer to be accepted, got ${result.code}: ${result.reason}`);
  return result.media;
}

/** An answer to `offer`, written the way a peer would, with the m= line and attributes given. */
function answerTo(offer: string, mLine: string, attributes: string[] = [], connection = 'c=IN IP4 198.51.100.5'): string {
  const o = parseSdp(offer);
  return ['v=0', 'o=peer 77 77 IN IP4 198.51.100.5', 's=-', connection, `t=${o.timing.start} ${o.timing.stop}`, mLine, ...attributes, ''].join('\r\n');
}

describe('RFC 3264 §5 createOffer', () => {
  it('offers every preferred codec with its static PT, telephone-event/8000 on 101 with 0-15, a=ptime:20 and sendrecv', () => {
    const s = parseSdp(createOffer(localOptions({ srtp: 'off' })));
    const m = firstMedia(s);
    assert.equal(m.protocol, 'RTP/AVP');
    assert.deepEqual(m.formats, ['9', '0', '8', '101']);
    assert.deepEqual(m.rtpmaps.map((r) => `${r.payloadType} ${r.encodingName}/${r.clockRate}`), ['9 G722/8000', '0 PCMU/8000', '8 PCMA/8000', '101 telephone-event/8000']);
    assert.deepEqual(m.fmtps, [{ payloadType: 101, params: '0-15' }]);
    assert.deepEqual([m.ptime, m.direction, m.crypto.length, m.port], [20, 'sendrecv', 0, 40000]);
    assert.deepEqual([s.origin.sessionId, s.origin.sessionVersion, s.connection?.address], ['4000', '1', '192.0.2.10']);
  });

  it('follows the configured preference order', () => {
    assert.deepEqual(firstMedia(parseSdp(createOffer(localOptions({ codecPreference: ['PCMA', 'PCMU'] })))).formats.slice(0, 2), ['8', '0']);
  });

  it('with srtp "required" offers RTP/SAVP with one a=crypto per suite: tag 1 _80, tag 2 _32', () => {
    const local = localOptions({ srtp: 'required' });
    const m = firstMedia(parseSdp(createOffer(local)));
    assert.equal(m.protocol, 'RTP/SAVP');
    assert.deepEqual(m.crypto.map((c) => [c.tag, c.suite, c.keyParams]), [
      [1, 'AES_CM_128_HMAC_SHA1_80', inlineKey(0x41)],
      [2, 'AES_CM_128_HMAC_SHA1_32', inlineKey(0x42)],
    ]);
  });

  it('with srtp "optional" offers best-effort SDES: a=crypto on RTP/AVP', () => {
    const m = firstMedia(parseSdp(createOffer(localOptions({ srtp: 'optional' }))));
    assert.deepEqual([m.protocol, m.crypto.length], ['RTP/AVP', 2]);
  });

  it('offers the direction asked for (a re-INVITE putting the caller on hold offers sendonly)', () => {
    assert.equal(firstMedia(parseSdp(createOffer(localOptions({ direction: 'sendonly' })))).direction, 'sendonly');
  });
});

describe('RFC 3264 §6.1 acceptAnswer: the answer to our offer', () => {
  it('accepts sipp’s captured 200 OK answer: PCMU, no telephone-event, media to 127.0.0.1:6000', () => {
    const offer = createOffer(localOptions({ srtp: 'off' }));
    const m = media(acceptAnswer(offer, parseSdp(vectorText('sipp-answer.sdp'))));
    assert.deepEqual([m.codec, m.payloadType, m.receivePayloadType, m.telephoneEvent, m.srtp], ['PCMU', 0, 0, null, null]);
    assert.deepEqual(m.remote, { address: '127.0.0.1', rtpPort: 6000, rtcpPort: 6001, rtcpMux: false });
    assert.equal(m.direction, 'sendrecv');
    assert.deepEqual(m.local, { sdp: offer, sessionId: '4000', sessionVersion: 1, mediaIndex: 0 });
  });

  it('takes the answer’s codec and telephone-event PT for sending and ours for receiving', () => {
    const offer = createOffer(localOptions({ srtp: 'off' }));
    const answer = answerTo(offer, 'm=audio 5000 RTP/AVP 9 96', ['a=rtpmap:9 G722/8000', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-15', 'a=recvonly']);
    const m = media(acceptAnswer(offer, parseSdp(answer)));
    assert.equal(m.codec, 'G722');
    assert.deepEqual(m.telephoneEvent, { payloadType: 96, receivePayloadType: 101, events: '0-15' });
    assert.equal(m.direction, 'sendonly', 'the answerer only receives, so we only send');
  });

  it('accepts an SDES answer repeating our tag 2 (_32) and keeps our key for that tag (RFC 4568 §7.1.3)', () => {
    const offer = createOffer(localOptions({ srtp: 'required' }));
    const peerKey = inlineKey(0x55);
    const answer = answerTo(offer, 'm=audio 5000 RTP/SAVP 0', [`a=crypto:2 AES_CM_128_HMAC_SHA1_32 ${peerKey}`]);
    const m = media(acceptAnswer(offer, parseSdp(answer)));
    assert.deepEqual([m.srtp?.tag, m.srtp?.suite, m.srtp?.localKeyParams], [2, 'AES_CM_128_HMAC_SHA1_32', inlineKey(0x42)]);
    assert.deepEqual(m.srtp?.remoteKey, Buffer.alloc(30, 0x55));
  });

  it('falls back to plain RTP when a best-effort offer is answered without a=crypto', () => {
    const offer = createOffer(localOptions({ srtp: 'optional' }));
    assert.equal(media(acceptAnswer(offer, parseSdp(answerTo(offer, 'm=audio 5000 RTP/AVP 0')))).srtp, null);
  });

  const refusals: [string, (offer: string) => string, string][] = [
    ['a different number of m= lines (RFC 3264 §6)', (o) => answerTo(o, 'm=audio 5000 RTP/AVP 0') + 'm=video 0 RTP/AVP 96\r\n', 'SDP_ANSWER_MISMATCH'],
    ['a different transport', (o) => answerTo(o, 'm=audio 5000 RTP/SAVP 0', [`a=crypto:1 AES_CM_128_HMAC_SHA1_80 ${inlineKey(1)}`]), 'SDP_ANSWER_MISMATCH'],
    ['a codec we did not offer', (o) => answerTo(o, 'm=audio 5000 RTP/AVP 18', ['a=rtpmap:18 G729/8000']), 'SDP_NO_COMMON_CODEC'],
    ['the audio stream rejected with port 0', (o) => answerTo(o, 'm=audio 0 RTP/AVP 0'), 'SDP_NO_AUDIO'],
    ['a multicast address', (o) => answerTo(o, 'm=audio 5000 RTP/AVP 0', [], 'c=IN IP4 224.0.1.1'), 'SDP_MULTICAST'],
    ['a crypto tag we did not offer', (o) => answerTo(o, 'm=audio 5000 RTP/AVP 0', [`a=crypto:9 AES_CM_128_HMAC_SHA1_80 ${inlineKey(1)}`]), 'SDP_NO_CRYPTO_SUITE'],
    ['our tag with another suite', (o) => answerTo(o, 'm=audio 5000 RTP/AVP 0', [`a=crypto:1 AES_CM_128_HMAC_SHA1_32 ${inlineKey(1)}`]), 'SDP_NO_CRYPTO_SUITE'],
  ];
  for (const [name, make, code] of refusals) {
    it(`refuses an answer with ${name} (${code})`, () => {
      const offer = createOffer(localOptions({ srtp: 'optional' }));
      assert.equal(refused(acceptAnswer(offer, parseSdp(make(offer)))).code, code);
    });
  }

  it('refuses an answer without a=crypto to our RTP/SAVP offer', () => {
    const offer = createOffer(localOptions({ srtp: 'required' }));
    assert.equal(refused(acceptAnswer(offer, parseSdp(answerTo(offer, 'm=audio 5000 RTP/SAVP 0')))).code, 'SDP_NO_CRYPTO_SUITE');
  });

  it('reports an answer with c=0.0.0.0 as a hold: we do not send', () => {
    const offer = createOffer(localOptions({ srtp: 'off' }));
    const m = media(acceptAnswer(offer, parseSdp(answerTo(offer, 'm=audio 5000 RTP/AVP 0', [], 'c=IN IP4 0.0.0.0'))));
    assert.deepEqual([m.direction, m.onHold], ['recvonly', true]);
  });
});
