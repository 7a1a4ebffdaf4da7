import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MESSAGE_LIMITS, parseMessage, resolveLimits, SipParseError } from '../../../src/sip/message/index.js';

const head = ['OPTIONS sip:a@example.com SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:b@example.com>;tag=1',
  'To: <sip:a@example.com>', 'Call-ID: lim', 'CSeq: 1 OPTIONS'];

function message(extra: string[], body = ''): Buffer {
  return Buffer.from([...head, ...extra, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n'));
}

function rejectsWithLimit(data: Buffer, status: number, limits?: Parameters<typeof resolveLimits>[0]): void {
  assert.throws(() => parseMessage(data, { datagram: true, ...(limits ? { limits } : {}) }), (e: unknown) => {
    assert.ok(e instanceof SipParseError);
    assert.equal(e.code, 'SIP_PARSE_LIMIT');
    assert.equal(e.status, status);
    return true;
  });
}

describe('message limits (limits.ts), enforced before allocating', () => {
  it('rejects a message larger than maxMessageBytes with 513 before looking inside it', () => {
    const data = Buffer.alloc(70000, 0x41); // not even SIP: the size check comes first
    rejectsWithLimit(data, 513);
  });

  it('rejects more than maxHeaderCount header fields', () => {
    const many = Array.from({ length: 300 }, (_, i) => `X-H${i}: v`);
    rejectsWithLimit(message(many), 513);
    assert.doesNotThrow(() => parseMessage(message(many), { limits: { maxHeaderCount: 400 } }));
  });

  it('rejects a line longer than maxLineLength', () => {
    rejectsWithLimit(message([`Subject: ${'x'.repeat(9000)}`]), 513);
    rejectsWithLimit(message(['Subject: 12345']), 513, { maxLineLength: 10 });
  });

  it('rejects a Content-Length above maxBodyBytes with 413 without slicing the body', () => {
    const data = Buffer.from([...head, 'Content-Length: 4000000000', '', 'short'].join('\r\n'));
    rejectsWithLimit(data, 413);
    rejectsWithLimit(message([], 'hello'), 413, { maxBodyBytes: 4 });
  });

  it('keeps an explicit 0 instead of falling back to the default', () => {
    assert.equal(resolveLimits({ maxBodyBytes: 0 }).maxBodyBytes, 0);
    assert.equal(resolveLimits({}).maxHeaderCount, DEFAULT_MESSAGE_LIMITS.maxHeaderCount);
    rejectsWithLimit(message([], 'x'), 413, { maxBodyBytes: 0 });
  });

  it('stops at the first header over the count: a huge block fails as fast as a small one', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `X-H${i}: v`);
    const data = message(many);
    const start = process.hrtime.bigint();
    rejectsWithLimit(data, 513, { maxHeaderCount: 10 });
    assert.ok(Number(process.hrtime.bigint() - start) < 50e6);
  });
});
