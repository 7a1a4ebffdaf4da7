/**
 * RFC 3264 §6 negotiateAnswer: answering offers from real and typical peers with one audio stream.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerOffer, negotiateAnswer, parseSdp, SdpError } from '../../src/sdp/index.js';
import { accepted, firstMedia, localOptions, refused, vector, vectorText } from './helpers.js';

describe('RFC 3264 §6.1 answering an audio offer', () => {
  it('answers baresip’s captured offer with G722 (our first choice), telephone-event 101 and a=ptime:20', () => {
    const { media, answer, answerSdp } = accepted(negotiateAnswer(vector('baresip-offer.sdp'), localOptions()));
    assert.equal(media.codec, 'G722');
    assert.equal(media.payloadType, 9);
    assert.deepEqual(media.telephoneEvent, { payloadType: 101, receivePayloadType: 101, events: '0-15' });
    assert.deepEqual(media.remote, { address: '192.0.2.2', rtpPort: 13430, rtcpPort: 13431, rtcpMux: false });
    assert.equal(media.direction, 'sendrecv');
    assert.equal(media.ptimeMs, 20);
    assert.equal(media.srtp, null);
    const m = firstMedia(answer);
    assert.deepEqual(m.formats, ['9', '101']);
    assert.equal(m.port, 40000);
    assert.equal(m.protocol, 'RTP/AVP');
    assert.equal(m.ptime, 20);
    assert.equal(m.direction, 'sendrecv');
    assert.deepEqual(answer.connection, { netType: 'IN', addressType: 'IP4', address: '192.0.2.10', suffix: null });
    assert.deepEqual(answer.origin, { username: 'openum', sessionId: '4000', sessionVersion: '1', netType: 'IN', addressType: 'IP4', address: '192.0.2.10' });
    assert.ok(answerSdp.endsWith('\r\n') && !/[^\r]\n/.test(answerSdp), 'lines end in CRLF (RFC 8866 §5)');
  });

  it('picks by our preference, not the offerer’s: without G722 in the list baresip gets PCMU', () => {
    const { media } = accepted(negotiateAnswer(vector('baresip-offer.sdp'), localOptions({ codecPreference: ['PCMU', 'PCMA'] })));
    assert.equal(media.codec, 'PCMU');
    assert.equal(media.payloadType, 0);
  });

  it('prefers PCMA over an offer that lists PCMU first when PCMA is first in our list', () => {
    const { media } = accepted(negotiateAnswer(vector('asterisk-offer.sdp'), localOptions({ codecPreference: ['PCMA', 'PCMU'] })));
    assert.equal(media.codec, 'PCMA');
  });

  it('answers sipp’s PCMU-only offer with PCMU and no telephone-event, and RTCP on port + 1 (RFC 3550 §11)', () => {
    const { media, answer } = accepted(negotiateAnswer(vector('sipp-offer.sdp'), localOptions()));
    assert.equal(media.codec, 'PCMU');
    assert.equal(media.telephoneEvent, null);
    assert.deepEqual(firstMedia(answer).formats, ['0']);
    assert.equal(firstMedia(answer).fmtps.length, 0);
    assert.deepEqual(media.remote, { address: '127.0.0.1', rtpPort: 6000, rtcpPort: 6001, rtcpMux: false });
  });

  it('answers an Asterisk offer (PCMU+PCMA, telephone-event 0-16) with events narrowed to 0-15 (RFC 4733 §7.1.1)', () => {
    const { media, answer } = accepted(negotiateAnswer(vector('asterisk-offer.sdp'), localOptions()));
    assert.equal(media.codec, 'PCMU');
    assert.deepEqual(firstMedia(answer).fmtps, [{ payloadType: 101, params: '0-15' }]);
    assert.deepEqual(firstMedia(answer).rtpmaps.map((r) => `${r.payloadType} ${r.encodingName}/${r.clockRate}`), ['0 PCMU/8000', '101 telephone-event/8000']);
  });

  it('sends to the media-level c= of a Cisco gateway, not the session-level one (RFC 8866 §5.7)', () => {
    const { media } = accepted(negotiateAnswer(vector('cisco-gateway-offer.sdp'), localOptions({ codecPreference: ['PCMU', 'PCMA'] })));
    assert.equal(media.remote.address, '198.51.100.31');
    assert.equal(media.codec, 'PCMU');
  });

  it('answers a G722-only offer with G722 on PT 9 at clock rate 8000 (RFC 3551 §4.5.2)', () => {
    const { media, answer } = accepted(negotiateAnswer(vector('g722-only-offer.sdp'), localOptions()));
    assert.equal(media.codec, 'G722');
    assert.deepEqual(firstMedia(answer).rtpmaps, [{ payloadType: 9, encodingName: 'G722', clockRate: 8000, channels: null }]);
  });

  it('honours a dynamic PT mapped to PCMU by rtpmap, and the offerer’s telephone-event PT and events', () => {
    const { media, answer } = accepted(negotiateAnswer(vector('dynamic-pcmu-offer.sdp'), localOptions()));
    assert.equal(media.codec, 'PCMU');
    assert.equal(media.payloadType, 96);
    assert.deepEqual(media.telephoneEvent, { payloadType: 97, receivePayloadType: 97, events: '0-11' });
    assert.deepEqual(firstMedia(answer).formats, ['96', '97']);
    assert.equal(firstMedia(answer).rtpmaps[0]?.encodingName, 'PCMU');
  });

  it('skips stereo G722 (117 G722/8000/2) and takes the mono G722 on 9 from a Lync offer', () => {
    const { media } = accepted(negotiateAnswer(vector('lync-srtp-offer.sdp'), localOptions()));
    assert.equal(media.codec, 'G722');
    assert.equal(media.payloadType, 9);
    assert.equal(media.remote.rtcpPort, 20041, 'a=rtcp:20041 (RFC 3605)');
  });

  it('skips a telephone-event at a clock rate other than our codec’s 8000', () => {
    const offer = parseSdp(vectorText('g722-only-offer.sdp').replace('m=audio 2222 RTP/AVP 9', 'm=audio 2222 RTP/AVP 9 102 101') + 'a=rtpmap:102 telephone-event/16000\r\na=rtpmap:101 telephone-event/8000\r\n');
    const { media } = accepted(negotiateAnswer(offer, localOptions()));
    assert.equal(media.telephoneEvent?.payloadType, 101);
  });

  it('answers with the same t= line as the offer (RFC 3264 §6)', () => {
    const offer = parseSdp(vectorText('sipp-offer.sdp').replace('t=0 0', 't=3034423619 3042462419'));
    const { answer } = accepted(negotiateAnswer(offer, localOptions()));
    assert.deepEqual(answer.timing, { start: '3034423619', stop: '3042462419' });
  });

  it('supports IPv6: c=IN IP6 in the offer, and our own IPv6 address in c= and o=', () => {
    const { media, answer } = accepted(negotiateAnswer(vector('ipv6-offer.sdp'), localOptions({ address: '2001:db8::1' })));
    assert.equal(media.remote.address, '2001:db8::10');
    assert.equal(answer.connection?.addressType, 'IP6');
    assert.equal(answer.origin.addressType, 'IP6');
  });

  it('notes rtcp-mux (RFC 5761 §5.1.1): agreed only when we enable it, then RTCP goes to the RTP port', () => {
    const off = accepted(negotiateAnswer(vector('ipv6-offer.sdp'), localOptions()));
    assert.deepEqual([off.media.remote.rtcpMux, off.media.remote.rtcpPort, firstMedia(off.answer).rtcpMux], [false, 40001, false]);
    const on = accepted(negotiateAnswer(vector('ipv6-offer.sdp'), localOptions({ rtcpMux: true })));
    assert.deepEqual([on.media.remote.rtcpMux, on.media.remote.rtcpPort, firstMedia(on.answer).rtcpMux], [true, 40000, true]);
  });

  it('reports the remote’s a=ptime as informative and always answers a=ptime:20', () => {
    const { media, answer } = accepted(negotiateAnswer(vector('srtp-32-offer.sdp'), localOptions()));
    assert.equal(media.ptimeMs, 30);
    assert.equal(firstMedia(answer).ptime, 20);
  });
});

describe('RFC 3264 §6 one stream accepted, every other m= line rejected with port 0', () => {
  it('keeps the number and order of m= lines: video, second audio and application get port 0', () => {
    const { media, answer } = accepted(negotiateAnswer(vector('video-audio-offer.sdp'), localOptions()));
    assert.deepEqual(answer.media.map((m) => [m.type, m.port, m.protocol]), [
      ['video', 0, 'RTP/AVP'],
      ['audio', 40000, 'RTP/AVP'],
      ['audio', 0, 'RTP/AVP'],
      ['application', 0, 'UDP/BFCP'],
    ]);
    assert.deepEqual(answer.media[0]?.formats, ['96'], 'a rejected line keeps the offer’s formats');
    assert.deepEqual(answer.media[3]?.formats, ['*']);
    assert.equal(media.local.mediaIndex, 1);
    assert.deepEqual([media.codec, media.payloadType], ['PCMU', 0], 'PT 0 without rtpmap is PCMU (RFC 3551 Table 4)');
  });

  it('accepts a later audio line when the first one has no common codec', () => {
    const offer = parseSdp(vectorText('no-common-codec-offer.sdp') + 'm=audio 30002 RTP/AVP 8\r\n');
    const { media, answer } = accepted(negotiateAnswer(offer, localOptions()));
    assert.deepEqual(answer.media.map((m) => m.port), [0, 40000]);
    assert.deepEqual([media.codec, media.remote.rtpPort, media.local.mediaIndex], ['PCMA', 30002, 1]);
  });

  it('skips an audio line with port 0 and accepts the next', () => {
    const offer = parseSdp(vectorText('sipp-offer.sdp').replace('m=audio 6000', 'm=audio 0') + 'm=audio 6002 RTP/AVP 0\r\n');
    assert.deepEqual(accepted(negotiateAnswer(offer, localOptions())).answer.media.map((m) => m.port), [0, 40000]);
  });
});

describe('RFC 3264 §6: offers we refuse with 488', () => {
  it('refuses an offer with no common codec (G.729, GSM) with 488 and Warning 305', () => {
    const r = refused(negotiateAnswer(vector('no-common-codec-offer.sdp'), localOptions()));
    assert.deepEqual([r.status, r.code, r.warning?.code], [488, 'SDP_NO_COMMON_CODEC', 305]);
    assert.match(r.reason, /no common codec/);
  });

  it('refuses a G722-only offer when G722 is not in our preference list', () => {
    const r = refused(negotiateAnswer(vector('g722-only-offer.sdp'), localOptions({ codecPreference: ['PCMU', 'PCMA'] })));
    assert.equal(r.code, 'SDP_NO_COMMON_CODEC');
  });

  it('refuses an offer whose only audio line has port 0 (SDP_NO_AUDIO, Warning 304)', () => {
    const r = refused(negotiateAnswer(parseSdp(vectorText('sipp-offer.sdp').replace('m=audio 6000', 'm=audio 0')), localOptions()));
    assert.deepEqual([r.status, r.code, r.warning?.code], [488, 'SDP_NO_AUDIO', 304]);
  });

  it('refuses a video-only offer', () => {
    const r = refused(negotiateAnswer(parseSdp('v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=video 4000 RTP/AVP 96\r\n'), localOptions()));
    assert.equal(r.code, 'SDP_NO_AUDIO');
  });

  it('refuses a multicast c= (RFC 3264 §6.2: we take no part in multicast streams)', () => {
    const r = refused(negotiateAnswer(vector('multicast-offer.sdp'), localOptions()));
    assert.deepEqual([r.status, r.code, r.warning?.code], [488, 'SDP_MULTICAST', 301]);
  });

  const badAddresses: [string, string, string][] = [
    ['IPv4 multicast 224.0.0.1', 'IN IP4 224.0.0.1', 'SDP_MULTICAST'],
    ['IPv4 multicast 239.255.255.250', 'IN IP4 239.255.255.250', 'SDP_MULTICAST'],
    ['the broadcast address 255.255.255.255', 'IN IP4 255.255.255.255', 'SDP_MULTICAST'],
    ['reserved 240.0.0.1', 'IN IP4 240.0.0.1', 'SDP_MULTICAST'],
    ['IPv6 multicast ff02::1', 'IN IP6 ff02::1', 'SDP_MULTICAST'],
    ['IPv4-mapped multicast ::ffff:224.0.0.1', 'IN IP6 ::ffff:224.0.0.1', 'SDP_MULTICAST'],
    ['a host name', 'IN IP4 media.example.com', 'SDP_BAD_ADDRESS'],
    ['an IPv6 address under IP4', 'IN IP4 2001:db8::1', 'SDP_BAD_ADDRESS'],
    ['a network type other than IN', 'ATM NSAP 47.0005.80.ffe100', 'SDP_BAD_ADDRESS'],
    ['0.0.0.1 in 0.0.0.0/8', 'IN IP4 0.0.0.1', 'SDP_BAD_ADDRESS'],
  ];
  for (const [name, c, code] of badAddresses) {
    it(`never sends media to ${name} (${code})`, () => {
      const r = refused(negotiateAnswer(parseSdp(vectorText('sipp-offer.sdp').replace('c=IN IP4 127.0.0.1', `c=${c}`)), localOptions()));
      assert.deepEqual([r.status, r.code], [488, code]);
    });
  }

  it('refuses an m= port above 65535 and an a=rtcp port of 0', () => {
    const high = refused(negotiateAnswer(parseSdp(vectorText('sipp-offer.sdp').replace('m=audio 6000', 'm=audio 65536')), localOptions()));
    assert.equal(high.code, 'SDP_BAD_ADDRESS');
    const rtcp = refused(negotiateAnswer(parseSdp(vectorText('sipp-offer.sdp') + 'a=rtcp:0\r\n'), localOptions()));
    assert.equal(rtcp.code, 'SDP_BAD_ADDRESS');
  });

  it('refuses with 400 an audio line without any c= (RFC 8866 §5.7)', () => {
    const r = refused(negotiateAnswer(parseSdp(vectorText('sipp-offer.sdp').replace('c=IN IP4 127.0.0.1\r\n', '')), localOptions()));
    assert.deepEqual([r.status, r.code], [400, 'SDP_NO_CONNECTION']);
  });

  it('refuses the feedback profile RTP/AVPF and non-RTP transports (Warning 302)', () => {
    for (const proto of ['RTP/AVPF', 'TCP/RTP/AVP', 'udp']) {
      const r = refused(negotiateAnswer(parseSdp(vectorText('sipp-offer.sdp').replace('RTP/AVP', proto)), localOptions()));
      assert.deepEqual([r.code, r.warning?.code], ['SDP_UNSUPPORTED_PROFILE', 302], proto);
    }
  });
});

describe('answerOffer: parse and negotiate for a UAS holding an INVITE body', () => {
  it('answers a good body like negotiateAnswer does', () => {
    const body = vectorText('baresip-offer.sdp');
    assert.deepEqual(answerOffer(body, localOptions()), negotiateAnswer(parseSdp(body), localOptions()));
  });

  it('turns garbage into 400 SDP_PARSE and an oversized body into 400 SDP_LIMIT, without throwing', () => {
    const garbage = refused(answerOffer('this is not sdp', localOptions()));
    assert.deepEqual([garbage.status, garbage.code], [400, 'SDP_PARSE']);
    const big = refused(answerOffer(Buffer.alloc(20_000, 0x61), localOptions()));
    assert.deepEqual([big.status, big.code], [400, 'SDP_LIMIT']);
  });

  it('still throws SDP_BAD_LOCAL_OPTIONS for a bug in our own options', () => {
    const bad: [string, Parameters<typeof localOptions>[0]][] = [
      ['address', { address: 'not-an-ip' }],
      ['port', { port: 0 }],
      ['codecPreference', { codecPreference: [] }],
      ['sessionId', { sessionId: '12a' }],
      ['sessionVersion', { sessionVersion: -1 }],
      ['userName', { userName: 'two words' }],
    ];
    for (const [field, overrides] of bad) {
      assert.throws(
        () => answerOffer(vectorText('sipp-offer.sdp'), localOptions(overrides)),
        (err: unknown) => err instanceof SdpError && err.code === 'SDP_BAD_LOCAL_OPTIONS' && err.status === 500,
        field,
      );
    }
  });
});
