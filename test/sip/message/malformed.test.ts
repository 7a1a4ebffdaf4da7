import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMessage, SipParseError, type SipParseErrorCode } from '../../../src/sip/message/index.js';

const good = [
  'INVITE sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1',
  'Max-Forwards: 70',
  'From: <sip:alice@example.com>;tag=1',
  'To: <sip:bob@example.com>',
  'Call-ID: c1@example.com',
  'CSeq: 1 INVITE',
  'Content-Length: 0',
];

/** The good request with header lines replaced (by prefix) or the start line swapped. */
function variant(changes: Record<string, string | null>): Buffer {
  const lines = good.map((l) => {
    for (const [prefix, replacement] of Object.entries(changes)) if (l.startsWith(prefix)) return replacement;
    return l;
  }).filter((l): l is string => l !== null);
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n');
}

const cases: Array<[string, Buffer, SipParseErrorCode, number]> = [
  ['empty datagram', Buffer.from('\r\n\r\n'), 'SIP_PARSE_EMPTY', 400],
  ['no empty line after the headers', Buffer.from(good.join('\r\n') + '\r\n'), 'SIP_PARSE_TRUNCATED', 400],
  ['method that is not a token', variant({ INVITE: 'INV@TE sip:bob@example.com SIP/2.0' }), 'SIP_PARSE_BAD_START_LINE', 400],
  ['two elements in the Request-Line', variant({ INVITE: 'INVITE sip:bob@example.com' }), 'SIP_PARSE_BAD_START_LINE', 400],
  ['tab between Request-Line elements', variant({ INVITE: 'INVITE\tsip:bob@example.com SIP/2.0' }), 'SIP_PARSE_BAD_START_LINE', 400],
  ['SIP/3.0 (RFC 3261 §21.5.6: 505)', variant({ INVITE: 'INVITE sip:bob@example.com SIP/3.0' }), 'SIP_PARSE_BAD_VERSION', 505],
  ['HTTP/1.1 version', variant({ INVITE: 'INVITE sip:bob@example.com HTTP/1.1' }), 'SIP_PARSE_BAD_START_LINE', 400],
  ['mailto: Request-URI (RFC 3261 §8.2.2.1 → 416)', variant({ INVITE: 'INVITE mailto:bob@example.com SIP/2.0' }), 'SIP_PARSE_UNSUPPORTED_URI_SCHEME', 416],
  ['SIP URI without host', variant({ INVITE: 'INVITE sip:bob@ SIP/2.0' }), 'SIP_PARSE_BAD_URI', 400],
  ['SIP URI port above 65535', variant({ INVITE: 'INVITE sip:bob@example.com:70000 SIP/2.0' }), 'SIP_PARSE_BAD_URI', 400],
  ['bad %-escape in the user part', variant({ INVITE: 'INVITE sip:b%zzb@example.com SIP/2.0' }), 'SIP_PARSE_BAD_URI', 400],
  ['header line without a colon', variant({ 'Max-Forwards': 'Max-Forwards 70' }), 'SIP_PARSE_BAD_HEADER', 400],
  ['space inside a header name', variant({ 'Max-Forwards': 'Max Forwards: 70' }), 'SIP_PARSE_BAD_HEADER', 400],
  ['bare LF inside a header', variant({ 'Max-Forwards': 'Max-Forwards: 70\nX: y' }), 'SIP_PARSE_BAD_HEADER', 400],
  ['bare CR inside a header', variant({ 'Max-Forwards': 'Max-Forwards: 70\rX: y' }), 'SIP_PARSE_BAD_HEADER', 400],
  ['continuation line before any header', Buffer.from(['INVITE sip:bob@example.com SIP/2.0', ' folded', ...good.slice(1)].join('\r\n') + '\r\n\r\n'), 'SIP_PARSE_BAD_HEADER', 400],
  ['no Via', variant({ Via: null }), 'SIP_PARSE_MISSING_HEADER', 400],
  ['no From', variant({ From: null }), 'SIP_PARSE_MISSING_HEADER', 400],
  ['no To', variant({ To: null }), 'SIP_PARSE_MISSING_HEADER', 400],
  ['no Call-ID', variant({ 'Call-ID': null }), 'SIP_PARSE_MISSING_HEADER', 400],
  ['no CSeq', variant({ CSeq: null }), 'SIP_PARSE_MISSING_HEADER', 400],
  ['two To headers', variant({ To: 'To: <sip:bob@example.com>\r\nt: <sip:carol@example.com>' }), 'SIP_PARSE_DUPLICATE_HEADER', 400],
  ['Via without transport', variant({ Via: 'Via: SIP/2.0 192.0.2.1' }), 'SIP_PARSE_BAD_VIA', 400],
  ['Via without host', variant({ Via: 'Via: SIP/2.0/UDP ;branch=z9hG4bK1' }), 'SIP_PARSE_BAD_VIA', 400],
  ['Via with a bad port', variant({ Via: 'Via: SIP/2.0/UDP 192.0.2.1:99999;branch=z9hG4bK1' }), 'SIP_PARSE_BAD_VIA', 400],
  ['Via with an empty list element', variant({ Via: 'Via: SIP/2.0/UDP a;branch=z9hG4bK1,,SIP/2.0/UDP b' }), 'SIP_PARSE_BAD_VIA', 400],
  ['Via parameter without name', variant({ Via: 'Via: SIP/2.0/UDP a;=x' }), 'SIP_PARSE_BAD_VIA', 400],
  ['CSeq without method', variant({ CSeq: 'CSeq: 1' }), 'SIP_PARSE_BAD_CSEQ', 400],
  ['CSeq that is not a number', variant({ CSeq: 'CSeq: one INVITE' }), 'SIP_PARSE_BAD_CSEQ', 400],
  ['CSeq of 2**32', variant({ CSeq: 'CSeq: 4294967296 INVITE' }), 'SIP_PARSE_BAD_CSEQ', 400],
  ['Call-ID with a space', variant({ 'Call-ID': 'Call-ID: a b' }), 'SIP_PARSE_BAD_CALL_ID', 400],
  ['Max-Forwards 256', variant({ 'Max-Forwards': 'Max-Forwards: 256' }), 'SIP_PARSE_BAD_MAX_FORWARDS', 400],
  ['Max-Forwards negative', variant({ 'Max-Forwards': 'Max-Forwards: -1' }), 'SIP_PARSE_BAD_MAX_FORWARDS', 400],
  ['From without <', variant({ From: 'From: "Alice" sip:alice@example.com' }), 'SIP_PARSE_BAD_NAME_ADDR', 400],
  ['From without >', variant({ From: 'From: <sip:alice@example.com;tag=1' }), 'SIP_PARSE_BAD_NAME_ADDR', 400],
  ['To with text after the address', variant({ To: 'To: <sip:bob@example.com> junk' }), 'SIP_PARSE_BAD_NAME_ADDR', 400],
  ['To addr-spec with ? (RFC 3261 §20.10)', variant({ To: 'To: sip:bob@example.com?x=y' }), 'SIP_PARSE_BAD_NAME_ADDR', 400],
  ['From tag without value', variant({ From: 'From: <sip:alice@example.com>;tag=' }), 'SIP_PARSE_BAD_NAME_ADDR', 400],
  ['Content-Length not a number', variant({ 'Content-Length': 'Content-Length: ten' }), 'SIP_PARSE_CONTENT_LENGTH', 400],
  ['Content-Length larger than the body', variant({ 'Content-Length': 'Content-Length: 10' }), 'SIP_PARSE_CONTENT_LENGTH', 400],
  ['Content-Length larger than maxBodyBytes', variant({ 'Content-Length': 'Content-Length: 99999999999999999999' }), 'SIP_PARSE_LIMIT', 413],
];

describe('RFC 3261 §8.2 / §25 malformed requests: each rejected with its stable code', () => {
  for (const [what, data, code, status] of cases) {
    it(`${what} → ${code} (${status})`, () => {
      assert.throws(() => parseMessage(data, { datagram: true }), (e: unknown) => {
        assert.ok(e instanceof SipParseError, `not a SipParseError: ${String(e)}`);
        assert.equal(e.code, code, e.message);
        assert.equal(e.status, status);
        assert.equal(e.isResponse, false);
        return true;
      });
    });
  }

  it('marks a broken response so the transport drops it (RFC 3261 §18.1.2)', () => {
    const data = Buffer.from('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: x\r\n\r\n');
    assert.throws(() => parseMessage(data), (e: unknown) => e instanceof SipParseError && e.isResponse && e.responseContext === undefined);
  });

  it('gives the raw core values needed for the 400 when a request is broken after its Via', () => {
    assert.throws(() => parseMessage(variant({ CSeq: 'CSeq: 1' })), (e: unknown) => {
      assert.ok(e instanceof SipParseError);
      assert.equal(e.responseContext?.via[0]?.host, '192.0.2.1');
      assert.equal(e.responseContext?.from, '<sip:alice@example.com>;tag=1');
      assert.equal(e.responseContext?.callId, 'c1@example.com');
      assert.equal(e.responseContext?.cseq, '1');
      return true;
    });
  });
});
