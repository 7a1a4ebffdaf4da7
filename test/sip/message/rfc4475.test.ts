import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseMessage, parseMultipart, parseNameAddrList, SipParseError, validateRequestSemantics,
  type NameAddr, type SipMessage, type SipRequest, type SipUri, type Uri,
} from '../../../src/sip/message/index.js';
import { readVector, rfc4475 } from '../../vectors/sip/rfc4475/expectations.js';

function parse(name: string): SipMessage {
  return parseMessage(readVector(name), { datagram: true });
}
function request(name: string): SipRequest {
  const m = parse(name);
  assert.equal(m.type, 'request');
  return m as SipRequest;
}
function sip(uri: Uri): SipUri {
  assert.ok(uri.scheme === 'sip' || uri.scheme === 'sips', `expected a SIP URI, got ${uri.scheme}`);
  return uri as SipUri;
}
function contacts(m: SipMessage): NameAddr[] {
  const list = parseNameAddrList(m.headers.getAll('Contact'));
  assert.notEqual(list, '*');
  return list as NameAddr[];
}

describe('RFC 4475 torture tests: parser outcome of every message', () => {
  for (const v of rfc4475) {
    it(`${v.name} (§${v.section}, ${v.property}) → ${v.expect.outcome === 'parse' ? 'parsed' : v.expect.code}`, () => {
      const data = readVector(v.name);
      if (v.expect.outcome === 'parse') {
        const m = parseMessage(data, { datagram: true });
        assert.ok(m.via.length >= 1);
        return;
      }
      const expected = v.expect;
      assert.throws(() => parseMessage(data, { datagram: true }), (e: unknown) => {
        assert.ok(e instanceof SipParseError, `expected SipParseError, got ${String(e)}`);
        assert.equal(e.code, expected.code);
        assert.equal(e.status, expected.status);
        assert.equal(e.isResponse, expected.isResponse === true);
        return true;
      });
    });
  }
});

describe('RFC 4475 §3.1.1 valid messages: the values a tolerant parser must read', () => {
  it('wsinv: reads folded, oddly spaced and oddly cased headers', () => {
    const m = request('wsinv');
    assert.equal(m.maxForwards, 68);
    assert.deepEqual(m.cseq, { seq: 9, method: 'INVITE' });
    assert.equal(m.to.params.get('tag'), '8321234356');
    assert.equal(m.from.displayName, 'Bob \\ "Jr"');
    assert.equal(m.from.params.get('tag'), '2a8f3b');
    assert.deepEqual(m.via.map((v) => [v.transport, v.host, v.params.get('branch')]), [
      ['UDP', '192.0.2.2', 'z9hG4bKwsinv1'], ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'], ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    assert.equal(m.headers.get('UnknownHeaderWithUnusualValue'), ';;,,;;,;');
    assert.equal(m.headers.get('NewFangledHeader'), 'newfangled value continued newfangled value');
    assert.equal(m.headers.get('Subject'), '');
    const [contact] = contacts(m);
    assert.equal(contact?.displayName, 'Quoted string ""');
    assert.equal(contact?.params.get('newparam'), 'newvalue');
    assert.equal(contact?.params.get('secondparam'), null);
    assert.equal(contact?.params.get('q'), '0.33');
    assert.equal(sip(m.uri).params.get('unknownparam'), null);
    assert.equal(m.body.length, Number(m.headers.get('Content-Length')));
  });

  it('intmeth: keeps an extension method and the strangest legal URI characters', () => {
    const m = request('intmeth');
    assert.equal(m.method, "!interesting-Method0123456789_*+`.%indeed'~");
    assert.equal(m.cseq.method, m.method);
    const uri = sip(m.uri);
    assert.equal(uri.user, "1_odd.URI~(so!true)&isn't+it$/wild?,/;;*");
    assert.equal(uri.password, "&pw+has=1,odd!*pas$wo~d_too.(isn't-it)");
    assert.equal(uri.host, 'example.com');
    assert.equal(m.to.displayName, 'BEL:\x07 NUL:\x00 DEL:\x7f');
    assert.equal(m.from.displayName, "token1~` token2'+_ token3*%!.-");
    assert.equal(m.from.params.get("fromparam''~+*_!.-%"), 'работающий');
    assert.equal(m.callId, "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    assert.equal(m.headers.get("extensionHeader-!.%*+_`'~"), '\uFEFF大停電');
  });

  it('esc01: unescapes user parts and URI parameters', () => {
    const m = request('esc01');
    assert.equal(sip(m.uri).user, 'sips:user@example.com');
    assert.equal(sip(m.to.uri).user, 'user');
    assert.equal(sip(m.from.uri).user, 'I have spaces');
    const c = sip(contacts(m)[0]!.uri);
    assert.equal(c.user, 'caller');
    assert.equal(c.params.get('lr'), null);
    assert.equal(c.params.get('name'), 'value%41');
  });

  it('escnull: %00 becomes a NUL character in the user part', () => {
    const m = request('escnull');
    assert.equal(sip(m.to.uri).user, 'null-\x00-null');
    assert.deepEqual(contacts(m).map((c) => sip(c.uri).user), ['\x00', '\x00\x00']);
  });

  it('esc02: % in a method or display name is literal', () => {
    const m = request('esc02');
    assert.equal(m.method, 'RE%47IST%45R');
    assert.equal(m.to.displayName, '%Z%45');
    assert.equal(m.headers.get('C%6Fntact'), '<sip:alias2@host2.example.com>');
    assert.equal(contacts(m).length, 2);
  });

  it('lwsdisp: a token display name may touch the <', () => {
    assert.equal(request('lwsdisp').from.displayName, 'caller');
  });

  it('longreq: long values and 22 Vias survive intact', () => {
    const m = request('longreq');
    assert.equal(m.via.length, 22);
    assert.equal(m.from.params.get('tag'), 'T'.repeat(300));
    assert.ok(m.to.displayName !== null && m.to.displayName.length > 400);
  });

  it('dblreq: the octets after Content-Length (a second request) are discarded', () => {
    const m = request('dblreq');
    assert.equal(m.method, 'REGISTER');
    assert.equal(m.body.length, 0);
  });

  it('semiuri: semicolons before @ belong to the user part', () => {
    const uri = sip(request('semiuri').uri);
    assert.equal(uri.user, 'user;par=u@example.net');
    assert.equal(uri.host, 'example.com');
    assert.equal(uri.params.size, 0);
  });

  it('transports: keeps all five Via transports, unknown ones included', () => {
    assert.deepEqual(request('transports').via.map((v) => v.transport), ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
  });

  it('mpart01: splits the multipart body and keeps the binary part byte for byte', () => {
    const m = request('mpart01');
    const parts = parseMultipart(m.headers.get('Content-Type')!, m.body);
    assert.equal(parts.length, 2);
    assert.equal(parts[0]!.headers.get('Content-Type'), 'text/plain');
    assert.equal(parts[0]!.body.toString(), 'You have one new voice message.');
    assert.equal(parts[1]!.headers.get('Content-Disposition'), 'attachment; filename=smime.p7s; handling=required');
    assert.equal(parts[1]!.body.length, 32);
    assert.equal(parts[1]!.body[17], 0xff);
  });

  it('unreason: a UTF-8 reason phrase is decoded', () => {
    const m = parse('unreason');
    assert.equal(m.type === 'response' && m.reason, '= 2**3 * 5**2 <двести — не простое число>');
  });

  it('noreason: an empty reason phrase is accepted', () => {
    const m = parse('noreason');
    assert.ok(m.type === 'response');
    assert.equal(m.status, 100);
    assert.equal(m.reason, '');
  });
});

describe('RFC 4475 §3.1.2-3.4: what the parser leaves to the layers above', () => {
  it('mismatch01 and mismatch02: validateRequestSemantics answers 400 for a CSeq method mismatch', () => {
    for (const name of ['mismatch01', 'mismatch02']) {
      const problem = validateRequestSemantics(request(name));
      assert.equal(problem?.code, 'SIP_REQUEST_CSEQ_METHOD_MISMATCH');
      assert.equal(problem?.status, 400);
    }
  });

  it('bext01: validateRequestSemantics answers 420 listing the unsupported Require tags', () => {
    const problem = validateRequestSemantics(request('bext01'), { supportedExtensions: ['timer', '100rel'] });
    assert.equal(problem?.status, 420);
    assert.deepEqual(problem?.unsupported, ['nothingSupportsThis', 'nothingSupportsThisEither']);
  });

  it('regbadct: the message parses but its Contact is rejected when read', () => {
    const m = request('regbadct');
    assert.throws(() => parseNameAddrList(m.headers.getAll('Contact')), { code: 'SIP_PARSE_BAD_NAME_ADDR' });
  });

  it('insuf: the 400 can still be built from the Via and CSeq that were present', () => {
    assert.throws(() => parse('insuf'), (e: unknown) => {
      assert.ok(e instanceof SipParseError);
      assert.equal(e.responseContext?.via[0]?.params.get('branch'), 'z9hG4bKkdj.insuf');
      assert.equal(e.responseContext?.cseq, '193942 INVITE');
      assert.equal(e.responseContext?.callId, '');
      return true;
    });
  });

  it('badbranch: a branch that is only the magic cookie is kept for the transaction layer to judge', () => {
    assert.equal(request('badbranch').via[0]?.params.get('branch'), 'z9hG4bK');
  });

  it('unksm2: unknown schemes in To, From and Contact stay opaque', () => {
    const m = request('unksm2');
    assert.deepEqual(m.to.uri, { scheme: 'isbn', opaque: '2983792873' });
    assert.equal(m.from.uri.scheme, 'http');
    assert.deepEqual(contacts(m)[0]?.uri, { scheme: 'name', opaque: 'John_Smith' });
  });

  it('zeromf: Max-Forwards 0 is valid syntax', () => {
    assert.equal(request('zeromf').maxForwards, 0);
    assert.equal(validateRequestSemantics(request('zeromf')), null);
  });

  it('cparam01: in addr-spec form the parameter is a header parameter (RFC 3261 §20.10)', () => {
    const [c] = contacts(request('cparam01'));
    assert.equal(c?.params.get('unknownparam'), null);
    assert.equal(sip(c!.uri).params.size, 0);
  });

  it('cparam02: inside <> the parameter is a URI parameter', () => {
    const [c] = contacts(request('cparam02'));
    assert.equal(c?.params.size, 0);
    assert.equal(sip(c!.uri).params.get('unknownparam'), null);
  });

  it('regescrt: an escaped Route header of a Contact URI is unescaped', () => {
    const [c] = contacts(request('regescrt'));
    assert.equal(sip(c!.uri).headers.get('Route'), '<sip:sip.example.com>');
  });

  it('bcast: a response with two Vias parses; the UAC core drops it', () => {
    assert.equal(parse('bcast').via.length, 2);
  });

  it('inv2543: RFC 2543 requests without branch, tags or Max-Forwards parse', () => {
    const m = request('inv2543');
    assert.equal(m.via[0]?.params.has('branch'), false);
    assert.equal(m.from.params.has('tag'), false);
    assert.equal(m.maxForwards, undefined);
  });
});
