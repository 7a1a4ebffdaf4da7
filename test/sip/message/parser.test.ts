import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMessage, serializeMessage, type SipMessage } from '../../../src/sip/message/index.js';
import { corpus } from '../../../bench/corpus/realistic.js';

function crlf(...lines: string[]): string {
  return lines.join('\r\n');
}

/** The values that must survive a round trip (headers compared as name/value lists). */
function essence(m: SipMessage): unknown {
  return {
    start: m.type === 'request' ? [m.method, m.uri] : [m.status, m.reason],
    via: m.via, from: m.from, to: m.to, callId: m.callId, cseq: m.cseq, maxForwards: m.maxForwards,
    headers: m.headers.fields().filter((f) => f.name !== 'Content-Length'),
    body: m.body.toString('hex'),
  };
}

describe('RFC 3261 §7 parseMessage', () => {
  it('parses a request line, the core headers and the body', () => {
    const m = parseMessage(corpus[0]!.data);
    assert.equal(m.type, 'request');
    assert.equal(m.type === 'request' && m.method, 'INVITE');
    assert.equal(m.via.length, 2);
    assert.equal(m.via[1]?.params.get('rport'), null);
    assert.equal(m.from.displayName, 'Ann Caller');
    assert.equal(m.from.params.get('tag'), '9fxced76sl');
    assert.deepEqual(m.cseq, { seq: 101, method: 'INVITE' });
    assert.equal(m.maxForwards, 69);
    assert.ok(m.body.toString().startsWith('v=0\r\n'));
  });

  it('parses a status line with its reason phrase', () => {
    const m = parseMessage(corpus[2]!.data);
    assert.ok(m.type === 'response');
    assert.equal(m.status, 180);
    assert.equal(m.reason, 'Ringing');
    assert.equal(m.to.params.get('tag'), 'um-5d1e0a');
  });

  it('counts Content-Length in bytes for a multi-byte UTF-8 body (RFC 3261 §20.14)', () => {
    const body = 'Grüße, 世界 🎉';
    const data = Buffer.from(crlf('MESSAGE sip:a@example.com SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:b@example.com>;tag=1',
      'To: <sip:a@example.com>', 'Call-ID: utf8', 'CSeq: 1 MESSAGE', `Content-Length: ${Buffer.byteLength(body)}`, '', body), 'utf8');
    const m = parseMessage(data);
    assert.equal(m.body.toString('utf8'), body);
    assert.equal(m.body.length, Buffer.byteLength(body));
    assert.notEqual(m.body.length, body.length);
  });

  it('expands compact header names (RFC 3261 §7.3.3) and keeps unknown headers verbatim', () => {
    const m = parseMessage(Buffer.from(crlf('OPTIONS sip:a@example.com SIP/2.0', 'v: SIP/2.0/UDP h;branch=z9hG4bK1', 'f: <sip:b@example.com>;tag=1',
      't: <sip:a@example.com>', 'i: compact', 'CSeq: 1 OPTIONS', 'X-Weird:  ;;,,"unbalanced', 'l: 0', '', '')));
    assert.equal(m.callId, 'compact');
    assert.equal(m.headers.get('Call-ID'), 'compact');
    assert.equal(m.headers.get('x-weird'), ';;,,"unbalanced');
  });

  it('ignores CRLFs before the start line (RFC 3261 §7.5)', () => {
    const m = parseMessage(Buffer.concat([Buffer.from('\r\n\r\n'), corpus[8]!.data]));
    assert.equal(m.type === 'request' && m.method, 'OPTIONS');
  });

  it('over a datagram, a missing Content-Length means the rest of the datagram is the body (RFC 3261 §18.3)', () => {
    const data = Buffer.from(crlf('MESSAGE sip:a@example.com SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:b@example.com>;tag=1',
      'To: <sip:a@example.com>', 'Call-ID: nolen', 'CSeq: 1 MESSAGE', '', 'hello'));
    assert.equal(parseMessage(data, { datagram: true }).body.toString(), 'hello');
    assert.equal(parseMessage(data).body.length, 0);
  });

  it('over a datagram, octets after Content-Length are discarded', () => {
    const data = Buffer.from(crlf('MESSAGE sip:a@example.com SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:b@example.com>;tag=1',
      'To: <sip:a@example.com>', 'Call-ID: short', 'CSeq: 1 MESSAGE', 'Content-Length: 2', '', 'hello'));
    assert.equal(parseMessage(data, { datagram: true }).body.toString(), 'he');
  });
});

describe('RFC 3261 §7 serializeMessage', () => {
  it('writes each corpus message back byte for byte (already canonical)', () => {
    for (const { name, data } of corpus) {
      assert.equal(serializeMessage(parseMessage(data)).toString('latin1'), data.toString('latin1'), name);
    }
  });

  it('parse → serialize → parse gives the same values for every corpus message', () => {
    for (const { name, data } of corpus) {
      const once = parseMessage(data);
      assert.deepEqual(essence(parseMessage(serializeMessage(once))), essence(once), name);
    }
  });

  it('rewrites Content-Length to the real body length in bytes, and adds it when absent', () => {
    const m = parseMessage(corpus[8]!.data);
    m.body = Buffer.from('é', 'utf8');
    const text = serializeMessage(m).toString('utf8');
    assert.match(text, /\r\nContent-Length: 2\r\n\r\né$/);
    m.headers.delete('Content-Length');
    assert.match(serializeMessage(m).toString('utf8'), /\r\nContent-Length: 2\r\n\r\né$/);
  });

  it('normalizes folding and compact names to canonical single-line headers', () => {
    const m = parseMessage(Buffer.from(crlf('OPTIONS sip:a@example.com SIP/2.0', 'v: SIP/2.0/UDP h', ' ;branch=z9hG4bK1', 'f: <sip:b@example.com>;tag=1',
      't: <sip:a@example.com>', 'i: fold', 'CSeq: 1 OPTIONS', 'l: 0', '', '')));
    assert.equal(serializeMessage(m).toString(), crlf('OPTIONS sip:a@example.com SIP/2.0', 'Via: SIP/2.0/UDP h ;branch=z9hG4bK1',
      'From: <sip:b@example.com>;tag=1', 'To: <sip:a@example.com>', 'Call-ID: fold', 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''));
  });
});
