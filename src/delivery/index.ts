/**
 * Delivery: the workers that drain the outbox (ARCHITECTURE.md) to SMTP, IMAP and MWI NOTIFY.
 * createDelivery wires the handlers the configuration asks for; the server starts the worker and
 * kicks it after each deposit.
 */
import type { MailConfig } from '../config/index.js';
import type { MailboxStore, OutboxKind } from '../store/index.js';
import { createMissedCallEmailHandler, createSmtpSender, createVoiceMailEmailHandler, type MailSender } from './email/smtpHandler.js';
import type { TimeZoneOf } from './email/prepare.js';
import type { DeliveryLogger, OutboxHandler, WallClock } from './handler.js';
import { createImapAppendHandler } from './imap.js';
import { createMwiHandler, type MwiNotifier } from './mwi.js';
import { DEFAULT_KIND_CONCURRENCY, OutboxWorker, type OutboxWorkerOptions } from './worker.js';

export { DEFAULT_BACKOFF, resolveBackoff, retryDelayMs, type BackoffPolicy } from './backoff.js';
export { deliveryLimits, sessionTimeouts } from './limits.js';
export { DELIVERY_ERROR_CODES, DeliveryError, describeFailure, type DeliveryErrorCode } from './errors.js';
export {
  systemWallClock,
  type DeliveryContext,
  type DeliveryLogger,
  type DeliveryOutcome,
  type OutboxHandler,
  type WallClock,
} from './handler.js';
export {
  DEFAULT_BATCH,
  DEFAULT_KIND_CONCURRENCY,
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_AGE_MS,
  DEFAULT_POLL_MS,
  OutboxWorker,
  type OutboxStore,
  type OutboxWorkerOptions,
} from './worker.js';
export {
  attachmentName,
  buildRfc822,
  composeMissedCall,
  composeVoiceMail,
  messageIdFor,
  missedCallSubject,
  voiceMailSubject,
  type ComposedEmail,
  type ComposeSettings,
  type EmailRecipient,
  type VoiceMailAudio,
} from './email/compose.js';
export { encodeMp3 } from './email/mp3.js';
export { loadRecipient, prepareMissedCall, prepareVoiceMail, type EmailSettings, type EmailStore, type TimeZoneOf } from './email/prepare.js';
export {
  classifySmtpError,
  createMissedCallEmailHandler,
  createSmtpSender,
  createVoiceMailEmailHandler,
  SMTP_TIMEOUTS,
  type MailSender,
} from './email/smtpHandler.js';
export { createImapAppendHandler, imapPort, imapUserFor, IMAP_TIMEOUTS, type ImapConfig, type ImapHandlerOptions } from './imap.js';
export { createMwiHandler, type MwiHandlerOptions, type MwiNotifier } from './mwi.js';

export interface CreateDeliveryOptions {
  store: MailboxStore;
  /** `mail` (optional: without it nothing is emailed) and `sip.domain` (the Message-ID domain). */
  config: { mail?: MailConfig | undefined; sip: { domain: string } };
  /** The user's IANA time zone (from their dial plan); nothing means UTC. */
  timeZoneOf: TimeZoneOf;
  /** The SIP side of message waiting; without it, mwi entries wait (DELIVERY_NO_HANDLER). */
  mwi?: MwiNotifier;
  logger: DeliveryLogger;
  clock?: WallClock;
  /** Worker tuning (poll interval, batch, lease, backoff, per-kind concurrency). */
  worker?: Partial<Omit<OutboxWorkerOptions, 'store' | 'handlers' | 'logger' | 'clock'>>;
  /** A ready sender instead of the pooled SMTP transport built from `mail.smtp`. */
  sender?: MailSender;
}

export interface Delivery {
  readonly worker: OutboxWorker;
  /** The kinds that have a handler. */
  readonly kinds: readonly OutboxKind[];
  /** Stops the worker (waiting for deliveries in progress) and closes SMTP connections. Idempotent. */
  close(): Promise<void>;
}

/** Builds the worker and the handlers the configuration asks for (not started: call worker.start()). */
export function createDelivery(options: CreateDeliveryOptions): Delivery {
  const { store, config, logger } = options;
  const handlers: Partial<Record<OutboxKind, OutboxHandler>> = {};
  let sender: MailSender | undefined;
  const mail = config.mail;
  if (mail !== undefined) {
    const emailConcurrency = options.worker?.concurrency?.email ?? mail.smtp.maxConnections ?? DEFAULT_KIND_CONCURRENCY;
    sender = options.sender ?? createSmtpSender(mail.smtp, { maxConnections: emailConcurrency });
    const settings = {
      store,
      from: mail.from,
      sipDomain: config.sip.domain,
      timeZoneOf: options.timeZoneOf,
      attachMp3: mail.attachMp3,
    };
    handlers.email = createVoiceMailEmailHandler({ ...settings, sender });
    handlers['missed-call'] = createMissedCallEmailHandler({ ...settings, sender });
    if (mail.imap !== undefined) handlers.imap = createImapAppendHandler({ ...settings, imap: mail.imap });
  }
  if (options.mwi !== undefined) handlers.mwi = createMwiHandler({ store, notifier: options.mwi });

  const smtpConnections = mail?.smtp.maxConnections;
  const worker = new OutboxWorker({
    ...options.worker,
    // Emails go out over `mail.smtp.maxConnections` pooled connections: as many in flight.
    ...(smtpConnections !== undefined
      ? { concurrency: { email: smtpConnections, 'missed-call': smtpConnections, ...options.worker?.concurrency } }
      : {}),
    store,
    handlers,
    logger,
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
  let closing: Promise<void> | null = null;
  return {
    worker,
    kinds: Object.keys(handlers) as OutboxKind[],
    close() {
      closing ??= (async () => {
        await worker.stop();
        sender?.close();
      })();
      return closing;
    },
  };
}
