/**
 * IMAP APPEND of the voice mail email into the user's mail store (the `imap` outbox kind), for
 * sites that want the message in a folder without passing through SMTP, or in addition to it.
 *
 * Exactly once: APPEND (RFC 9051 §6.3.12) is not idempotent, so before appending, the folder is
 * searched for the message's stable Message-ID (SEARCH HEADER, §6.4.4). A retry after a lost
 * APPEND response, or a second worker after a lease ran out, finds the copy and stops there.
 *
 * The log on user may name the mailbox owner: `{email}` and `{extension}` are replaced, so a
 * Dovecot master user (`{email}*vmmaster`) can append into every user's store with one password.
 */
import { ImapFlow } from 'imapflow';
import type { MailConfig } from '../config/index.js';
import type { OutboxEntry } from '../store/index.js';
import { buildRfc822 } from './email/compose.js';
import { prepareVoiceMail, type EmailSettings } from './email/prepare.js';
import { DeliveryError, oneLine } from './errors.js';
import type { DeliveryContext, DeliveryOutcome, OutboxHandler } from './handler.js';
import { sessionTimeouts } from './limits.js';

export type ImapConfig = NonNullable<MailConfig['imap']>;

export const IMAP_TIMEOUTS = sessionTimeouts;

/** The log on name for a user: `{email}` and `{extension}` replaced. */
export function imapUserFor(template: string, user: { email: string; extension: string }): string {
  return template.replace(/\{(email|extension)\}/g, (_, key: 'email' | 'extension') => user[key]);
}

/** The IMAP port: the configured one, else 993 with implicit TLS, else 143. */
export function imapPort(config: Pick<ImapConfig, 'port' | 'secure'>): number {
  return config.port ?? (config.secure ? 993 : 143);
}

interface ImapFailure {
  code?: unknown;
  authenticationFailed?: unknown;
  responseText?: unknown;
  serverResponseCode?: unknown;
  message?: unknown;
}

function imapFailure(step: string, error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as ImapFailure;
  const parts = [
    typeof e.code === 'string' ? `(${e.code})` : '',
    typeof e.serverResponseCode === 'string' ? `[${e.serverResponseCode}]` : '',
    e.authenticationFailed === true ? 'authentication failed' : '',
    typeof e.responseText === 'string' ? e.responseText : typeof e.message === 'string' ? e.message : String(error),
  ].filter((p) => p !== '');
  // Everything is temporary: a refused log on or a full mailbox is fixed by an administrator, and
  // the entry then goes through; after maxAgeMs the worker fails it with DELIVERY_EXPIRED.
  return new DeliveryError('DELIVERY_IMAP_UNAVAILABLE', `IMAP ${step} failed: ${oneLine(parts.join(' '), 300)}`, { permanent: false, cause: error });
}

export interface ImapHandlerOptions extends EmailSettings {
  imap: ImapConfig;
}

/** Handler for `imap` entries. */
export function createImapAppendHandler(options: ImapHandlerOptions): OutboxHandler {
  const { imap } = options;
  const folder = imap.folder;
  return {
    async deliver(entry: OutboxEntry, context: DeliveryContext): Promise<DeliveryOutcome> {
      const email = await prepareVoiceMail(entry, options, context.logger);
      const user = { email: email.to, extension: entry.mailbox };
      const raw = await buildRfc822(email);
      const client = new ImapFlow({
        host: imap.host,
        port: imapPort(imap),
        secure: imap.secure,
        auth: { user: imapUserFor(imap.user, user), pass: imap.password },
        logger: false,
        disableAutoIdle: true,
        connectionTimeout: IMAP_TIMEOUTS.connectionMs,
        greetingTimeout: IMAP_TIMEOUTS.greetingMs,
        socketTimeout: IMAP_TIMEOUTS.socketMs,
      });
      // imapflow emits 'error' for socket trouble after connect; the awaited command rejects too.
      client.on('error', () => undefined);
      const onAbort = (): void => client.close();
      context.signal.addEventListener('abort', onAbort, { once: true });
      let step = 'connect';
      try {
        await client.connect();
        if (folder.toUpperCase() !== 'INBOX') {
          step = `CREATE ${folder}`;
          await client.mailboxCreate(folder); // already there: imapflow answers created: false
        }
        step = `SELECT ${folder}`;
        const lock = await client.getMailboxLock(folder);
        try {
          step = 'SEARCH';
          const found = await client.search({ header: { 'message-id': email.messageId } }, { uid: true });
          if (Array.isArray(found) && found.length > 0) return { note: 'already-present' };
          step = 'APPEND';
          const appended = await client.append(folder, raw, [], email.mail.date instanceof Date ? email.mail.date : undefined);
          if (appended === false) throw new Error('server did not accept APPEND');
        } finally {
          lock.release();
        }
        step = 'LOGOUT';
        await client.logout().catch(() => undefined);
        return {};
      } catch (error) {
        throw imapFailure(step, error);
      } finally {
        context.signal.removeEventListener('abort', onAbort);
        client.close();
      }
    },
  };
}
