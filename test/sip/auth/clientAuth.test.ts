import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SipHeaders } from '../../../src/sip/message/index.js';
import {
  DigestClient,
  MAX_STALE_RETRIES,
  type AuthOutcome,
  type CredentialHeader,
  type DigestClientOptions,
} from '../../../src/sip/auth/index.js';
import { parseAuthParams } from '../../../src/sip/auth/authParams.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

const notify = { method: 'NOTIFY', uri: 'sip:2001@pbx.example.com' } as const;

function client(options: Partial<DigestClientOptions> = {}): DigestClient {
  let n = 0;
  return new DigestClient({
    credentials: { username: 'openum', password: 's3cret' },
    createCnonce: () => `cn${++n}`,
    ...options,
  });
}

function response(status: number, lines: [name: string, value: string][]): { status: number; headers: SipHeaders } {
  const headers = new SipHeaders();
  for (const [name, value] of lines) headers.append(name, value);
  return { status, headers };
}

const www = (nonce: string, extra = ''): [string, string] => [
  'WWW-Authenticate',
  `Digest realm="pbx.example.com", nonce="${nonce}", qop="auth", algorithm=MD5${extra}`,
];
const proxy = (nonce: string, extra = ''): [string, string] => [
  'Proxy-Authenticate',
  `Digest realm="proxy.example.com", nonce="${nonce}", qop="auth"${extra}`,
];

function ok(outcome: AuthOutcome): CredentialHeader[] {
  if (!outcome.ok) assert.fail(`expected credentials, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.headers;
}

function refused(outcome: AuthOutcome, code: string): void {
  assert.equal(outcome.ok, false, 'expected a refusal');
  if (!outcome.ok) assert.equal(outcome.error.code, code, outcome.error.message);
}

function params(header: CredentialHeader | undefined): Map<string, string> {
  assert.ok(header, 'expected a header');
  return parseAuthParams(header.value).params;
}

describe('RFC 3261 §22.2 / §22.3 UAC answering 401 and 407', () => {
  it('answers a 401 WWW-Authenticate with an Authorization whose digest verifies', () => {
    const attempt = client().begin(notify);
    assert.deepEqual(attempt.initialHeaders(), []);
    const headers = ok(attempt.respond(response(401, [www('abc')])));
    assert.equal(headers.length, 1);
    assert.equal(headers[0]?.name, 'Authorization');
    const p = params(headers[0]);
    assert.equal(p.get('username'), 'openum');
    assert.equal(p.get('uri'), 'sip:2001@pbx.example.com');
    assert.equal(p.get('nc'), '00000001');
    assert.equal(p.get('cnonce'), 'cn1');
    const ha1 = md5('openum:pbx.example.com:s3cret');
    const ha2 = md5('NOTIFY:sip:2001@pbx.example.com');
    assert.equal(p.get('response'), md5(`${ha1}:abc:00000001:cn1:auth:${ha2}`));
  });

  it('answers a 407 Proxy-Authenticate with Proxy-Authorization', () => {
    const headers = ok(client().begin(notify).respond(response(407, [proxy('p1')])));
    assert.deepEqual(headers.map((h) => h.name), ['Proxy-Authorization']);
    assert.equal(params(headers[0]).get('realm'), 'proxy.example.com');
  });

  it('uses SHA-256 when the peer offers SHA-256 and MD5 (RFC 8760 §2.4)', () => {
    const sha = ['WWW-Authenticate', 'Digest realm="pbx.example.com", nonce="s", qop="auth", algorithm=SHA-256'] as [string, string];
    const headers = ok(client().begin(notify).respond(response(401, [sha, www('m')])));
    const p = params(headers[0]);
    assert.equal(p.get('algorithm'), 'SHA-256');
    assert.equal(p.get('nonce'), 's');
    const ha1 = sha256('openum:pbx.example.com:s3cret');
    assert.equal(p.get('response'), sha256(`${ha1}:s:00000001:cn1:auth:${sha256('NOTIFY:sip:2001@pbx.example.com')}`));
  });

  it('keeps the proxy credentials (nc incremented) when the UAS challenges after the proxy', () => {
    const attempt = client().begin(notify);
    ok(attempt.respond(response(407, [proxy('p1')])));
    const headers = ok(attempt.respond(response(401, [www('u1')])));
    assert.deepEqual(headers.map((h) => h.name), ['Proxy-Authorization', 'Authorization']);
    assert.equal(params(headers[0]).get('nc'), '00000002');
    assert.equal(params(headers[0]).get('nonce'), 'p1');
    assert.equal(params(headers[1]).get('nc'), '00000001');
  });

  it('answers every realm of a response that aggregates several challenges (§16.7, §22.3)', () => {
    const headers = ok(client().begin(notify).respond(response(407, [proxy('p1'), www('u1')])));
    assert.deepEqual(headers.map((h) => `${h.name} ${params(h).get('realm')}`).sort(), [
      'Authorization pbx.example.com',
      'Proxy-Authorization proxy.example.com',
    ]);
  });

  it('looks credentials up by realm and skips realms it has none for', () => {
    const c = client({
      credentials: (realm) => (realm === 'proxy.example.com' ? { username: 'trunk', password: 'pw' } : undefined),
    });
    const headers = ok(c.begin(notify).respond(response(407, [proxy('p1'), www('u1')])));
    assert.deepEqual(headers.map((h) => h.name), ['Proxy-Authorization']);
    assert.equal(params(headers[0]).get('username'), 'trunk');
    refused(c.begin(notify).respond(response(401, [www('u2')])), 'SIP_AUTH_NO_CREDENTIALS');
  });

  it('signs the body for qop=auth-int', () => {
    const body = 'Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2)\r\n';
    const line: [string, string] = ['WWW-Authenticate', 'Digest realm="r", nonce="n", qop="auth-int"'];
    const p = params(ok(client().begin({ ...notify, body }).respond(response(401, [line])))[0]);
    assert.equal(p.get('qop'), 'auth-int');
    const ha2 = md5(`NOTIFY:${notify.uri}:${md5(body)}`);
    assert.equal(p.get('response'), md5(`${md5('openum:r:s3cret')}:n:00000001:cn1:auth-int:${ha2}`));
  });

  it('refuses responses that are not answerable challenges', () => {
    const c = client();
    refused(c.begin(notify).respond(response(403, [www('a')])), 'SIP_AUTH_NO_CHALLENGE');
    refused(c.begin(notify).respond(response(401, [])), 'SIP_AUTH_NO_CHALLENGE');
    refused(c.begin(notify).respond(response(401, [['WWW-Authenticate', 'Bearer realm="x"']])), 'SIP_AUTH_NO_CHALLENGE');
    refused(
      c.begin(notify).respond(response(401, [['WWW-Authenticate', 'Digest realm="r", nonce="n", algorithm=AKAv1-MD5']])),
      'SIP_AUTH_NO_CHALLENGE',
    );
    refused(c.begin(notify).respond(response(401, [['WWW-Authenticate', 'Digest realm="r']])), 'SIP_AUTH_BAD_CHALLENGE');
  });
});

describe('RFC 7616 §3.4 nonce-count and cnonce across requests', () => {
  it('reuses a realm nonce on later requests with nc 2, 3, … (RFC 3261 §22.3 caching)', () => {
    const c = client();
    ok(c.begin(notify).respond(response(401, [www('abc')])));
    const second = c.begin({ method: 'OPTIONS', uri: 'sip:pbx.example.com' }).initialHeaders();
    const third = c.begin(notify).initialHeaders();
    assert.equal(params(second[0]).get('nc'), '00000002');
    assert.equal(params(second[0]).get('nonce'), 'abc');
    assert.equal(params(second[0]).get('uri'), 'sip:pbx.example.com');
    assert.equal(params(third[0]).get('nc'), '00000003');
  });

  it('uses a fresh cnonce for each request with a plain algorithm', () => {
    const c = client();
    const first = ok(c.begin(notify).respond(response(401, [www('abc')])));
    const second = c.begin(notify).initialHeaders();
    assert.notEqual(params(first[0]).get('cnonce'), params(second[0]).get('cnonce'));
  });

  it('keeps one cnonce per nonce with a -sess algorithm, so HA1 stays valid (RFC 2617 §3.2.2.2)', () => {
    const c = client();
    const line: [string, string] = ['WWW-Authenticate', 'Digest realm="r", nonce="n", qop="auth", algorithm=SHA-256-sess'];
    const first = params(ok(c.begin(notify).respond(response(401, [line])))[0]);
    const second = params(c.begin(notify).initialHeaders()[0]);
    assert.equal(first.get('cnonce'), second.get('cnonce'));
    assert.equal(second.get('nc'), '00000002');
    const ha1 = sha256(`${sha256('openum:r:s3cret')}:n:${second.get('cnonce')}`);
    const ha2 = sha256(`NOTIFY:${notify.uri}`);
    assert.equal(second.get('response'), sha256(`${ha1}:n:00000002:${second.get('cnonce')}:auth:${ha2}`));
  });

  it('restarts nc at 1 for a new nonce of the same realm', () => {
    const c = client();
    ok(c.begin(notify).respond(response(401, [www('old')])));
    const attempt = c.begin(notify);
    assert.equal(params(attempt.initialHeaders()[0]).get('nc'), '00000002');
    const p = params(ok(attempt.respond(response(401, [www('new', ', stale=true')])))[0]);
    assert.equal(p.get('nonce'), 'new');
    assert.equal(p.get('nc'), '00000001');
  });

  it('clear() forgets cached realms', () => {
    const c = client();
    ok(c.begin(notify).respond(response(401, [www('abc')])));
    assert.deepEqual(c.toJSON(), { realms: [{ header: 'Authorization', realm: 'pbx.example.com', algorithm: 'MD5' }] });
    c.clear();
    assert.deepEqual(c.begin(notify).initialHeaders(), []);
  });
});

describe('RFC 7616 §3.3 stale: refusing authentication loops', () => {
  it('refuses a second challenge with the nonce it already answered (SIP_AUTH_NONCE_LOOP)', () => {
    const attempt = client().begin(notify);
    ok(attempt.respond(response(401, [www('abc')])));
    refused(attempt.respond(response(401, [www('abc')])), 'SIP_AUTH_NONCE_LOOP');
  });

  it('refuses the same nonce again even when the peer says stale=true', () => {
    const attempt = client().begin(notify);
    ok(attempt.respond(response(401, [www('abc')])));
    refused(attempt.respond(response(401, [www('abc', ', stale=true')])), 'SIP_AUTH_NONCE_LOOP');
  });

  it('refuses a fresh nonce without stale=true: the password is wrong (SIP_AUTH_REJECTED)', () => {
    const c = client();
    const attempt = c.begin(notify);
    ok(attempt.respond(response(401, [www('abc')])));
    refused(attempt.respond(response(401, [www('def')])), 'SIP_AUTH_REJECTED');
    assert.deepEqual(c.begin(notify).initialHeaders(), [], 'rejected credentials are not reused');
  });

  it('retries with the new nonce when the peer says stale=true', () => {
    const attempt = client().begin(notify);
    ok(attempt.respond(response(401, [www('abc')])));
    const p = params(ok(attempt.respond(response(401, [www('def', ', stale=true')])))[0]);
    assert.equal(p.get('nonce'), 'def');
  });

  it(`gives up after ${MAX_STALE_RETRIES} stale retries of one request (SIP_AUTH_STALE_LOOP)`, () => {
    const attempt = client().begin(notify);
    ok(attempt.respond(response(401, [www('n0')])));
    for (let i = 1; i <= MAX_STALE_RETRIES; i++) ok(attempt.respond(response(401, [www(`n${i}`, ', stale=true')])));
    refused(attempt.respond(response(401, [www('last', ', stale=true')])), 'SIP_AUTH_STALE_LOOP');
  });

  it('counts stale retries per request, not per client', () => {
    const c = client();
    for (let r = 0; r < 3; r++) {
      const attempt = c.begin(notify);
      attempt.initialHeaders();
      ok(attempt.respond(response(401, [www(`r${r}a`, r === 0 ? '' : ', stale=true')])));
      ok(attempt.respond(response(401, [www(`r${r}b`, ', stale=true')])));
    }
  });

  it('answers a fresh challenge once after cached credentials were refused, then stops', () => {
    const c = client();
    ok(c.begin(notify).respond(response(401, [www('abc')])));
    const attempt = c.begin(notify);
    assert.equal(attempt.initialHeaders().length, 1);
    // The peer forgot "abc" (restart) and challenges without stale: not evidence of a bad password.
    assert.equal(params(ok(attempt.respond(response(401, [www('def')])))[0]).get('nonce'), 'def');
    refused(attempt.respond(response(401, [www('ghi')])), 'SIP_AUTH_REJECTED');
  });

  it('refuses when cached credentials come back challenged with their own nonce', () => {
    const c = client();
    ok(c.begin(notify).respond(response(401, [www('abc')])));
    const attempt = c.begin(notify);
    attempt.initialHeaders();
    refused(attempt.respond(response(401, [www('abc')])), 'SIP_AUTH_NONCE_LOOP');
  });
});
