/**
 * From an outbox entry to a composed email: look up the user, the message or missed call, the
 * audio and the time zone, and turn what is missing into a permanent DeliveryError that says so.
 * Shared by the SMTP handler and the IMAP APPEND handler, so both build the same message.
 */
import { access, constants } from 'node:fs/promises';
import type { MailboxStore, OutboxEntry } from '../../store/index.js';
import { DeliveryError } from '../errors.js';
import type { DeliveryLogger } from '../handler.js';
import { composeMissedCall, composeVoiceMail, type ComposedEmail, type EmailRecipient } from './compose.js';
import { usableTimeZone } from './format.js';
import { encodeMp3 } from './mp3.js';

export type EmailStore = Pick<MailboxStore, 'getUser' | 'getMessage' | 'getMissedCall'>;

/** The user's IANA time zone (from their dial plan), or nothing for UTC. */
export type TimeZoneOf = (extension: string) => string | null | undefined | Promise<string | null | undefined>;

export interface EmailSettings {
  store: EmailStore;
  /** `mail.from`. */
  from: string;
  /** `sip.domain`, for the Message-ID. */
  sipDomain: string;
  timeZoneOf: TimeZoneOf;
  /** `mail.attachMp3`: attach an MP3 copy besides the WAV. */
  attachMp3?: boolean;
}

/** The mailbox owner with their address, or a permanent failure naming what is missing. */
export async function loadRecipient(store: EmailStore, mailbox: string): Promise<EmailRecipient> {
  const user = await store.getUser(mailbox);
  if (user === null) {
    throw new DeliveryError('DELIVERY_NO_USER', `no user has mailbox ${mailbox}`, { permanent: true });
  }
  if (user.email === null || user.email.trim() === '') {
    throw new DeliveryError('DELIVERY_NO_EMAIL', `user ${mailbox} has no email address: set "email" for the user to have voice mail emailed`, { permanent: true });
  }
  return { extension: user.extension, name: user.name, email: user.email.trim() };
}

async function timeZoneFor(settings: EmailSettings, extension: string): Promise<string> {
  try {
    return usableTimeZone(await settings.timeZoneOf(extension));
  } catch {
    return 'UTC';
  }
}

function subjectIdOf(entry: OutboxEntry): string {
  if (entry.subjectId === null) {
    throw new DeliveryError('DELIVERY_SUBJECT_MISSING', `outbox entry ${entry.id} (${entry.kind}) names no message`, { permanent: true });
  }
  return entry.subjectId;
}

/** The voice mail email for an `email` or `imap` entry. */
export async function prepareVoiceMail(entry: OutboxEntry, settings: EmailSettings, logger: DeliveryLogger): Promise<ComposedEmail> {
  const messageId = subjectIdOf(entry);
  const message = await settings.store.getMessage(messageId);
  if (message === null) {
    throw new DeliveryError('DELIVERY_SUBJECT_MISSING', `message ${messageId} no longer exists`, { permanent: true });
  }
  const user = await loadRecipient(settings.store, message.mailbox);
  try {
    await access(message.audioPath, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A missing file will not come back; anything else (EIO, EACCES after a restore) might.
    throw new DeliveryError('DELIVERY_AUDIO_MISSING', `the audio of message ${message.id} cannot be read (${code ?? 'error'})`, {
      permanent: code === 'ENOENT',
      cause: error,
    });
  }
  let mp3: Buffer | null = null;
  if (settings.attachMp3 === true) {
    try {
      mp3 = await encodeMp3(message.audioPath);
      if (mp3 === null) logger.warn({ entryId: entry.id, mailbox: message.mailbox }, 'no MP3 for this sample rate; WAV only');
    } catch (error) {
      logger.warn({ entryId: entry.id, mailbox: message.mailbox, err: (error as Error).message }, 'MP3 encoding failed; WAV only');
    }
  }
  const timeZone = await timeZoneFor(settings, message.mailbox);
  return composeVoiceMail(message, user, { wavPath: message.audioPath, mp3 }, { from: settings.from, sipDomain: settings.sipDomain, timeZone });
}

/** The missed-call email for a `missed-call` entry. */
export async function prepareMissedCall(entry: OutboxEntry, settings: EmailSettings): Promise<ComposedEmail> {
  const callId = subjectIdOf(entry);
  const call = await settings.store.getMissedCall(callId);
  if (call === null) {
    throw new DeliveryError('DELIVERY_SUBJECT_MISSING', `missed call ${callId} no longer exists`, { permanent: true });
  }
  const user = await loadRecipient(settings.store, call.mailbox);
  const timeZone = await timeZoneFor(settings, call.mailbox);
  return composeMissedCall(call, user, { from: settings.from, sipDomain: settings.sipDomain, timeZone });
}
