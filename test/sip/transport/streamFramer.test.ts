import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TransportError } from '../../../src/sip/transport/errors.js';
import { StreamFramer, type FramerEvent } from '../../../src/sip/transport/streamFramer.js';
import { requestBytes, seededRandom } from './fixtures.js';

const limits = { maxHeaderBytes: 4096, maxBodyBytes: 1024 };

function messages(events: FramerEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'message' ? [e.data.toString('latin1')] : []));
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TransportError);
    return err.code;
  }
  assert.fail('expected a TransportError');
}

describe('RFC 3261 §18.3 stream framing', () => {
  const a = requestBytes({ via: 'SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKa', callId: 'a', body: 'v=0\r\n' });
  const b = requestBytes({ via: 'SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKb', callId: 'b', body: 'héllo', compactLength: true });

  it('cuts two messages arriving in one chunk at their Content-Length', () => {
    const framer = new StreamFramer(limits);
    assert.deepEqual(messages(framer.push(Buffer.concat([a, b]))), [a.toString('latin1'), b.toString('latin1')]);
    assert.equal(framer.bufferedLength, 0);
  });

  it('yields the same messages whatever the chunk boundaries (seeded random splits)', () => {
    const stream = Buffer.concat([a, Buffer.from('\r\n\r\n'), b, a]);
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const framer = new StreamFramer(limits);
      const events: FramerEvent[] = [];
      let at = 0;
      while (at < stream.length) {
        const n = 1 + Math.floor(random() * 40);
        events.push(...framer.push(stream.subarray(at, at + n)));
        at += n;
      }
      assert.deepEqual(
        events.map((e) => (e.kind === 'message' ? e.data.toString('latin1') : 'PING')),
        [a.toString('latin1'), 'PING', b.toString('latin1'), a.toString('latin1')],
        `seed ${seed}`,
      );
    }
  });

  it('counts Content-Length in bytes, and reads the compact form l: in any case (§7.3.3)', () => {
    const framer = new StreamFramer(limits);
    const raw = Buffer.from('OPTIONS sip:x SIP/2.0\r\nL :  3\r\n\r\nabcNEXT');
    assert.deepEqual(messages(framer.push(raw)), ['OPTIONS sip:x SIP/2.0\r\nL :  3\r\n\r\nabc']);
    assert.equal(framer.bufferedLength, 4);
  });

  it('treats a message without Content-Length as having no body', () => {
    const framer = new StreamFramer(limits);
    assert.equal(messages(framer.push(Buffer.from('OPTIONS sip:x SIP/2.0\r\nCall-ID: 1\r\n\r\n'))).length, 1);
  });

  it('reports a double-CRLF keep-alive as a ping (RFC 5626 §3.5.1)', () => {
    const framer = new StreamFramer(limits);
    assert.deepEqual(framer.push(Buffer.from('\r\n\r\n')), [{ kind: 'ping' }]);
    assert.equal(framer.bufferedLength, 0);
  });

  it('waits on a lone CRLF (a ping may follow) and drops it before a message (§7.5)', () => {
    const framer = new StreamFramer(limits);
    assert.deepEqual(framer.push(Buffer.from('\r\n')), []);
    assert.deepEqual(messages(framer.push(a)), [a.toString('latin1')]);
  });

  it('refuses a header block longer than maxHeaderBytes without its empty line', () => {
    const framer = new StreamFramer(limits);
    framer.push(Buffer.from('OPTIONS sip:x SIP/2.0\r\n'));
    const filler = Buffer.from(`X-Junk: ${'a'.repeat(100)}\r\n`);
    let code = '';
    for (let i = 0; i < 100 && code === ''; i++) {
      try {
        framer.push(filler);
      } catch (err) {
        code = (err as TransportError).code;
        assert.equal((err as TransportError).status, 513);
      }
    }
    assert.equal(code, 'SIP_TRANSPORT_HEADER_TOO_LARGE');
    assert.ok(framer.bufferedLength <= limits.maxHeaderBytes + filler.length);
    assert.equal(codeOf(() => framer.push(a)), 'SIP_TRANSPORT_HEADER_TOO_LARGE', 'stays broken');
  });

  it('refuses a body larger than maxBodyBytes as soon as the header block is read', () => {
    const framer = new StreamFramer(limits);
    assert.equal(codeOf(() => framer.push(Buffer.from('OPTIONS sip:x SIP/2.0\r\nContent-Length: 1025\r\n\r\n'))), 'SIP_TRANSPORT_BODY_TOO_LARGE');
  });

  const badLengths: Array<[string, string]> = [
    ['not a number', 'Content-Length: abc'],
    ['negative', 'Content-Length: -1'],
    ['empty', 'Content-Length:'],
    ['too many digits', 'Content-Length: 00000000001'],
    ['two different values', 'Content-Length: 1\r\nl: 2'],
  ];
  for (const [what, header] of badLengths) {
    it(`refuses a Content-Length that is ${what} with SIP_TRANSPORT_BAD_CONTENT_LENGTH`, () => {
      const framer = new StreamFramer(limits);
      const raw = Buffer.from(`OPTIONS sip:x SIP/2.0\r\n${header}\r\n\r\n`);
      assert.equal(codeOf(() => framer.push(raw)), 'SIP_TRANSPORT_BAD_CONTENT_LENGTH');
    });
  }
});
