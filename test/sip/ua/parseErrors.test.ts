import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMessage, type SipResponse } from '../../../src/sip/message/index.js';
import type { Endpoint } from '../../../src/sip/transport/index.js';
import { answerForParseError } from '../../../src/sip/ua/parseErrors.js';

const source: Endpoint = { transport: 'UDP', address: '192.0.2.10', port: 5062 };

/** The error parseMessage throws for `lines` (which must not parse). */
function parseErrorOf(lines: string[]): unknown {
  try {
    parseMessage(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), { datagram: true });
  } catch (err) {
    return err;
  }
  assert.fail('the message parsed');
}

function broken(to: string, extra: string[] = ['Content-Length: abc']): string[] {
  return [
    'OPTIONS sip:1001@um.example.test SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKpe1',
    'Max-Forwards: 70',
    'From: <sip:gw@pbx.example.test>;tag=f1',
    `To: ${to}`,
    'Call-ID: pe-1@192.0.2.10',
    'CSeq: 9 OPTIONS',
    ...extra,
  ];
}

function answerTo(lines: string[]): SipResponse {
  const answer = answerForParseError(parseErrorOf(lines), source, 'OpenUM-test');
  assert.ok(answer, 'an answer is built');
  const msg = parseMessage(answer.data, { datagram: true });
  assert.equal(msg.type, 'response');
  return msg as SipResponse;
}

describe('RFC 3261 §8.2.6 answers to requests that do not parse', () => {
  it('answers 400 with the request\'s Via, From, Call-ID and CSeq and a Warning, sent per the top Via, per §8.2.6.2 and §18.2.2', () => {
    const answer = answerForParseError(parseErrorOf(broken('<sip:1001@um.example.test>')), source, 'OpenUM-test');
    assert.ok(answer);
    const r = parseMessage(answer.data, { datagram: true }) as SipResponse;
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('Via'), 'SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKpe1');
    assert.equal(r.from.params.get('tag'), 'f1');
    assert.equal(r.callId, 'pe-1@192.0.2.10');
    assert.deepEqual(r.cseq, { seq: 9, method: 'OPTIONS' });
    assert.match(r.headers.get('Warning') ?? '', /^399 openum ".*Content-Length.*"$/i);
    assert.equal(answer.target.address, '192.0.2.10');
    assert.equal(answer.target.port, 5062);
  });

  const tagTable: Array<[to: string, keeps: string | null]> = [
    ['<sip:1001@um.example.test>', null],
    ['<sip:1001@um.example.test>;tag=abc', 'abc'],
    ['sip:1001@um.example.test;tag=def', 'def'],
    ['"Voice Mail" <sip:1001@um.example.test;tag=uriparam>', null],
  ];
  for (const [to, keeps] of tagTable) {
    it(`${keeps ? 'keeps the To tag of' : 'adds a To tag to'} ${to}, per §8.2.6.2`, () => {
      const r = answerTo(broken(to));
      const tag = r.to.params.get('tag');
      if (keeps) assert.equal(tag, keeps);
      else assert.match(tag ?? '', /^[0-9a-f]{16}$/);
    });
  }

  it('builds no answer for a broken response, per §18.1.2 (a response is never answered)', () => {
    const err = parseErrorOf(['SIP/2.0 200 OK', 'Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKr', 'From: <sip:a@b>;tag=1', 'To: <sip:c@d>', 'Call-ID: x', 'CSeq: one OPTIONS']);
    assert.equal(answerForParseError(err, source, 'OpenUM-test'), null);
  });

  it('builds no answer when the Via cannot be read, per §8.2.6 (nowhere to send it)', () => {
    const lines = broken('<sip:1001@um.example.test>').map((l) => (l.startsWith('Via:') ? 'Via: garbage here' : l));
    assert.equal(answerForParseError(parseErrorOf(lines), source, 'OpenUM-test'), null);
  });
});
