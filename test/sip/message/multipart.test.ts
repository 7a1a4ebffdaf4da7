import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMultipart } from '../../../src/sip/message/index.js';

describe('RFC 2046 §5.1 multipart bodies', () => {
  it('splits multipart/mixed into parts with headers and byte bodies, ignoring preamble and epilogue', () => {
    const body = Buffer.concat([
      Buffer.from('preamble\r\n--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n\r\n--b1\r\nContent-Type: application/octet-stream\r\n\r\n'),
      Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80]),
      Buffer.from('\r\n--b1--\r\nepilogue'),
    ]);
    const parts = parseMultipart('multipart/mixed;boundary=b1', body);
    assert.equal(parts.length, 2);
    assert.equal(parts[0]!.headers.get('content-type'), 'application/sdp');
    assert.equal(parts[0]!.body.toString(), 'v=0\r\n');
    assert.deepEqual([...parts[1]!.body], [0x00, 0xff, 0x0d, 0x0a, 0x80]);
  });

  it('splits multipart/alternative whose first delimiter starts the body, with a headerless part', () => {
    const parts = parseMultipart('multipart/alternative; boundary="x y"', Buffer.from('--x y\r\n\r\nplain\r\n--x y  \r\nContent-Type: text/html\r\n\r\n<b>hi</b>\r\n--x y--'));
    assert.deepEqual(parts.map((p) => [p.headers.size, p.body.toString()]), [[0, 'plain'], [1, '<b>hi</b>']]);
  });

  it('rejects a body without its boundary, a missing close delimiter, or a non-multipart type', () => {
    assert.throws(() => parseMultipart('multipart/mixed;boundary=zz', Buffer.from('--b1\r\n\r\nx\r\n--b1--')), { code: 'SIP_PARSE_BAD_MULTIPART' });
    assert.throws(() => parseMultipart('multipart/mixed;boundary=b1', Buffer.from('--b1\r\n\r\nx')), { code: 'SIP_PARSE_BAD_MULTIPART' });
    assert.throws(() => parseMultipart('application/sdp', Buffer.from('v=0')), { code: 'SIP_PARSE_BAD_MULTIPART' });
    assert.throws(() => parseMultipart('multipart/mixed', Buffer.from('--b1--')), { code: 'SIP_PARSE_BAD_MULTIPART' });
  });
});
