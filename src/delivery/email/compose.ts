/**
 * The voice mail email and the missed-call email, as nodemailer message options. The same options
 * go to SMTP (smtpHandler.ts) and, compiled to RFC 5322 bytes by buildRfc822, to IMAP APPEND
 * (imap.ts): both carry the same stable Message-ID, which is what makes delivery idempotent.
 *
 * Caller-supplied text goes through callerText.ts before it reaches a header (nodemailer then
 * encodes it per RFC 2047), the HTML body (escaped) or a file name (reduced to safe characters).
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Attachment, SendMailOptions } from 'nodemailer/lib/mailer';
import type { MissedCall, StoredMessage } from '../../store/index.js';
import { callerLabel, callerName, callerNumber, cleanMultiline, escapeHtml, fileNamePart } from './callerText.js';
import { durationSeconds, fileStamp, formatDuration, formatReceived } from './format.js';

/** The mailbox owner as the email needs them. */
export interface EmailRecipient {
  extension: string;
  name: string;
  email: string;
}

export interface ComposeSettings {
  /** `mail.from`, e.g. `Voice Mail <voicemail@example.com>`. */
  from: string;
  /** `sip.domain`: the right-hand side of the Message-ID. */
  sipDomain: string;
  /** The user's IANA time zone, for the times in the body and the attachment name. */
  timeZone: string;
  /** BCP 47 locale for dates (default en-US). */
  locale?: string;
}

export interface VoiceMailAudio {
  /** The WAV file (attached by path: streamed, never loaded whole by the SMTP path). */
  wavPath: string;
  /** An MP3 copy, when `mail.attachMp3` is on and the encoder could make one. */
  mp3?: Buffer | null;
}

export interface ComposedEmail {
  /** `<vm-{uuid}@{sip domain}>` or `<mc-{uuid}@{sip domain}>`. */
  messageId: string;
  /** The recipient's address (envelope and To). */
  to: string;
  /** The attachment file names, in order (empty for a missed call). */
  attachmentNames: string[];
  /** nodemailer message options; pass to `transport.sendMail` or `buildRfc822`. */
  mail: SendMailOptions;
}

/** RFC 5322 §3.6.4 msg-id: `<left@right>`; an IPv6 literal goes in brackets (no-fold-literal). */
export function messageIdFor(prefix: 'vm' | 'mc', id: string, domain: string): string {
  const right = domain.includes(':') ? `[${domain.replace(/^\[|\]$/g, '')}]` : domain;
  const left = `${prefix}-${id}`.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '');
  return `<${left}@${right}>`;
}

/** "Voice Mail from Bob Sample (0:32)", "Urgent voice mail from …" */
export function voiceMailSubject(message: Pick<StoredMessage, 'callerName' | 'callerNumber' | 'durationMs' | 'urgent'>): string {
  const who = callerLabel(message.callerName, message.callerNumber);
  const prefix = message.urgent ? 'Urgent voice mail' : 'Voice Mail';
  return `${prefix} from ${who} (${formatDuration(message.durationMs)})`;
}

export function missedCallSubject(call: Pick<MissedCall, 'callerName' | 'callerNumber'>): string {
  return `Missed call from ${callerLabel(call.callerName, call.callerNumber)}`;
}

/** `voicemail-2026-11-25-0932-Bob-Sample.wav` */
export function attachmentName(message: Pick<StoredMessage, 'callerName' | 'callerNumber' | 'receivedAt'>, timeZone: string, extension: 'wav' | 'mp3'): string {
  const caller = fileNamePart(callerName(message.callerName) ?? callerNumber(message.callerNumber), 'unknown');
  return `voicemail-${fileStamp(message.receivedAt, timeZone)}-${caller}.${extension}`;
}

/** The composed voice mail email for a stored message. */
export function composeVoiceMail(message: StoredMessage, user: EmailRecipient, audio: VoiceMailAudio, settings: ComposeSettings): ComposedEmail {
  const name = callerName(message.callerName);
  const number = callerNumber(message.callerNumber);
  const received = formatReceived(message.receivedAt, settings.timeZone, settings.locale);
  const duration = formatDuration(message.durationMs);
  const transcript = cleanMultiline(message.transcript);
  const wavName = attachmentName(message, settings.timeZone, 'wav');
  const attachments: Attachment[] = [{ filename: wavName, path: audio.wavPath, contentType: 'audio/wav' }];
  const attachmentNames = [wavName];
  if (audio.mp3 !== undefined && audio.mp3 !== null) {
    const mp3Name = attachmentName(message, settings.timeZone, 'mp3');
    attachments.push({ filename: mp3Name, content: audio.mp3, contentType: 'audio/mpeg' });
    attachmentNames.push(mp3Name);
  }

  const rows: [string, string][] = [
    ['Caller', name ?? 'Unknown'],
    ['Number', number ?? 'Unknown'],
    ['Received', received],
    ['Duration', duration],
    ['Mailbox', user.extension],
  ];
  const notes: string[] = [];
  if (message.urgent) notes.push('The caller marked this message urgent.');
  if (message.private) notes.push('The caller marked this message private: please do not forward it.');

  const text = [
    `You have a new voice message from ${callerLabel(name, number)}.`,
    '',
    ...rows.map(([k, v]) => `${`${k}:`.padEnd(10)}${v}`),
    ...(notes.length > 0 ? ['', ...notes] : []),
    ...(transcript !== null ? ['', 'Transcript (automatic, may contain errors):', transcript] : []),
    '',
    `The recording is attached (${attachmentNames.join(', ')}).`,
    '',
  ].join('\n');

  const html = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>Voice message</title></head><body>',
    `<p>You have a new voice message from <strong>${escapeHtml(callerLabel(name, number))}</strong>.</p>`,
    '<table>',
    ...rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    ...notes.map((n) => `<p><strong>${escapeHtml(n)}</strong></p>`),
    ...(transcript !== null
      ? ['<h3>Transcript (automatic, may contain errors)</h3>', `<p>${escapeHtml(transcript).replace(/\n/g, '<br>')}</p>`]
      : []),
    `<p>The recording is attached (${attachmentNames.map(escapeHtml).join(', ')}).</p>`,
    '</body></html>',
    '',
  ].join('\n');

  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-generated', // RFC 3834: no out-of-office replies to the voice mail sender
    'X-OpenUM-Message-Type': 'voice-mail',
    'X-OpenUM-Mailbox': user.extension,
    'X-OpenUM-Caller-Number': number ?? 'unknown',
    'X-OpenUM-Duration': String(durationSeconds(message.durationMs)),
  };
  if (message.urgent) {
    // Set here rather than with nodemailer's `priority`, which only its mailer (not MailComposer,
    // used for IMAP) applies. Outlook reads Importance; others X-Priority or X-MSMail-Priority.
    headers['Importance'] = 'High';
    headers['X-Priority'] = '1 (Highest)';
    headers['X-MSMail-Priority'] = 'High';
  }
  if (message.private) headers['Sensitivity'] = 'Private'; // RFC 2156 §5.3.4

  const messageId = messageIdFor('vm', message.id, settings.sipDomain);
  return {
    messageId,
    to: user.email,
    attachmentNames,
    mail: {
      from: settings.from,
      to: { name: user.name, address: user.email },
      subject: voiceMailSubject({ callerName: name, callerNumber: number, durationMs: message.durationMs, urgent: message.urgent }),
      messageId,
      date: message.receivedAt,
      headers,
      text,
      html,
      attachments,
      disableFileAccess: false,
      disableUrlAccess: true,
    },
  };
}

/** The composed missed-call notice. */
export function composeMissedCall(call: MissedCall, user: EmailRecipient, settings: ComposeSettings): ComposedEmail {
  const name = callerName(call.callerName);
  const number = callerNumber(call.callerNumber);
  const when = formatReceived(call.at, settings.timeZone, settings.locale);
  const rows: [string, string][] = [
    ['Caller', name ?? 'Unknown'],
    ['Number', number ?? 'Unknown'],
    ['Time', when],
    ['Mailbox', user.extension],
  ];
  const text = [
    `You missed a call from ${callerLabel(name, number)}. No message was left.`,
    '',
    ...rows.map(([k, v]) => `${`${k}:`.padEnd(10)}${v}`),
    '',
  ].join('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>Missed call</title></head><body>',
    `<p>You missed a call from <strong>${escapeHtml(callerLabel(name, number))}</strong>. No message was left.</p>`,
    '<table>',
    ...rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    '</body></html>',
    '',
  ].join('\n');
  const messageId = messageIdFor('mc', call.id, settings.sipDomain);
  return {
    messageId,
    to: user.email,
    attachmentNames: [],
    mail: {
      from: settings.from,
      to: { name: user.name, address: user.email },
      subject: missedCallSubject({ callerName: name, callerNumber: number }),
      messageId,
      date: call.at,
      headers: {
        'Auto-Submitted': 'auto-generated',
        'X-OpenUM-Message-Type': 'missed-call',
        'X-OpenUM-Mailbox': user.extension,
        'X-OpenUM-Caller-Number': number ?? 'unknown',
      },
      text,
      html,
      disableFileAccess: true,
      disableUrlAccess: true,
    },
  };
}

/** The message as RFC 5322 bytes (what IMAP APPEND stores), built by nodemailer's MailComposer. */
export function buildRfc822(email: ComposedEmail): Promise<Buffer> {
  return new MailComposer(email.mail).compile().build();
}
