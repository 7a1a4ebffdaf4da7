import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatNameAddr, formatParams, formatUri, formatVia, parseContentType, parseCSeq, parseDiversion, parseHeaderParams,
  parseHistoryInfo, parseMessage, parseNameAddr, parseNameAddrList, parseTelUri, parseUri, parseVia, parseViaList,
  SipHeaders, type SipUri,
} from '../../../src/sip/message/index.js';

function withHeaders(lines: Array<[string, string]>): { headers: SipHeaders } {
  return { headers: new SipHeaders(lines.map(([name, value]) => ({ name, value }))) };
}

describe('RFC 3261 §19.1 SIP and SIPS URIs', () => {
  it('reads user, password, host, port, parameters and headers', () => {
    const uri = parseUri('sips:Alice%20B:secret@Atlanta.Example.COM:5061;transport=tcp;lr;Maddr=239.255.255.1?Subject=hi%20there&Priority=urgent') as SipUri;
    assert.equal(uri.scheme, 'sips');
    assert.equal(uri.user, 'Alice B');
    assert.equal(uri.password, 'secret');
    assert.equal(uri.host, 'atlanta.example.com');
    assert.equal(uri.port, 5061);
    assert.deepEqual([...uri.params], [['transport', 'tcp'], ['lr', null], ['maddr', '239.255.255.1']]);
    assert.deepEqual([...uri.headers], [['Subject', 'hi there'], ['Priority', 'urgent']]);
  });

  it('reads IPv6 references', () => {
    const uri = parseUri('sip:[2001:DB8::10]:5070') as SipUri;
    assert.equal(uri.host, '[2001:db8::10]');
    assert.equal(uri.port, 5070);
  });

  it('keeps other schemes opaque (RFC 3261 §19.1: absoluteURI)', () => {
    assert.deepEqual(parseUri('urn:service:sos'), { scheme: 'urn', opaque: 'service:sos' });
  });

  it('formats URIs that re-parse to the same values', () => {
    for (const text of ['sip:alice@example.com', 'sips:a%40b:p%3Aw@[2001:db8::1]:5061;transport=tls;lr?Route=%3Csip:x%3E',
      'sip:1_odd.URI~(so!true)&isn\'t+it$/wild?,/;;*@example.com', 'sip:%00@h', 'tel:+1-201-555-0123;ext=12', 'mailto:x@example.com']) {
      const once = parseUri(text);
      assert.deepEqual(parseUri(formatUri(once)), once, text);
    }
  });

  it('writes canonical URIs byte for byte', () => {
    for (const text of ['sip:alice@example.com:5060;transport=udp', 'sips:bob@192.0.2.4;lr', 'sip:h?Route=%3Csip:x%3E']) {
      assert.equal(formatUri(parseUri(text)), text);
    }
  });
});

describe('RFC 3966 tel URIs', () => {
  it('removes visual separators from a global number and keeps parameters', () => {
    const tel = parseTelUri('tel:+1-(201)-555.0123;ext=1234;isub=5');
    assert.equal(tel.number, '+12015550123');
    assert.equal(tel.params.get('ext'), '1234');
  });

  it('reads a local number with phone-context', () => {
    const tel = parseTelUri('tel:7042;phone-context=example.com');
    assert.equal(tel.number, '7042');
    assert.equal(tel.params.get('phone-context'), 'example.com');
  });

  it('accepts * and # in local numbers and rejects letters outside hex', () => {
    assert.equal(parseTelUri('tel:*21#;phone-context=+1').number, '*21#');
    assert.throws(() => parseTelUri('tel:+1-800-FLOWERS'), { code: 'SIP_PARSE_BAD_URI' });
    assert.throws(() => parseTelUri('tel:+'), { code: 'SIP_PARSE_BAD_URI' });
  });
});

describe('RFC 3261 §20.10 name-addr and addr-spec', () => {
  it('in addr-spec form, parameters after the URI are header parameters', () => {
    const na = parseNameAddr('sip:bob@example.com;tag=abc;transport=tcp');
    assert.equal(na.displayName, null);
    assert.equal((na.uri as SipUri).params.size, 0);
    assert.deepEqual([...na.params], [['tag', 'abc'], ['transport', 'tcp']]);
  });

  it('inside <>, parameters belong to the URI', () => {
    const na = parseNameAddr('"Bob \\"B\\"" <sip:bob@example.com;transport=tcp>;tag=abc');
    assert.equal(na.displayName, 'Bob "B"');
    assert.equal((na.uri as SipUri).params.get('transport'), 'tcp');
    assert.equal(na.params.get('tag'), 'abc');
  });

  it('reads a Contact list, and the * wildcard alone (RFC 3261 §10.2.2)', () => {
    const list = parseNameAddrList(['<sip:a@h1>;q=0.7, "B, Jr" <sip:b@h2>', 'sip:c@h3;expires=60']);
    assert.notEqual(list, '*');
    assert.deepEqual(list === '*' ? [] : list.map((n) => n.displayName), [null, 'B, Jr', null]);
    assert.equal(parseNameAddrList(['*']), '*');
    assert.throws(() => parseNameAddrList(['*, <sip:a@h>']), { code: 'SIP_PARSE_BAD_NAME_ADDR' });
  });

  it('formats name-addrs that re-parse to the same values', () => {
    for (const text of ['"A \\\\ \\"B\\"" <sip:a@h;lr>;tag=1;q=0.5', 'sip:a@h;x="quoted value"', 'Anonymous <sip:anonymous@anonymous.invalid>',
      '<tel:+15551234;phone-context=x>;rc=1']) {
      const once = parseNameAddr(text);
      assert.deepEqual(parseNameAddr(formatNameAddr(once)), once, text);
    }
  });

  it('formats header parameters, quoting values that are not tokens', () => {
    assert.equal(formatParams(new Map([['tag', 'x1'], ['lr', null], ['text', 'two words']])), ';tag=x1;lr;text="two words"');
    assert.deepEqual(parseHeaderParams(';text="two words";lr'), new Map([['text', 'two words'], ['lr', null]]));
  });
});

describe('RFC 3261 §20.42 Via and RFC 3581 rport', () => {
  it('reads sent-protocol, sent-by and parameters; rport without value is null', () => {
    const via = parseVia('SIP/2.0/udp PC33.Example.com:5066;branch=z9hG4bK776;received=192.0.2.1;rport');
    assert.deepEqual(via, {
      protocol: 'SIP/2.0', transport: 'UDP', host: 'pc33.example.com', port: 5066,
      params: new Map([['branch', 'z9hG4bK776'], ['received', '192.0.2.1'], ['rport', null]]),
    });
    assert.equal(parseVia('SIP/2.0/UDP h;rport=5070').params.get('rport'), '5070');
  });

  it('reads comma-separated Via values in order', () => {
    assert.deepEqual(parseViaList(['SIP/2.0/UDP a, SIP/2.0/TCP b:5060', 'SIP/2.0/TLS [2001:db8::1]:5061']).map((v) => v.host), ['a', 'b', '[2001:db8::1]']);
  });

  it('formats a Via that re-parses to the same value', () => {
    const via = parseVia('SIP/2.0/WSS h.example.com:443;branch=z9hG4bKx;rport;received=[2001:db8::2]');
    assert.deepEqual(parseVia(formatVia(via)), via);
  });
});

describe('RFC 3261 §20.16 CSeq and RFC 2045 Content-Type', () => {
  it('reads CSeq with leading zeros and LWS', () => {
    assert.deepEqual(parseCSeq('0009   INVITE'), { seq: 9, method: 'INVITE' });
  });

  it('reads a media type with quoted parameters', () => {
    const ct = parseContentType('Multipart/Mixed ; boundary="a b;c" ;charset=UTF-8');
    assert.equal(ct.mediaType, 'multipart/mixed');
    assert.equal(ct.params.get('boundary'), 'a b;c');
    assert.equal(ct.params.get('charset'), 'UTF-8');
    assert.throws(() => parseContentType('application'), { code: 'SIP_PARSE_BAD_CONTENT_TYPE' });
  });
});

describe('RFC 5806 Diversion', () => {
  it('returns diversions top first with reason, counter, privacy and screen', () => {
    const msg = withHeaders([
      ['Diversion', '<sip:2001@pbx.example.com>;reason=no-answer;counter=1;privacy=off;screen=no'],
      ['Diversion', '"Front desk" <sip:2000@pbx.example.com>;reason="user-busy";counter=2, <tel:+15551230000>;reason=unconditional;limit=5'],
    ]);
    const d = parseDiversion(msg);
    assert.deepEqual(d.map((e) => [e.reason, e.counter, e.limit]), [['no-answer', 1, null], ['user-busy', 2, null], ['unconditional', null, 5]]);
    assert.equal((d[0]!.target.uri as SipUri).user, '2001');
    assert.equal(d[0]!.privacy, 'off');
    assert.equal(d[0]!.screen, 'no');
    assert.equal(d[1]!.target.displayName, 'Front desk');
  });

  it('rejects a non-numeric counter', () => {
    assert.throws(() => parseDiversion(withHeaders([['Diversion', '<sip:a@h>;counter=x']])), { code: 'SIP_PARSE_BAD_HEADER_VALUE' });
  });

  it('reads Diversion from a parsed INVITE', () => {
    const data = Buffer.from(['INVITE sip:2000@um SIP/2.0', 'Via: SIP/2.0/UDP gw;branch=z9hG4bK1', 'From: <sip:a@gw>;tag=1', 'To: <sip:2000@um>',
      'Call-ID: d1', 'CSeq: 1 INVITE', 'Diversion: <sip:1234@pbx>;reason=user-busy;counter=1', 'Content-Length: 0', '', ''].join('\r\n'));
    assert.equal(parseDiversion(parseMessage(data))[0]?.reason, 'user-busy');
  });
});

describe('RFC 7044 History-Info with RFC 4458 cause', () => {
  const msg = withHeaders([
    ['History-Info', '<sip:voicemail@um.example.com;target=sip:2001%40example.com;cause=486>;index=1.1.1;mp=1.1'],
    ['History-Info', '<sip:2001@example.com?Reason=SIP%3Bcause%3D408%3Btext%3D%22Timeout%22>;index=1.1;rc=1'],
    ['History-Info', '<sip:main@example.com>;index=1, <sip:2002@example.com;cause=302>;index=1.2;rc=1'],
  ]);

  it('orders entries by index: 1, 1.1, 1.1.1, 1.2', () => {
    assert.deepEqual(parseHistoryInfo(msg).map((e) => e.index), ['1', '1.1', '1.1.1', '1.2']);
  });

  it('reads cause 486 and 302 from the cause URI parameter and the original target', () => {
    const byIndex = new Map(parseHistoryInfo(msg).map((e) => [e.index, e]));
    assert.equal(byIndex.get('1.1.1')?.cause, 486);
    assert.equal(byIndex.get('1.1.1')?.targetParam, 'sip:2001@example.com');
    assert.equal(byIndex.get('1.1.1')?.mp, '1.1');
    assert.equal(byIndex.get('1.2')?.cause, 302);
    assert.equal(byIndex.get('1')?.cause, null);
  });

  it('reads cause 408 from an escaped Reason header', () => {
    const entry = parseHistoryInfo(msg).find((e) => e.index === '1.1');
    assert.equal(entry?.reason, 'SIP;cause=408;text="Timeout"');
    assert.equal(entry?.rc, '1');
  });

  it('rejects an index that is not 1 *("." 1*DIGIT)', () => {
    assert.throws(() => parseHistoryInfo(withHeaders([['History-Info', '<sip:a@h>;index=2.x']])), { code: 'SIP_PARSE_BAD_HEADER_VALUE' });
  });
});
