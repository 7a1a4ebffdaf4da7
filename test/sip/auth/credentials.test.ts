import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  buildAuthorization,
  computeDigestResponse,
  DigestError,
  formatNonceCount,
  parseDigestChallenge,
  type DigestChallenge,
} from '../../../src/sip/auth/index.js';
import { parseAuthParams } from '../../../src/sip/auth/authParams.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

function challenge(value: string): DigestChallenge {
  const c = parseDigestChallenge(value);
  assert.ok(c);
  return c;
}

function errorCode(code: string): (err: unknown) => boolean {
  return (err: unknown) => err instanceof DigestError && err.code === code;
}

/** RFC 7616 §3.9.1 */
const rfc7616 = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  method: 'GET',
  uri: '/dir/index.html',
  nc: 1,
  qop: 'auth',
} as const;

describe('RFC 2617 §3.2.2 / RFC 7616 §3.4.1 request-digest', () => {
  it('matches the RFC 2617 §3.5 example (MD5, qop=auth)', () => {
    const response = computeDigestResponse({
      algorithm: 'MD5',
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      cnonce: '0a4f113b',
      nc: 1,
      qop: 'auth',
    });
    assert.equal(response, '6629fae49393a05397450978507c4ef1');
  });

  it('matches the RFC 7616 §3.9.1 MD5 example', () => {
    assert.equal(computeDigestResponse({ ...rfc7616, algorithm: 'MD5' }), '8ca523f5e9506fed4657c9700eebdbec');
  });

  it('matches the RFC 7616 §3.9.1 SHA-256 example', () => {
    assert.equal(
      computeDigestResponse({ ...rfc7616, algorithm: 'SHA-256' }),
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('computes SHA-512-256 with the SHA-512/256 hash (RFC 7616 §3.2), 64 hex digits', () => {
    const h = (s: string): string => createHash('sha512-256').update(s).digest('hex');
    const ha1 = h(`${rfc7616.username}:${rfc7616.realm}:${rfc7616.password}`);
    const ha2 = h(`${rfc7616.method}:${rfc7616.uri}`);
    const expected = h(`${ha1}:${rfc7616.nonce}:00000001:${rfc7616.cnonce}:auth:${ha2}`);
    const got = computeDigestResponse({ ...rfc7616, algorithm: 'SHA-512-256' });
    assert.equal(got, expected);
    assert.match(got, /^[0-9a-f]{64}$/);
  });

  it('hashes H(H(user:realm:password):nonce:cnonce) into HA1 for MD5-sess', () => {
    const ha1 = md5(`${md5('Mufasa:http-auth@example.org:Circle of Life')}:${rfc7616.nonce}:${rfc7616.cnonce}`);
    const ha2 = md5('GET:/dir/index.html');
    const expected = md5(`${ha1}:${rfc7616.nonce}:00000001:${rfc7616.cnonce}:auth:${ha2}`);
    assert.equal(computeDigestResponse({ ...rfc7616, algorithm: 'MD5-sess' }), expected);
    assert.notEqual(expected, '8ca523f5e9506fed4657c9700eebdbec');
  });

  it('hashes the body into HA2 for qop=auth-int, H("") for an empty body', () => {
    const body = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n';
    const ha1 = md5('Mufasa:http-auth@example.org:Circle of Life');
    const expectedFor = (b: string): string =>
      md5(`${ha1}:${rfc7616.nonce}:00000001:${rfc7616.cnonce}:auth-int:${md5(`GET:/dir/index.html:${md5(b)}`)}`);
    const input = { ...rfc7616, algorithm: 'MD5', qop: 'auth-int' } as const;
    assert.equal(computeDigestResponse({ ...input, body }), expectedFor(body));
    assert.equal(computeDigestResponse({ ...input, body: Buffer.from(body) }), expectedFor(body));
    assert.equal(computeDigestResponse(input), expectedFor(''));
  });

  it('computes H(HA1:nonce:HA2) without qop (RFC 2069 compatibility, RFC 2617 §3.2.2.1)', () => {
    const ha1 = md5('Mufasa:testrealm@host.com:Circle Of Life');
    const expected = md5(`${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:${md5('REGISTER:sip:example.com')}`);
    const got = computeDigestResponse({
      algorithm: 'MD5',
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      password: 'Circle Of Life',
      method: 'REGISTER',
      uri: 'sip:example.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    });
    assert.equal(got, expected);
  });

  it('refuses qop without cnonce or nc, and -sess without cnonce (SIP_AUTH_BAD_INPUT)', () => {
    const base = { ...rfc7616, algorithm: 'MD5' } as const;
    assert.throws(() => computeDigestResponse({ ...base, cnonce: undefined }), errorCode('SIP_AUTH_BAD_INPUT'));
    assert.throws(() => computeDigestResponse({ ...base, nc: undefined }), errorCode('SIP_AUTH_BAD_INPUT'));
    assert.throws(
      () => computeDigestResponse({ ...base, algorithm: 'MD5-sess', qop: undefined, cnonce: undefined }),
      errorCode('SIP_AUTH_BAD_INPUT'),
    );
  });

  it('formats nc as 8 lower-case hex digits and refuses values outside 1..ffffffff', () => {
    assert.equal(formatNonceCount(1), '00000001');
    assert.equal(formatNonceCount(0x1ab), '000001ab');
    assert.equal(formatNonceCount(0xffffffff), 'ffffffff');
    for (const bad of [0, -1, 1.5, 0x100000000, Number.NaN]) {
      assert.throws(() => formatNonceCount(bad), errorCode('SIP_AUTH_BAD_INPUT'), String(bad));
    }
  });
});

describe('RFC 3261 §22.4 Authorization header value', () => {
  const sha256Challenge = challenge(
    `Digest realm="${rfc7616.realm}", qop="auth, auth-int", algorithm=SHA-256, ` +
      `nonce="${rfc7616.nonce}", opaque="${rfc7616.opaque}"`,
  );

  it('writes the RFC 7616 §3.9.1 SHA-256 credentials in the documented order', () => {
    const value = buildAuthorization(sha256Challenge, { ...rfc7616, nc: 1 });
    assert.equal(
      value,
      'Digest username="Mufasa", realm="http-auth@example.org", ' +
        'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", uri="/dir/index.html", ' +
        'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", algorithm=SHA-256, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, nc=00000001, ' +
        'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
  });

  it('answers the RFC 2617 §3.5 challenge with MD5 when the challenge names no algorithm', () => {
    const c = challenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
        'opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    const value = buildAuthorization(c, {
      username: 'Mufasa',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
      cnonce: '0a4f113b',
    });
    const { params } = parseAuthParams(value);
    assert.equal(params.get('response'), '6629fae49393a05397450978507c4ef1');
    assert.equal(params.get('algorithm'), 'MD5');
    assert.equal(params.get('opaque'), '5ccc069c403ebaf9f0171e9517f40e41');
  });

  it('escapes " and \\ in the username and re-escapes challenge values as quoted-pairs', () => {
    const c = challenge(String.raw`Digest realm="the \"big\" PBX", nonce="n\\1", opaque="o\"p"`);
    const value = buildAuthorization(c, {
      username: 'Mu"fa\\sa',
      password: 'pw',
      method: 'OPTIONS',
      uri: 'sip:gw.example.com',
      nc: 1,
      cnonce: 'c',
    });
    assert.ok(value.startsWith(String.raw`Digest username="Mu\"fa\\sa", realm="the \"big\" PBX", nonce="n\\1"`), value);
    const { params } = parseAuthParams(value);
    assert.equal(params.get('username'), 'Mu"fa\\sa');
    assert.equal(params.get('realm'), 'the "big" PBX');
    assert.equal(params.get('nonce'), 'n\\1');
    assert.equal(params.get('opaque'), 'o"p');
    // The digest is computed over the unescaped values (RFC 7616 §3.4.1).
    const ha1 = md5('Mu"fa\\sa:the "big" PBX:pw');
    assert.equal(params.get('response'), md5(`${ha1}:n\\1:${md5('OPTIONS:sip:gw.example.com')}`));
  });

  it('refuses a username with a line break rather than inject a header (SIP_AUTH_BAD_INPUT)', () => {
    const c = challenge('Digest realm="r", nonce="n"');
    const input = { password: 'pw', method: 'INVITE', uri: 'sip:a@b', nc: 1, cnonce: 'c' };
    assert.throws(() => buildAuthorization(c, { ...input, username: 'a\r\nVia: x' }), errorCode('SIP_AUTH_BAD_INPUT'));
  });

  it('omits cnonce, qop and nc when the challenge has no qop (RFC 2617 §3.2.2)', () => {
    const c = challenge('Digest realm="r", nonce="n"');
    const value = buildAuthorization(c, { username: 'u', password: 'p', method: 'REFER', uri: 'sip:x@y', nc: 1, cnonce: 'c' });
    const { params } = parseAuthParams(value);
    assert.deepEqual([...params.keys()], ['username', 'realm', 'nonce', 'uri', 'response', 'algorithm']);
  });

  it('sends the cnonce with a -sess algorithm even without qop, since HA1 depends on it', () => {
    const c = challenge('Digest realm="r", nonce="n", algorithm=MD5-sess');
    const value = buildAuthorization(c, { username: 'u', password: 'p', method: 'REFER', uri: 'sip:x@y', nc: 1, cnonce: 'c9' });
    const { params } = parseAuthParams(value);
    assert.equal(params.get('cnonce'), 'c9');
    assert.equal(params.has('qop'), false);
    const ha1 = md5(`${md5('u:r:p')}:n:c9`);
    assert.equal(params.get('response'), md5(`${ha1}:n:${md5('REFER:sip:x@y')}`));
  });

  it('prefers qop=auth, uses auth-int when it is the only one offered, and honours an explicit qop', () => {
    const input = { username: 'u', password: 'p', method: 'NOTIFY', uri: 'sip:x@y', nc: 2, cnonce: 'c', body: 'Messages-Waiting: yes\r\n' };
    const authInt = challenge('Digest realm="r", nonce="n", qop="auth-int"');
    const both = challenge('Digest realm="r", nonce="n", qop="auth-int,auth"');
    assert.equal(parseAuthParams(buildAuthorization(both, input)).params.get('qop'), 'auth');
    const { params } = parseAuthParams(buildAuthorization(authInt, input));
    assert.equal(params.get('qop'), 'auth-int');
    assert.equal(params.get('nc'), '00000002');
    const ha2 = md5(`NOTIFY:sip:x@y:${md5(input.body)}`);
    assert.equal(params.get('response'), md5(`${md5('u:r:p')}:n:00000002:c:auth-int:${ha2}`));
    assert.equal(parseAuthParams(buildAuthorization(both, { ...input, qop: 'auth-int' })).params.get('qop'), 'auth-int');
    assert.throws(() => buildAuthorization(authInt, { ...input, qop: 'auth' }), errorCode('SIP_AUTH_BAD_INPUT'));
  });

  it('refuses challenges it cannot answer: unknown algorithm, unknown qop only', () => {
    const input = { username: 'u', password: 'p', method: 'OPTIONS', uri: 'sip:x@y', nc: 1, cnonce: 'c' };
    assert.throws(
      () => buildAuthorization(challenge('Digest realm="r", nonce="n", algorithm=AKAv1-MD5'), input),
      errorCode('SIP_AUTH_UNSUPPORTED_ALGORITHM'),
    );
    assert.throws(
      () => buildAuthorization(challenge('Digest realm="r", nonce="n", qop="auth-conf"'), input),
      errorCode('SIP_AUTH_UNSUPPORTED_QOP'),
    );
  });
});
