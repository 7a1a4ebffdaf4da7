import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import {
  buildRfc822,
  composeMissedCall,
  composeVoiceMail,
  encodeMp3,
  messageIdFor,
  type ComposeSettings,
  type EmailRecipient,
} from '../../../src/delivery/index.js';
import type { StoredMessage } from '../../../src/store/index.js';
import { storedMessage, tempDir, writeToneWav } from '../helpers.js';

const user: EmailRecipient = { extension: '1001', name: 'Alice Example', email: 'alice@example.test' };
const settings: ComposeSettings = { from: 'Voice Mail <voicemail@um.example.test>', sipDomain: 'um.example.test', timeZone: 'America/New_York' };

/** The raw header block (before the first empty line) as lines, unfolded. */
function headerLines(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  return text.slice(0, end).replace(/\r\n[ \t]+/g, ' ').split('\r\n');
}

describe('voice mail email (compose)', () => {
  const dir = tempDir('compose');
  let wavPath = '';
  let wav: Buffer = Buffer.alloc(0);

  before(() => {
    wavPath = join(dir.path, 'message.wav');
    wav = writeToneWav(wavPath, 1.5);
  });
  after(() => dir.remove());

  async function roundTrip(message: StoredMessage, mp3?: Buffer | null): Promise<{ raw: Buffer; parsed: ParsedMail }> {
    const email = composeVoiceMail(message, user, { wavPath: message.audioPath, mp3: mp3 ?? null }, settings);
    const raw = await buildRfc822(email);
    return { raw, parsed: await simpleParser(raw) };
  }

  it('names the caller and the duration in the subject, and carries a stable Message-ID and the received time', async () => {
    const message = storedMessage({ audioPath: wavPath });
    const { parsed } = await roundTrip(message);
    assert.equal(parsed.subject, 'Voice Mail from Bob Sample (0:32)');
    assert.equal(parsed.messageId, `<vm-${message.id}@um.example.test>`);
    assert.equal(parsed.date?.toISOString(), '2026-11-25T14:32:10.000Z');
    assert.equal(parsed.from?.value[0]?.address, 'voicemail@um.example.test');
    assert.equal(parsed.from?.value[0]?.name, 'Voice Mail');
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    assert.equal(to?.value[0]?.address, 'alice@example.test');
    assert.equal(to?.value[0]?.name, 'Alice Example');
  });

  it('gives the same Message-ID every time the same message is composed', () => {
    const message = storedMessage({ audioPath: wavPath });
    const a = composeVoiceMail(message, user, { wavPath }, settings);
    const b = composeVoiceMail(message, user, { wavPath }, settings);
    assert.equal(a.messageId, b.messageId);
    assert.equal(messageIdFor('vm', 'x', '2001:db8::1'), '<vm-x@[2001:db8::1]>');
  });

  it('falls back to the number, then to "Unknown caller", in the subject', async () => {
    assert.equal((await roundTrip(storedMessage({ audioPath: wavPath, callerName: null }))).parsed.subject, 'Voice Mail from +15551234567 (0:32)');
    assert.equal(
      (await roundTrip(storedMessage({ audioPath: wavPath, callerName: null, callerNumber: null, durationMs: 3_723_000 }))).parsed.subject,
      'Voice Mail from Unknown caller (1:02:03)',
    );
  });

  it('writes X-OpenUM headers for the mailbox, caller number and duration in seconds', async () => {
    const { parsed } = await roundTrip(storedMessage({ audioPath: wavPath }));
    assert.equal(parsed.headers.get('x-openum-mailbox'), '1001');
    assert.equal(parsed.headers.get('x-openum-caller-number'), '+15551234567');
    assert.equal(parsed.headers.get('x-openum-duration'), '32');
    assert.equal(parsed.headers.get('auto-submitted'), 'auto-generated');
    const keys = parsed.headerLines.map((h) => h.key);
    assert.ok(!keys.includes('importance') && !keys.includes('x-priority') && !keys.includes('sensitivity'), keys.join(', '));
  });

  it('marks an urgent message with Importance and X-Priority and says so in the subject', async () => {
    const { parsed } = await roundTrip(storedMessage({ audioPath: wavPath, urgent: true }));
    assert.equal(parsed.subject, 'Urgent voice mail from Bob Sample (0:32)');
    const lines = parsed.headerLines.map((h) => h.line);
    assert.ok(lines.includes('Importance: High'), lines.join('\n'));
    assert.ok(lines.includes('X-Priority: 1 (Highest)'), lines.join('\n'));
    assert.equal(parsed.headers.get('priority'), 'high');
    assert.ok(parsed.text?.includes('urgent'));
  });

  it('marks a private message with Sensitivity: Private', async () => {
    const { parsed } = await roundTrip(storedMessage({ audioPath: wavPath, private: true }));
    assert.equal(parsed.headers.get('sensitivity'), 'Private');
    assert.ok(parsed.text?.includes('private'));
  });

  it('shows caller, number, time in the user\'s zone, duration and transcript in both bodies', async () => {
    const { parsed } = await roundTrip(storedMessage({ audioPath: wavPath, transcript: 'Please call me back\r\nat five.' }));
    const text = parsed.text ?? '';
    const html = typeof parsed.html === 'string' ? parsed.html : '';
    for (const body of [text, html]) {
      assert.match(body, /Bob Sample/);
      assert.match(body, /\+15551234567/);
      // 14:32 UTC is 9:32 AM in New York on 25 November (EST, UTC-5).
      assert.match(body, /Wednesday, November 25, 2026,? (at )?9:32\sAM EST/u);
      assert.match(body, /0:32/);
      assert.match(body, /Please call me back/);
    }
    assert.match(text, /Please call me back\nat five\./);
    assert.match(html, /Please call me back<br>at five\./);
    const inTokyo = composeVoiceMail(storedMessage({ audioPath: wavPath }), user, { wavPath }, { ...settings, timeZone: 'Asia/Tokyo' });
    assert.match(String(inTokyo.mail.text), /Wednesday, November 25, 2026,? (at )?11:32\sPM GMT\+9/u);
  });

  it('attaches the recording as WAV with a safe dated name, byte for byte', async () => {
    const { parsed } = await roundTrip(storedMessage({ audioPath: wavPath }));
    assert.equal(parsed.attachments.length, 1);
    const [attachment] = parsed.attachments;
    assert.equal(attachment?.filename, 'voicemail-2026-11-25-0932-Bob-Sample.wav');
    assert.equal(attachment?.contentType, 'audio/wav');
    assert.ok(attachment?.content.equals(wav), 'attachment bytes differ from the WAV file');
  });

  it('attaches an MP3 as well when one is given', async () => {
    const mp3 = await encodeMp3(wavPath);
    assert.ok(mp3 !== null);
    const { parsed } = await roundTrip(storedMessage({ audioPath: wavPath }), mp3);
    assert.deepEqual(parsed.attachments.map((a) => [a.filename, a.contentType]), [
      ['voicemail-2026-11-25-0932-Bob-Sample.wav', 'audio/wav'],
      ['voicemail-2026-11-25-0932-Bob-Sample.mp3', 'audio/mpeg'],
    ]);
    assert.ok(parsed.attachments[1]?.content.equals(mp3));
  });

  it('lets no header be injected through the caller display name', async () => {
    const message = storedMessage({ audioPath: wavPath, callerName: 'Bob Sample\r\nBcc: x@evil\r\n\r\nbody', callerNumber: '+1555\r\nX-Injected: yes' });
    const { raw, parsed } = await roundTrip(message);
    assert.equal(parsed.bcc, undefined);
    assert.equal(parsed.headers.get('bcc'), undefined);
    assert.equal(parsed.headers.get('x-injected'), undefined);
    const names = headerLines(raw).map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
    assert.ok(!names.includes('bcc'), names.join(', '));
    assert.ok(!names.includes('x-injected'), names.join(', '));
    assert.equal(parsed.subject, 'Voice Mail from Bob Sample Bcc: x@evil body (0:32)');
    assert.equal(parsed.headers.get('x-openum-caller-number'), '+1555 X-Injected: yes');
  });

  it('encodes a non-ASCII display name per RFC 2047 and reads it back', async () => {
    const { raw, parsed } = await roundTrip(storedMessage({ audioPath: wavPath, callerName: 'Zoë Ångström 山田' }));
    assert.equal(parsed.subject, 'Voice Mail from Zoë Ångström 山田 (0:32)');
    const subject = headerLines(raw).find((l) => l.startsWith('Subject:')) ?? '';
    assert.match(subject, /=\?UTF-8\?[BQ]\?/i);
    assert.ok([...raw].every((b) => b < 0x80), 'raw message must be 7-bit');
    assert.ok(parsed.attachments[0]?.filename === 'voicemail-2026-11-25-0932-Zoe-Angstrom.wav');
  });

  it('escapes markup in the HTML body', async () => {
    const { parsed } = await roundTrip(storedMessage({ audioPath: wavPath, callerName: '<img src=x onerror=alert(1)>', transcript: '<b>hi</b>' }));
    const html = typeof parsed.html === 'string' ? parsed.html : '';
    assert.ok(!html.includes('<img'), html);
    assert.ok(!html.includes('<b>hi'), html);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});

describe('missed-call email (compose)', () => {
  it('says who called and when, with an mc- Message-ID and no attachment', async () => {
    const call = { id: '5c1d2a7e-1111-4d4d-8e8e-000000000001', mailbox: '1001', callerNumber: '+15557654321', callerName: 'Carol\r\nBcc: x@evil', reason: 'busy' as const, at: new Date('2026-07-04T16:05:00Z'), callId: null };
    const email = composeMissedCall(call, user, settings);
    const raw = await buildRfc822(email);
    const parsed = await simpleParser(raw);
    assert.equal(parsed.subject, 'Missed call from Carol Bcc: x@evil');
    assert.equal(parsed.messageId, `<mc-${call.id}@um.example.test>`);
    assert.equal(parsed.attachments.length, 0);
    assert.equal(parsed.headers.get('bcc'), undefined);
    assert.equal(parsed.headers.get('x-openum-message-type'), 'missed-call');
    // Summer time in New York: 16:05 UTC is 12:05 PM EDT.
    assert.match(parsed.text ?? '', /Saturday, July 4, 2026,? (at )?12:05\sPM EDT/u);
    assert.equal(parsed.date?.toISOString(), '2026-07-04T16:05:00.000Z');
  });
});
