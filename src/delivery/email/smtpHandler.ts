/**
 * Sends voice mail and missed-call email by SMTP (the `email` and `missed-call` outbox kinds).
 *
 * RFC 5321 §4.2.1: a 5yz reply is a permanent negative completion (the same message would be
 * refused again), a 4yz reply a transient one. So: 5xx → permanent (the entry is failed, kept and
 * visible), 4xx, refused connections, timeouts and TLS trouble → temporary (retried with backoff).
 * Two exceptions, both "our side, fixable without changing the message": 503 (bad sequence of
 * commands: a session state problem, RFC 5321 §4.2.4) and authentication failures (wrong
 * `mail.smtp.user`/`password`): both are retried, so fixing the configuration delivers the backlog.
 */
import { createTransport } from 'nodemailer';
import type { SendMailOptions } from 'nodemailer/lib/mailer';
import type { MailConfig } from '../../config/index.js';
import type { OutboxEntry } from '../../store/index.js';
import { DeliveryError, oneLine } from '../errors.js';
import { sessionTimeouts } from '../limits.js';
import type { DeliveryContext, DeliveryOutcome, OutboxHandler } from '../handler.js';
import { prepareMissedCall, prepareVoiceMail, type EmailSettings } from './prepare.js';

/** What the handlers need of a nodemailer transport. */
export interface MailSender {
  sendMail(mail: SendMailOptions): Promise<unknown>;
  close(): void;
}

export const SMTP_TIMEOUTS = sessionTimeouts;

/** A pooled nodemailer SMTP transport for `mail.smtp`. */
export function createSmtpSender(smtp: MailConfig['smtp'], options: { maxConnections?: number } = {}): MailSender {
  return createTransport({
    pool: true,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== undefined && smtp.password !== undefined ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
    maxConnections: options.maxConnections ?? 4,
    maxMessages: 100,
    connectionTimeout: SMTP_TIMEOUTS.connectionMs,
    greetingTimeout: SMTP_TIMEOUTS.greetingMs,
    socketTimeout: SMTP_TIMEOUTS.socketMs,
    disableFileAccess: false,
    disableUrlAccess: true,
  });
}

interface SmtpFailure {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
}

/** A nodemailer failure as a DeliveryError, permanent or temporary per the rules above. */
export function classifySmtpError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const text = oneLine(typeof e.response === 'string' && e.response !== '' ? e.response : typeof e.message === 'string' ? e.message : String(error), 300);
  const detail = `${reply !== undefined ? `${reply} ` : ''}${code !== undefined ? `(${code}) ` : ''}${text}`.trim();
  const isAuth = code === 'EAUTH' || code === 'ENOAUTH';
  if (reply !== undefined && reply >= 500 && reply < 600 && reply !== 503 && !isAuth) {
    return new DeliveryError('DELIVERY_SMTP_REJECTED', `SMTP server refused the message: ${detail}`, { permanent: true, cause: error });
  }
  return new DeliveryError('DELIVERY_SMTP_UNAVAILABLE', `SMTP delivery failed, will retry: ${detail}`, { permanent: false, cause: error });
}

async function send(sender: MailSender, mail: SendMailOptions): Promise<void> {
  try {
    await sender.sendMail(mail);
  } catch (error) {
    throw classifySmtpError(error);
  }
}

/** Handler for `email` entries: the voice mail email, audio attached. */
export function createVoiceMailEmailHandler(settings: EmailSettings & { sender: MailSender }): OutboxHandler {
  return {
    async deliver(entry: OutboxEntry, context: DeliveryContext): Promise<DeliveryOutcome> {
      const email = await prepareVoiceMail(entry, settings, context.logger);
      await send(settings.sender, email.mail);
      return {};
    },
  };
}

/** Handler for `missed-call` entries. */
export function createMissedCallEmailHandler(settings: EmailSettings & { sender: MailSender }): OutboxHandler {
  return {
    async deliver(entry: OutboxEntry): Promise<DeliveryOutcome> {
      const email = await prepareMissedCall(entry, settings);
      await send(settings.sender, email.mail);
      return {};
    },
  };
}
