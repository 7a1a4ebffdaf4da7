/**
 * DTMF in SIP INFO bodies: application/dtmf-relay (`Signal=5`, `Duration=160`) and
 * application/dtmf (the digit alone). No RFC defines them; the shapes are those PBXs send.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSipInfoDtmf } from '../../../src/media/dtmf/index.js';

const RELAY = 'application/dtmf-relay';

describe('SIP INFO application/dtmf-relay', () => {
  const good: { body: string; digit: string; durationMs: number | null }[] = [
    { body: 'Signal=5\r\nDuration=160\r\n', digit: '5', durationMs: 160 },
    { body: 'Signal=5\nDuration=160', digit: '5', durationMs: 160 },
    { body: 'Signal= #\r\nDuration= 250\r\n', digit: '#', durationMs: 250 },
    { body: 'Signal=*\r\n', digit: '*', durationMs: null },
    { body: 'Signal=10\r\nDuration=100\r\n', digit: '*', durationMs: 100 },
    { body: 'Signal=11\r\nDuration=100\r\n', digit: '#', durationMs: 100 },
    { body: 'Signal=12\r\n', digit: 'A', durationMs: null },
    { body: 'Signal=d\r\n', digit: 'D', durationMs: null },
    { body: 'signal = 0\r\nduration = 80\r\n', digit: '0', durationMs: 80 },
    { body: 'Duration=160\r\nSignal=9\r\n', digit: '9', durationMs: 160 },
    { body: 'Signal=7\r\nDuration=abc\r\n', digit: '7', durationMs: null },
  ];
  for (const c of good) {
    it(`reads ${JSON.stringify(c.body)} as '${c.digit}'`, () => {
      assert.deepEqual(parseSipInfoDtmf(RELAY, c.body), { digit: c.digit, source: 'sip-info', durationMs: c.durationMs });
    });
  }

  const garbage = ['', 'Duration=160\r\n', 'Signal=\r\n', 'Signal=E\r\n', 'Signal=16\r\n', 'Signal=55\r\n', 'Signal=5 6\r\n', 'Signal=1\r\nSignal=2\r\n', 'hello world', '\u0000\u0001\u0002', 'Signal=5'.padEnd(2000, ' ')];
  for (const body of garbage) {
    it(`returns null for the garbage body ${JSON.stringify(body.slice(0, 30))}`, () => {
      assert.equal(parseSipInfoDtmf(RELAY, body), null);
    });
  }

  it('accepts Content-Type in any case and with parameters', () => {
    assert.equal(parseSipInfoDtmf('Application/DTMF-Relay; charset=utf-8', 'Signal=3')?.digit, '3');
  });
});

describe('SIP INFO application/dtmf', () => {
  const cases: [string, string | null][] = [
    ['5', '5'],
    ['5\r\n', '5'],
    [' # ', '#'],
    ['*', '*'],
    ['11', '#'],
    ['b', 'B'],
    ['', null],
    ['55', null],
    ['Signal=5', null],
    ['x', null],
  ];
  for (const [body, digit] of cases) {
    it(`reads ${JSON.stringify(body)} as ${digit === null ? 'nothing' : `'${digit}'`}`, () => {
      const ev = parseSipInfoDtmf('application/dtmf', body);
      assert.deepEqual(ev, digit === null ? null : { digit, source: 'sip-info', durationMs: null });
    });
  }

  it('returns null for other content types, even with a dtmf-like body', () => {
    assert.equal(parseSipInfoDtmf('text/plain', 'Signal=5'), null);
    assert.equal(parseSipInfoDtmf('application/sdp', '5'), null);
  });
});
