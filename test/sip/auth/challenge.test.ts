import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DigestError,
  MAX_AUTH_PARAMS,
  MAX_CHALLENGE_LENGTH,
  parseDigestChallenge,
  selectDigestChallenges,
  type DigestChallenge,
} from '../../../src/sip/auth/index.js';

function parse(value: string): DigestChallenge {
  const c = parseDigestChallenge(value);
  assert.ok(c, `expected a Digest challenge from ${value}`);
  return c;
}

function assertBad(value: string): void {
  assert.throws(
    () => parseDigestChallenge(value),
    (err: unknown) => err instanceof DigestError && err.code === 'SIP_AUTH_BAD_CHALLENGE',
    `expected SIP_AUTH_BAD_CHALLENGE for ${JSON.stringify(value).slice(0, 80)}`,
  );
}

describe('RFC 3261 §20.44 / RFC 7616 §3.3 Digest challenge parsing', () => {
  it('parses the RFC 7616 §3.9.1 SHA-256 challenge', () => {
    const c = parse(
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
        'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
        'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
    assert.deepEqual(c, {
      realm: 'http-auth@example.org',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
      stale: false,
      algorithm: 'SHA-256',
      algorithmName: 'SHA-256',
      qop: ['auth', 'auth-int'],
      domain: [],
    });
  });

  it('parses the RFC 3261 §20.44 example with domain, empty opaque and stale=FALSE', () => {
    const c = parse(
      'Digest realm="atlanta.com", domain="sip:boxesbybob.com sip:ss1.atlanta.com", qop="auth", ' +
        'nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
    );
    assert.equal(c.realm, 'atlanta.com');
    assert.deepEqual(c.domain, ['sip:boxesbybob.com', 'sip:ss1.atlanta.com']);
    assert.equal(c.opaque, '');
    assert.equal(c.stale, false);
    assert.equal(c.algorithm, 'MD5');
    assert.deepEqual(c.qop, ['auth']);
  });

  it('resolves quoted-pair escapes (§25.1) in realm and nonce', () => {
    const c = parse(String.raw`Digest realm="the \"big\" PBX \\ east", nonce="a\bc"`);
    assert.equal(c.realm, 'the "big" PBX \\ east');
    assert.equal(c.nonce, 'abc');
  });

  it('keeps commas inside quoted strings as part of the value', () => {
    const c = parse('Digest realm="a, b, c", nonce="n,1", qop="auth,auth-int", opaque="x,y=z"');
    assert.equal(c.realm, 'a, b, c');
    assert.equal(c.nonce, 'n,1');
    assert.equal(c.opaque, 'x,y=z');
    assert.deepEqual(c.qop, ['auth', 'auth-int']);
  });

  it('accepts SWS around "=" and "," (EQUAL and COMMA of §25.1), tabs included', () => {
    const c = parse('digest \t realm = "r"  ,nonce=\t"n" ,\talgorithm =  sha-256 , stale = true');
    assert.equal(c.realm, 'r');
    assert.equal(c.nonce, 'n');
    assert.equal(c.algorithm, 'SHA-256');
    assert.equal(c.stale, true);
  });

  it('tolerates empty list elements between commas (RFC 7230 §7)', () => {
    const c = parse('Digest realm="r", , nonce="n",');
    assert.equal(c.nonce, 'n');
  });

  it('defaults the algorithm to MD5 and qop to null (RFC 2069 mode) when absent', () => {
    const c = parse('Digest realm="r", nonce="n"');
    assert.equal(c.algorithm, 'MD5');
    assert.equal(c.algorithmName, 'MD5');
    assert.equal(c.qop, null);
    assert.equal(c.opaque, null);
  });

  it('recognises every RFC 7616 algorithm, case-insensitively, quoted or not', () => {
    for (const [token, expected] of [
      ['MD5-sess', 'MD5-sess'],
      ['md5-SESS', 'MD5-sess'],
      ['"SHA-256"', 'SHA-256'],
      ['SHA-256-sess', 'SHA-256-sess'],
      ['SHA-512-256', 'SHA-512-256'],
      ['SHA-512-256-sess', 'SHA-512-256-sess'],
    ] as const) {
      assert.equal(parse(`Digest realm="r", nonce="n", algorithm=${token}`).algorithm, expected, token);
    }
  });

  it('keeps the name of an unknown algorithm and marks it null', () => {
    const c = parse('Digest realm="r", nonce="n", algorithm=AKAv1-MD5');
    assert.equal(c.algorithm, null);
    assert.equal(c.algorithmName, 'AKAv1-MD5');
  });

  it('drops unknown qop values and ignores unknown parameters', () => {
    const c = parse('Digest realm="r", nonce="n", qop="auth-conf, auth", charset=UTF-8, userhash=false, x="y"');
    assert.deepEqual(c.qop, ['auth']);
    assert.deepEqual(parse('Digest realm="r", nonce="n", qop="auth-conf"').qop, []);
  });

  it('accepts an unquoted qop token and a quoted stale flag, as some servers send', () => {
    const c = parse('Digest realm="r", nonce="n", qop=auth, stale="TRUE"');
    assert.deepEqual(c.qop, ['auth']);
    assert.equal(c.stale, true);
  });

  it('returns null for other schemes (RFC 8898 Bearer, Basic with token68)', () => {
    assert.equal(parseDigestChallenge('Bearer realm="r", scope="sip"'), null);
    assert.equal(parseDigestChallenge('Basic dGVzdA=='), null);
  });

  describe('malformed challenges throw SIP_AUTH_BAD_CHALLENGE', () => {
    const cases: [string, string][] = [
      ['empty value', ''],
      ['scheme only', 'Digest'],
      ['scheme and spaces only', 'Digest   '],
      ['only commas', 'Digest , ,'],
      ['no nonce', 'Digest realm="r"'],
      ['no realm', 'Digest nonce="n"'],
      ['unterminated quoted-string', 'Digest realm="r, nonce="n'],
      ['backslash at the end of input', 'Digest realm="r", nonce="n\\'],
      ['missing "="', 'Digest realm "r", nonce="n"'],
      ['missing value', 'Digest realm=, nonce="n"'],
      ['missing comma between params', 'Digest realm="r" nonce="n"'],
      ['repeated parameter', 'Digest realm="r", nonce="n", realm="s"'],
      ['scheme glued to a parameter', 'Digestrealm="r", nonce="n"'],
      ['value with a character outside token', 'Digest realm=a/b, nonce="n"'],
      ['line break inside quotes', 'Digest realm="r\r\n", nonce="n"'],
      ['too long', `Digest realm="${'r'.repeat(MAX_CHALLENGE_LENGTH)}", nonce="n"`],
      [
        'too many parameters',
        `Digest realm="r", nonce="n", ${Array.from({ length: MAX_AUTH_PARAMS }, (_, i) => `p${i}=1`).join(', ')}`,
      ],
    ];
    for (const [name, value] of cases) it(name, () => assertBad(value));
  });
});

describe('RFC 8760 §2.4 choosing among several challenges', () => {
  const sha256 = 'Digest realm="pbx", nonce="n256", algorithm=SHA-256, qop="auth"';
  const md5 = 'Digest realm="pbx", nonce="nmd5", algorithm=MD5, qop="auth"';

  it('takes SHA-256 when the server lists SHA-256 first, then MD5', () => {
    const [c, ...rest] = selectDigestChallenges([sha256, md5]);
    assert.equal(c?.algorithm, 'SHA-256');
    assert.equal(rest.length, 0);
  });

  it('prefers SHA-256 over MD5 by local policy even when MD5 is listed first', () => {
    assert.equal(selectDigestChallenges([md5, sha256])[0]?.algorithm, 'SHA-256');
  });

  it("takes the topmost supported challenge with preference 'server-order'", () => {
    assert.equal(selectDigestChallenges([md5, sha256], { preference: 'server-order' })[0]?.algorithm, 'MD5');
  });

  it('prefers SHA-512-256 over SHA-256 and MD5', () => {
    const sha512 = 'Digest realm="pbx", nonce="n512", algorithm=SHA-512-256, qop="auth"';
    assert.equal(selectDigestChallenges([md5, sha256, sha512])[0]?.algorithm, 'SHA-512-256');
  });

  it('honours a custom preference list, skipping algorithms it leaves out', () => {
    assert.equal(selectDigestChallenges([sha256, md5], { preference: ['MD5'] })[0]?.algorithm, 'MD5');
    assert.deepEqual(selectDigestChallenges([sha256], { preference: ['MD5'] }), []);
  });

  it('returns one challenge per realm, in order of first appearance (RFC 3261 §22.3)', () => {
    const proxy = 'Digest realm="proxy", nonce="p", algorithm=MD5';
    const got = selectDigestChallenges([proxy, md5, sha256]).map((c) => `${c.realm}/${c.algorithm}`);
    assert.deepEqual(got, ['proxy/MD5', 'pbx/SHA-256']);
  });

  it('skips unknown algorithms and qop-only-unknown challenges', () => {
    const aka = 'Digest realm="pbx", nonce="a", algorithm=AKAv1-MD5';
    const conf = 'Digest realm="pbx", nonce="c", qop="auth-conf"';
    assert.deepEqual(selectDigestChallenges([aka, conf]), []);
    assert.equal(selectDigestChallenges([aka, conf, md5])[0]?.nonce, 'nmd5');
  });

  it('skips a malformed line when another can be answered, and throws when none can', () => {
    assert.equal(selectDigestChallenges(['Digest realm="x', md5])[0]?.nonce, 'nmd5');
    assert.throws(
      () => selectDigestChallenges(['Digest realm="x', 'Bearer realm="y"']),
      (err: unknown) => err instanceof DigestError && err.code === 'SIP_AUTH_BAD_CHALLENGE',
    );
  });

  it('returns nothing for no Digest challenge at all', () => {
    assert.deepEqual(selectDigestChallenges([]), []);
    assert.deepEqual(selectDigestChallenges(['Bearer realm="y"']), []);
  });
});
