import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestCallError } from '../../src/cli/testCall/errors.js';
import { fromNameAddr, redirectHeaders, toNameAddr } from '../../src/cli/testCall/headers.js';
import { parseBind, parseTestCallOptions, type RawTestCallOptions } from '../../src/cli/testCall/options.js';
import { parseDiversion, parseHistoryInfo, parseMessage, parseNameAddr, type SipRequest } from '../../src/sip/message/index.js';

const target = 'sip:8500@127.0.0.1:5060';

function fails(targetText: string, raw: RawTestCallOptions, fragment: string): void {
  assert.throws(
    () => parseTestCallOptions(targetText, raw, '/tmp'),
    (err: unknown) => {
      assert.ok(err instanceof TestCallError, `not a TestCallError: ${String(err)}`);
      assert.equal(err.code, 'TESTCALL_BAD_OPTION');
      assert.ok(err.message.includes(fragment), `"${err.message}" does not mention "${fragment}"`);
      assert.ok(!err.message.includes('\n'), 'one line');
      return true;
    },
  );
}

/** An INVITE carrying the given headers, parsed as OpenUM's server parses it. */
function inviteWith(headers: [string, string][]): SipRequest {
  const text = [
    'INVITE sip:8500@127.0.0.1:5060 SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-1',
    `From: ${fromNameAddr({ from: '2000', name: 'Test "Caller"' }, '127.0.0.1')};tag=1`,
    `To: ${toNameAddr({ target: { uri: target, user: '8500', host: '127.0.0.1', port: 5060 } })}`,
    'Call-ID: a@b', 'CSeq: 1 INVITE', 'Max-Forwards: 70', 'Contact: <sip:2000@127.0.0.1:5080>',
    ...headers.map(([n, v]) => `${n}: ${v}`),
    'Content-Length: 0', '', '',
  ].join('\r\n');
  return parseMessage(Buffer.from(text)) as SipRequest;
}

describe('openum test-call options', () => {
  it('reads the target URI and fills in the defaults', () => {
    const o = parseTestCallOptions(target, {}, '/tmp');
    assert.deepEqual(o.target, { uri: target, user: '8500', host: '127.0.0.1', port: 5060 });
    assert.equal(o.transport, 'udp');
    assert.equal(o.from, '2000');
    assert.equal(o.name, null);
    assert.equal(o.redirect, null);
    assert.equal(o.play, null);
    assert.equal(o.dtmf, '');
    assert.equal(o.dtmfMode, 'rfc4733');
    assert.deepEqual(o.codecs, ['PCMU', 'PCMA', 'G722']);
    assert.equal(o.waitBeep, true);
    assert.equal(o.timeoutSeconds, 30);
    assert.equal(o.hangupAfterSeconds, 5);
    assert.deepEqual(o.bind, { host: null, port: 0 });
    assert.equal(o.json, false);
  });

  it('takes port 5060 when the URI has none, the transport from ;transport=, and IPv6 hosts', () => {
    assert.equal(parseTestCallOptions('sip:8500@127.0.0.1', {}, '/tmp').target.port, 5060);
    assert.equal(parseTestCallOptions('sip:8500@127.0.0.1;transport=tcp', {}, '/tmp').transport, 'tcp');
    assert.deepEqual(parseTestCallOptions('sip:8500@[::1]:5062', {}, '/tmp').target, { uri: 'sip:8500@[::1]:5062', user: '8500', host: '::1', port: 5062 });
  });

  it('reads every option of the issue example', () => {
    const o = parseTestCallOptions(target, {
      from: '+14255550100', name: 'Test Caller', diversion: '1001', reason: 'user-busy', play: 'greeting.wav', dtmf: '1#a',
      dtmfMode: 'INFO', codec: 'g722,pcma', hangupAfter: '2.5', waitBeep: false, recordHeard: 'out/heard.wav', timeout: '5',
      bind: '127.0.0.1:5080', transport: 'udp', json: true,
    }, '/home/u');
    assert.equal(o.from, '+14255550100');
    assert.equal(o.name, 'Test Caller');
    assert.deepEqual(o.redirect, { kind: 'diversion', extension: '1001', reason: 'user-busy' });
    assert.equal(o.play, '/home/u/greeting.wav');
    assert.equal(o.dtmf, '1#A');
    assert.equal(o.dtmfMode, 'info');
    assert.deepEqual(o.codecs, ['G722', 'PCMA']);
    assert.equal(o.hangupAfterSeconds, 2.5);
    assert.equal(o.waitBeep, false);
    assert.equal(o.recordHeard, '/home/u/out/heard.wav');
    assert.equal(o.timeoutSeconds, 5);
    assert.deepEqual(o.bind, { host: '127.0.0.1', port: 5080 });
    assert.equal(o.json, true);
    assert.deepEqual(parseTestCallOptions(target, { historyInfo: '1002' }, '/').redirect, { kind: 'history-info', extension: '1002', reason: 'no-answer' });
  });

  it('reads --bind as IP, IP:PORT, [IPv6] and [IPv6]:PORT', () => {
    assert.deepEqual(parseBind('127.0.0.1'), { host: '127.0.0.1', port: 0 });
    assert.deepEqual(parseBind('10.1.2.3:5080'), { host: '10.1.2.3', port: 5080 });
    assert.deepEqual(parseBind('[::1]:5080'), { host: '::1', port: 5080 });
    assert.deepEqual(parseBind('::1'), { host: '::1', port: 0 });
  });

  describe('refuses with TESTCALL_BAD_OPTION and one line naming the problem', () => {
    const cases: [string, string, RawTestCallOptions, string][] = [
      ['a target without a scheme, suggesting sip:', '8500@127.0.0.1', {}, 'did you mean "sip:8500@127.0.0.1"'],
      ['a tel: target', 'tel:8500', {}, 'is not a sip: URI'],
      ['a sips: target', 'sips:8500@127.0.0.1', {}, 'sips:'],
      ['a target without a number', 'sip:127.0.0.1:5060', {}, 'names no number'],
      ['a malformed URI', 'sip:8500@', {}, 'not a valid SIP URI'],
      ['a target port out of range', 'sip:8500@127.0.0.1:70000', {}, 'not a valid SIP URI'],
      ['a target URI with headers', 'sip:8500@127.0.0.1?Subject=x', {}, '?headers'],
      ['an unknown transport parameter', 'sip:8500@127.0.0.1;transport=sctp', {}, 'use one of udp, tcp'],
      ['a transport contradicting the URI', 'sip:8500@127.0.0.1;transport=tcp', { transport: 'udp' }, 'contradicts'],
      ['--transport tls', target, { transport: 'tls' }, '--transport "tls" is not allowed'],
      ['a caller number with letters', target, { from: 'alice' }, '--from "alice" is not a number'],
      ['an empty caller number', target, { from: '' }, '--from'],
      ['a diversion extension with a space', target, { diversion: '10 01' }, '--diversion "10 01"'],
      ['--history-info that is not a number', target, { historyInfo: 'bob' }, '--history-info "bob"'],
      ['both --diversion and --history-info', target, { diversion: '1001', historyInfo: '1001' }, 'give one of them'],
      ['--reason without a forwarding', target, { reason: 'no-answer' }, '--reason needs --diversion'],
      ['an unknown reason', target, { diversion: '1001', reason: 'deflection' }, 'use one of no-answer, user-busy, unconditional'],
      ['keys that are not DTMF', target, { dtmf: '12x' }, '0-9, *, # and A-D'],
      ['an empty --dtmf', target, { dtmf: '' }, '--dtmf'],
      ['too many keys', target, { dtmf: '1'.repeat(33) }, 'at most 32'],
      ['an unknown DTMF mode', target, { dtmfMode: 'inband' }, 'use one of rfc4733, info'],
      ['an unknown codec', target, { codec: 'opus' }, '--codec "opus"'],
      ['an empty codec list', target, { codec: ',' }, 'names no codec'],
      ['a negative timeout', target, { timeout: '-1' }, '--timeout "-1"'],
      ['a zero timeout', target, { timeout: '0' }, '--timeout "0"'],
      ['a timeout beyond the limit', target, { timeout: '601' }, 'from 0 to 600'],
      ['a hang-up time that is not a number', target, { hangupAfter: 'soon' }, '--hangup-after "soon"'],
      ['a bind address that is a host name', target, { bind: 'localhost:5080' }, '--bind "localhost:5080"'],
      ['a bind port out of range', target, { bind: '127.0.0.1:65536' }, '--bind'],
      ['a display name with a line break', target, { name: 'a\r\nVia: x' }, '--name'],
      ['an empty --play', target, { play: ' ' }, '--play needs'],
    ];
    for (const [what, t, raw, fragment] of cases) it(what, () => fails(t, raw, fragment));
    it('shows a control character of the value as "?"', () => fails(target, { from: '12\u00073' }, '--from "12?3"'));
  });
});

describe('openum test-call forwarding headers', () => {
  const base = { target: { uri: target, user: '8500', host: '127.0.0.1', port: 5060 } };

  it('puts the caller in From with a quoted display name', () => {
    const from = parseNameAddr(fromNameAddr({ from: '2000', name: 'Test "Caller"' }, '10.0.0.5'));
    assert.equal(from.displayName, 'Test "Caller"');
    assert.ok('user' in from.uri && from.uri.user === '2000' && from.uri.host === '10.0.0.5');
  });

  it('adds no forwarding header to a direct call', () => {
    assert.deepEqual(redirectHeaders({ ...base, redirect: null }), []);
  });

  it('writes a Diversion header (RFC 5806) that OpenUM reads back with its reason and counter', () => {
    const headers = redirectHeaders({ ...base, redirect: { kind: 'diversion', extension: '1001', reason: 'no-answer' } });
    assert.deepEqual(headers, [['Diversion', '<sip:1001@127.0.0.1>;reason=no-answer;counter=1']]);
    const [entry] = parseDiversion(inviteWith(headers));
    assert.ok(entry && 'user' in entry.target.uri);
    assert.equal(entry.target.uri.user, '1001');
    assert.equal(entry.reason, 'no-answer');
    assert.equal(entry.counter, 1);
  });

  for (const [reason, cause] of [['no-answer', 408], ['user-busy', 486], ['unconditional', 302]] as const) {
    it(`writes a History-Info chain (RFC 7044) ending in cause ${cause} (RFC 4458) for ${reason}`, () => {
      const headers = redirectHeaders({ ...base, redirect: { kind: 'history-info', extension: '1001', reason } });
      const entries = parseHistoryInfo(inviteWith(headers));
      assert.deepEqual(entries.map((e) => e.index), ['1', '1.1']);
      const [first, last] = entries as [typeof entries[0], typeof entries[0]];
      assert.ok('user' in first.target.uri && first.target.uri.user === '1001');
      assert.equal(first.cause, null);
      assert.ok('user' in last.target.uri && last.target.uri.user === '8500' && last.target.uri.port === 5060);
      assert.equal(last.cause, cause);
      assert.equal(last.mp, '1');
      assert.equal(last.targetParam, 'sip:1001%40127.0.0.1');
    });
  }

  it('brackets an IPv6 host in the forwarding URIs', () => {
    const headers = redirectHeaders({ target: { uri: 'sip:8500@[::1]', user: '8500', host: '::1', port: 5060 }, redirect: { kind: 'diversion', extension: '1001', reason: 'no-answer' } });
    assert.deepEqual(headers, [['Diversion', '<sip:1001@[::1]>;reason=no-answer;counter=1']]);
  });
});
