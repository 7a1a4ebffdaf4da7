// application/simple-message-summary, RFC 3842 §3.5: the exact bytes we write, what we read from
// phones and gateways, and a table of malformed bodies with the error code each must give.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMessageSummary, MESSAGE_SUMMARY_LIMITS, MessageSummaryError, parseMessageSummary, type MessageSummary } from '../../../src/sip/message/index.js';

describe('RFC 3842 §3.5 application/simple-message-summary', () => {
  it('writes the status line, account and one counts line per class with CRLF line ends', () => {
    const body = formatMessageSummary({
      messagesWaiting: true,
      account: 'sip:1001@um.example.test',
      counts: { 'voice-message': { new: 2, old: 8, newUrgent: 1, oldUrgent: 0 } },
    });
    assert.equal(body.toString(), 'Messages-Waiting: yes\r\nMessage-Account: sip:1001@um.example.test\r\nVoice-Message: 2/8 (1/0)\r\n');
  });

  it('writes counts without urgent ones, classes in RFC 3458 order, and extension headers after a blank line', () => {
    const body = formatMessageSummary({
      messagesWaiting: false,
      counts: { 'fax-message': { new: 0, old: 1 }, 'voice-message': { new: 0, old: 3 } },
      extraHeaders: [['X-Mailbox', '1001']],
    });
    assert.equal(body.toString(), 'Messages-Waiting: no\r\nVoice-Message: 0/3\r\nFax-Message: 0/1\r\n\r\nX-Mailbox: 1001\r\n');
  });

  it('reads back what it writes', () => {
    const summary: MessageSummary = {
      messagesWaiting: true,
      account: 'sip:alice@vmail.example.com',
      counts: { 'voice-message': { new: 4, old: 8, newUrgent: 1, oldUrgent: 2 }, 'text-message': { new: 0, old: 4294967295 } },
      extraHeaders: [['Message-ID', '<1234@example.com>']],
    };
    assert.deepEqual(parseMessageSummary(formatMessageSummary(summary)), summary);
  });

  it('reads the variants devices send: LF line ends, other letter case, spaces around the separators', () => {
    const parsed = parseMessageSummary('messages-waiting:YES\nmessage-account:   sip:1001@pbx\nvoice-message: 3 / 1 ( 0 / 0 )\n');
    assert.deepEqual(parsed, { messagesWaiting: true, account: 'sip:1001@pbx', counts: { 'voice-message': { new: 3, old: 1, newUrgent: 0, oldUrgent: 0 } } });
    assert.deepEqual(parseMessageSummary('Messages-Waiting: no'), { messagesWaiting: false, counts: {} });
  });

  it('rejects each malformed body with SIP_BODY_BAD_MESSAGE_SUMMARY', () => {
    const bad: Array<[string, string | Buffer]> = [
      ['empty', ''],
      ['only line ends', '\r\n\r\n'],
      ['no status line first', 'Voice-Message: 1/0\r\nMessages-Waiting: yes\r\n'],
      ['a status other than yes/no', 'Messages-Waiting: maybe\r\n'],
      ['a second status line', 'Messages-Waiting: yes\r\nMessages-Waiting: no\r\n'],
      ['counts without old', 'Messages-Waiting: yes\r\nVoice-Message: 2\r\n'],
      ['a negative count', 'Messages-Waiting: yes\r\nVoice-Message: -1/0\r\n'],
      ['a count above 2^32-1', 'Messages-Waiting: yes\r\nVoice-Message: 4294967296/0\r\n'],
      ['a count of eleven digits', 'Messages-Waiting: yes\r\nVoice-Message: 10000000000/0\r\n'],
      ['half of the urgent pair', 'Messages-Waiting: yes\r\nVoice-Message: 1/0 (1)\r\n'],
      ['a class twice', 'Messages-Waiting: yes\r\nVoice-Message: 1/0\r\nvoice-message: 2/0\r\n'],
      ['two accounts', 'Messages-Waiting: yes\r\nMessage-Account: sip:a@x\r\nMessage-Account: sip:b@x\r\n'],
      ['an account with a space', 'Messages-Waiting: yes\r\nMessage-Account: sip:a@x extra\r\n'],
      ['a line without a colon', 'Messages-Waiting: yes\r\nVoice-Message 1/0\r\n'],
      ['a control character', 'Messages-Waiting: yes\r\nVoice-Message: 1/0\u0000\r\n'],
      ['a bare CR inside a line', 'Messages-Waiting: yes\rVoice-Message: 1/0\r\n'],
      ['too many lines', `Messages-Waiting: yes\r\n\r\n${'X-A: b\r\n'.repeat(MESSAGE_SUMMARY_LIMITS.maxLines)}`],
      ['too large', Buffer.alloc(MESSAGE_SUMMARY_LIMITS.maxBytes + 1, 0x41)],
    ];
    for (const [what, body] of bad) {
      assert.throws(() => parseMessageSummary(body), (err: unknown) => {
        assert.ok(err instanceof MessageSummaryError, what);
        assert.equal(err.code, 'SIP_BODY_BAD_MESSAGE_SUMMARY', what);
        return true;
      }, what);
    }
  });

  it('refuses to write values outside the grammar with SIP_BODY_INVALID_MESSAGE_SUMMARY', () => {
    const bad: Array<[string, MessageSummary]> = [
      ['a fractional count', { messagesWaiting: true, counts: { 'voice-message': { new: 1.5, old: 0 } } }],
      ['a negative count', { messagesWaiting: true, counts: { 'voice-message': { new: -1, old: 0 } } }],
      ['a count above 2^32-1', { messagesWaiting: true, counts: { 'voice-message': { new: 2 ** 32, old: 0 } } }],
      ['an account with a line break', { messagesWaiting: true, account: 'sip:a@x\r\nVoice-Message: 9/9', counts: {} }],
      ['an extension header with a line break', { messagesWaiting: true, counts: {}, extraHeaders: [['X-A', 'b\r\nc']] }],
      ['an extension header name that is not a token', { messagesWaiting: true, counts: {}, extraHeaders: [['X A', 'b']] }],
    ];
    for (const [what, summary] of bad) {
      assert.throws(() => formatMessageSummary(summary), { code: 'SIP_BODY_INVALID_MESSAGE_SUMMARY' }, what);
    }
  });
});
