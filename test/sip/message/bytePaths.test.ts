import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCSeq } from '../../../src/sip/message/headers/cseq.js';
import { parseCallId } from '../../../src/sip/message/headers/scalars.js';
import { parseUri } from '../../../src/sip/message/headers/uri.js';
import { parseMessage } from '../../../src/sip/message/index.js';

function outcome<T>(f: () => T): { ok: T } | { error: string } {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
}

function request(uri: string, callId: string, cseq: string): Buffer {
  return Buffer.from([
    `OPTIONS ${uri} SIP/2.0`, 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@h>;tag=1', 'To: <sip:b@h>',
    `Call-ID: ${callId}`, `CSeq: ${cseq}`, 'Content-Length: 0', '', '',
  ].join('\r\n'), 'latin1');
}

describe('parseMessage reading core values from the bytes ≡ the string parsers', () => {
  it('CSeq, Call-ID and Request-URI', () => {
    const cseqs = ['1 OPTIONS', '0 OPTIONS', '4294967295 OPTIONS', '4294967296 OPTIONS', '00000000001 OPTIONS', '99999999999 OPTIONS',
      '1  OPTIONS', '1\tOPTIONS', '1OPTIONS', '1 OPT IONS', '1 OPT"', '1 ', 'x OPTIONS', '1 OPTIONS;', '1 INVITE'];
    const callIds = ['abc@h', 'a', 'a b', 'a"b<>@[]', '%41~`', 'a\tb'];
    const uris = ['sip:h', 'sips:a@h:5060;lr', 'sip:a@h:65536', 'sip:a@H', 'sip:a%41@h', 'sip:h?x=1', 'tel:+1555', 'sip:[::1]', 'sip:', 'sip:a@h;;'];
    for (const cseq of cseqs) {
      const m = outcome(() => parseMessage(request('sip:h', 'c@h', cseq)));
      const expected = outcome(() => parseCSeq(cseq));
      assert.deepEqual('ok' in m ? { ok: m.ok.cseq } : m, expected, cseq);
    }
    for (const callId of callIds) {
      const m = outcome(() => parseMessage(request('sip:h', callId, '1 OPTIONS')));
      const expected = outcome(() => parseCallId(callId));
      assert.deepEqual('ok' in m ? { ok: m.ok.callId } : m, expected, callId);
    }
    for (const uri of uris) {
      const m = outcome(() => parseMessage(request(uri, 'c@h', '1 OPTIONS')));
      const expected = outcome(() => parseUri(uri));
      if ('ok' in m && m.ok.type === 'request') assert.deepEqual({ ok: m.ok.uri }, expected, uri);
      else assert.ok('error' in expected || uri.includes('?'), uri);
    }
  });

  it('finds line ends at every alignment: long values, tabs, bare CR and LF', () => {
    const long = 'x'.repeat(37);
    for (let pad = 0; pad < 8; pad++) {
      for (let at = 0; at < 24; at++) {
        for (const odd of ['\t', '\r', '\n', 'y']) {
          const value = long.slice(0, at) + odd + long.slice(at);
          const text = request('sip:h', 'c@h', '1 OPTIONS').toString('latin1').replace('Content-Length: 0', `X-Long: ${value}\r\nContent-Length: 0`);
          const data = Buffer.concat([Buffer.alloc(pad), Buffer.from(text, 'latin1'), Buffer.alloc(5)]).subarray(pad, pad + text.length);
          const m = outcome(() => parseMessage(data));
          if (odd === '\r' || odd === '\n') {
            assert.deepEqual(m, { error: 'SIP_PARSE_BAD_HEADER' }, `pad ${pad} at ${at} ${JSON.stringify(odd)}`);
          } else {
            assert.ok('ok' in m, `pad ${pad} at ${at}`);
            assert.equal(m.ok.headers.get('X-Long'), value.replace(/^\t/, ''), `pad ${pad} at ${at}`);
            assert.equal(m.ok.headers.get('Content-Length'), '0');
          }
        }
      }
    }
  });
});
