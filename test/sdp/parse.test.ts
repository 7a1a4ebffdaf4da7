/**
 * parseSdp (RFC 8866 §5): real and hand-written bodies become typed descriptions; malformed and
 * oversized bodies are SdpErrors with a stable code and the status a UAS answers with.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSdp, SdpError, sdpLimits } from '../../src/sdp/index.js';
import { firstMedia, vector, vectorText } from './helpers.js';

describe('RFC 8866 §5 parseSdp: reading session descriptions', () => {
  it('reads baresip’s captured offer: origin, session c=, formats, rtpmaps, fmtp, ptime, direction', () => {
    const s = vector('baresip-offer.sdp');
    assert.deepEqual(s.origin, { username: '-', sessionId: '768048340', sessionVersion: '1447303404', netType: 'IN', addressType: 'IP4', address: '192.0.2.2' });
    assert.deepEqual(s.connection, { netType: 'IN', addressType: 'IP4', address: '192.0.2.2', suffix: null });
    const m = firstMedia(s);
    assert.equal(m.type, 'audio');
    assert.equal(m.port, 13430);
    assert.equal(m.protocol, 'RTP/AVP');
    assert.deepEqual(m.formats, ['0', '8', '9', '101']);
    assert.deepEqual(m.rtpmaps.map((r) => `${r.payloadType} ${r.encodingName}/${r.clockRate}`), ['0 PCMU/8000', '8 PCMA/8000', '9 G722/8000', '101 telephone-event/8000']);
    assert.deepEqual(m.fmtps, [{ payloadType: 101, params: '0-15' }]);
    assert.equal(m.ptime, 20);
    assert.equal(m.direction, 'sendrecv');
  });

  it('reads sipp’s minimal offer (one format, no direction attribute)', () => {
    const m = firstMedia(vector('sipp-offer.sdp'));
    assert.deepEqual([m.port, m.formats, m.direction, m.ptime], [6000, ['0'], null, null]);
  });

  it('keeps a media-level c= apart from the session-level one (RFC 8866 §5.7)', () => {
    const s = vector('cisco-gateway-offer.sdp');
    assert.equal(s.connection?.address, '198.51.100.30');
    assert.equal(firstMedia(s).connection?.address, '198.51.100.31');
  });

  it('splits a multicast c= into its address and /ttl suffix', () => {
    assert.deepEqual(vector('multicast-offer.sdp').connection, { netType: 'IN', addressType: 'IP4', address: '233.252.0.1', suffix: '/127' });
  });

  it('reads a=crypto lines with tag, suite, key parameters (RFC 4568 §9.1) and a=rtcp (RFC 3605)', () => {
    const m = firstMedia(vector('lync-srtp-offer.sdp'));
    assert.deepEqual(m.crypto.map((c) => [c.tag, c.suite]), [[2, 'AES_CM_128_HMAC_SHA1_80'], [3, 'AES_CM_128_HMAC_SHA1_80']]);
    assert.match(m.crypto[0]?.keyParams ?? '', /^inline:[A-Za-z0-9+/]{40}\|2\^31\|1:1$/);
    assert.deepEqual(m.rtcp, { port: 20041, connection: null });
    assert.equal(m.formats.length, 14);
  });

  it('reads IPv6 connection data and a=rtcp-mux', () => {
    const s = vector('ipv6-offer.sdp');
    assert.equal(s.connection?.addressType, 'IP6');
    assert.equal(s.connection?.address, '2001:db8::10');
    assert.equal(firstMedia(s).rtcpMux, true);
  });

  it('reads the DTLS markers: a=fingerprint and the UDP/TLS profile', () => {
    const m = firstMedia(vector('dtls-offer.sdp'));
    assert.equal(m.fingerprint, true);
    assert.equal(m.protocol, 'UDP/TLS/RTP/SAVPF');
  });

  it('reads every m= line, in order, with its index', () => {
    const s = vector('video-audio-offer.sdp');
    assert.deepEqual(s.media.map((m) => [m.index, m.type, m.port]), [[0, 'video', 9078], [1, 'audio', 7078], [2, 'audio', 7080], [3, 'application', 5070]]);
    assert.deepEqual(s.media[3]?.formats, ['*']);
  });

  it('reads an m= port count ("49170/2", RFC 8866 §5.14)', () => {
    const m = firstMedia(parseSdp('v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170/2 RTP/AVP 0\r\n'));
    assert.deepEqual([m.port, m.portCount], [49170, 2]);
  });

  it('gives the same description for CRLF and bare LF line ends', () => {
    const crlf = vectorText('asterisk-offer.sdp');
    assert.ok(crlf.includes('\r\n'));
    assert.deepEqual(parseSdp(crlf.replace(/\r\n/g, '\n')), parseSdp(crlf));
  });

  it('takes a Buffer and a string alike', () => {
    const text = vectorText('baresip-offer.sdp');
    assert.deepEqual(parseSdp(Buffer.from(text)), parseSdp(text));
  });

  it('keeps session id and version beyond 2^53 exact, as digit strings', () => {
    const s = parseSdp('v=0\r\no=- 18446744073709551615 18446744073709551614 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n');
    assert.equal(s.origin.sessionId, '18446744073709551615');
    assert.equal(s.origin.sessionVersion, '18446744073709551614');
  });
});

const HEAD = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n';

describe('RFC 8866 §5 parseSdp: malformed bodies are SDP_PARSE with status 400', () => {
  const cases: [name: string, body: string | Buffer][] = [
    ['an empty body', ''],
    ['only blank lines', '\r\n\r\n'],
    ['text that is not SDP', 'hello world'],
    ['JSON', '{"v":0}'],
    ['binary bytes', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a])],
    ['SDP not starting with v=0 (§5.1)', 'o=- 1 1 IN IP4 192.0.2.1\r\nv=0\r\ns=-\r\n'],
    ['version 1', 'v=1\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n'],
    ['no o= line (§5.2)', 'v=0\r\ns=-\r\nt=0 0\r\n'],
    ['an o= line with five fields', 'v=0\r\no=- 1 IN IP4 192.0.2.1\r\ns=-\r\n'],
    ['an o= version that is not a number', 'v=0\r\no=- 1 x IN IP4 192.0.2.1\r\ns=-\r\n'],
    ['an o= session id of 21 digits', 'v=0\r\no=- 123456789012345678901 1 IN IP4 192.0.2.1\r\ns=-\r\n'],
    ['no s= line (§5.3)', 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n'],
    ['a line without "="', `${HEAD}m=audio 4000 RTP/AVP 0\r\nthis is not a line\r\n`],
    ['an upper-case type letter', `${HEAD}M=audio 4000 RTP/AVP 0\r\n`],
    ['a second v= line', `${HEAD}v=0\r\n`],
    ['a c= line with two fields (§5.7)', 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN 192.0.2.1\r\nt=0 0\r\n'],
    ['an m= line without a protocol (§5.14)', `${HEAD}m=audio 4000\r\n`],
    ['an m= port that is not a number', `${HEAD}m=audio port RTP/AVP 0\r\n`],
    ['an m= port of seven digits', `${HEAD}m=audio 1234567 RTP/AVP 0\r\n`],
    ['a t= line with one field (§5.9)', 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0\r\n'],
  ];
  for (const [name, body] of cases) {
    it(`refuses ${name}`, () => {
      assert.throws(
        () => parseSdp(body),
        (err: unknown) => err instanceof SdpError && err.code === 'SDP_PARSE' && err.status === 400 && err.message.startsWith('malformed SDP: '),
      );
    });
  }
});

describe('named limits (src/sdp/limits.ts)', () => {
  it(`refuses a body over ${sdpLimits.MAX_SDP_BYTES} bytes with SDP_LIMIT and 400, before reading it`, () => {
    const body = HEAD + 'a=x-pad:' + 'a'.repeat(sdpLimits.MAX_SDP_BYTES) + '\r\n';
    assert.throws(() => parseSdp(body), (err: unknown) => err instanceof SdpError && err.code === 'SDP_LIMIT' && err.status === 400);
    assert.throws(() => parseSdp(Buffer.alloc(sdpLimits.MAX_SDP_BYTES + 1, 0x61)), (err: unknown) => err instanceof SdpError && err.code === 'SDP_LIMIT');
  });

  it('accepts a body of exactly the limit', () => {
    const pad = sdpLimits.MAX_SDP_BYTES - Buffer.byteLength(HEAD) - 'a=x-pad:\r\n'.length;
    const body = `${HEAD}a=x-pad:${'a'.repeat(pad)}\r\n`;
    assert.equal(Buffer.byteLength(body), sdpLimits.MAX_SDP_BYTES);
    assert.equal(parseSdp(body).media.length, 0);
  });

  it(`refuses more than ${sdpLimits.MAX_MEDIA_SECTIONS} m= lines with SDP_LIMIT and 488`, () => {
    const lines = (n: number): string => HEAD + 'm=audio 4000 RTP/AVP 0\r\n'.repeat(n);
    assert.equal(parseSdp(lines(sdpLimits.MAX_MEDIA_SECTIONS)).media.length, sdpLimits.MAX_MEDIA_SECTIONS);
    assert.throws(() => parseSdp(lines(sdpLimits.MAX_MEDIA_SECTIONS + 1)), (err: unknown) => err instanceof SdpError && err.code === 'SDP_LIMIT' && err.status === 488);
  });
});
