import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameStream, parseMessage, serializeMessage, type SipMessage } from '../../../src/sip/message/index.js';
import { corpus } from '../../../bench/corpus/realistic.js';

/** Feeds `chunks` to a framer loop like a TCP transport's and returns the messages it cut out. */
function feed(chunks: Buffer[]): { messages: SipMessage[]; keepalives: number } {
  let buffered = Buffer.alloc(0);
  const messages: SipMessage[] = [];
  let keepalives = 0;
  for (const chunk of chunks) {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const r = frameStream(buffered);
      if ('error' in r) throw r.error;
      if ('needMore' in r) {
        keepalives += r.keepaliveBytes;
        buffered = buffered.subarray(r.keepaliveBytes);
        break;
      }
      keepalives += r.keepaliveBytes;
      messages.push(parseMessage(buffered.subarray(0, r.messageLength)));
      buffered = buffered.subarray(r.messageLength);
    }
  }
  return { messages, keepalives };
}

const stream = Buffer.concat([
  Buffer.from('\r\n\r\n'), // RFC 5626 §3.5.1 keep-alive ping
  corpus[0]!.data, corpus[3]!.data, Buffer.from('\r\n'), corpus[6]!.data, corpus[7]!.data,
]);
const expected = [0, 3, 6, 7].map((i) => serializeMessage(parseMessage(corpus[i]!.data)).toString('latin1'));

describe('RFC 3261 §18.3 stream framing', () => {
  it('cuts a stream into its messages and skips CRLF keep-alives (RFC 5626 §3.5.1)', () => {
    const { messages, keepalives } = feed([stream]);
    assert.deepEqual(messages.map((m) => serializeMessage(m).toString('latin1')), expected);
    assert.equal(keepalives, 6);
  });

  it('gives the same messages when the stream is split at every possible byte offset', () => {
    for (let at = 1; at < stream.length; at++) {
      const { messages } = feed([stream.subarray(0, at), stream.subarray(at)]);
      assert.equal(messages.length, 4, `split at ${at}`);
      assert.deepEqual(messages.map((m) => serializeMessage(m).toString('latin1')), expected, `split at ${at}`);
    }
  });

  it('gives the same messages when fed one byte at a time', () => {
    const bytes = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
    assert.equal(feed(bytes).messages.length, 4);
  });

  it('waits for the whole body announced by Content-Length, counted in bytes', () => {
    const body = 'é'.repeat(10);
    const msg = Buffer.from(`MESSAGE sip:a@h SIP/2.0\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    assert.deepEqual(frameStream(msg.subarray(0, msg.length - 1)), { needMore: true, keepaliveBytes: 0 });
    assert.deepEqual(frameStream(msg), { messageLength: msg.length, keepaliveBytes: 0 });
  });

  it('refuses to buffer headers beyond maxMessageBytes or a line beyond maxLineLength', () => {
    const r1 = frameStream(Buffer.alloc(70000, 0x61));
    assert.ok('error' in r1 && r1.error.code === 'SIP_PARSE_LIMIT');
    const r2 = frameStream(Buffer.from('INVITE sip:a@h SIP/2.0\r\nX: ' + 'y'.repeat(9000)));
    assert.ok('error' in r2 && r2.error.code === 'SIP_PARSE_LIMIT');
  });

  it('rejects a Content-Length above maxBodyBytes before the body arrives', () => {
    const r = frameStream(Buffer.from('INVITE sip:a@h SIP/2.0\r\nl: 100000\r\n\r\n'));
    assert.ok('error' in r && r.error.code === 'SIP_PARSE_LIMIT' && r.error.status === 413);
  });

  it('rejects conflicting or malformed Content-Length values', () => {
    const r1 = frameStream(Buffer.from('INVITE sip:a@h SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\nab'));
    assert.ok('error' in r1 && r1.error.code === 'SIP_PARSE_CONTENT_LENGTH');
    const r2 = frameStream(Buffer.from('INVITE sip:a@h SIP/2.0\r\nContent-Length: -1\r\n\r\n'));
    assert.ok('error' in r2 && r2.error.code === 'SIP_PARSE_CONTENT_LENGTH');
  });
});
