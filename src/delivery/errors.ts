/**
 * Errors of outbox delivery. A handler throws a DeliveryError; `permanent` tells the worker what to
 * do with the entry: a temporary failure is retried with backoff, a permanent one marks the entry
 * failed (kept and visible; an administrator can retry it). The entry's `lastError` is
 * `CODE: message`, so the API and `openum` show the code operators look up in docs/errors.md.
 */
import { OpenUmError } from '../util/errors.js';
import { deliveryLimits } from './limits.js';

export const DELIVERY_ERROR_CODES = [
  /** The SMTP server refused the message for good (a 5xx reply): unknown recipient, too large, policy. */
  'DELIVERY_SMTP_REJECTED',
  /** The SMTP server could not be reached or deferred the message (refused, timeout, TLS, auth, 4xx). */
  'DELIVERY_SMTP_UNAVAILABLE',
  /** The IMAP server could not be reached, refused the log on, or refused SEARCH/APPEND. */
  'DELIVERY_IMAP_UNAVAILABLE',
  /** The mailbox's user has no email address, so there is nowhere to send the message. */
  'DELIVERY_NO_EMAIL',
  /** No user has the entry's mailbox (extension) any more. */
  'DELIVERY_NO_USER',
  /** The message or missed call the entry is about no longer exists (or the entry names none). */
  'DELIVERY_SUBJECT_MISSING',
  /** The message's audio file is missing or unreadable. */
  'DELIVERY_AUDIO_MISSING',
  /** The gateway or subscriber did not take the message-waiting NOTIFY (raised by the MWI notifier). */
  'DELIVERY_MWI_FAILED',
  /** No handler is configured for the entry's kind (e.g. an email entry while `mail` is not configured). */
  'DELIVERY_NO_HANDLER',
  /** A handler failed with an unexpected error (a bug, or an error it did not classify): retried. */
  'DELIVERY_HANDLER_CRASHED',
  /** An attempt ran past its lease (`leaseMs`): the worker gave up on it and will retry. */
  'DELIVERY_TIMEOUT',
  /** Temporary failures went on for longer than `maxAgeMs` (3 days by default): the entry is failed. */
  'DELIVERY_EXPIRED',
] as const;

export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

export class DeliveryError extends OpenUmError {
  override readonly name = 'DeliveryError';
  override readonly code: DeliveryErrorCode;
  /** true: retrying cannot help (mark failed); false: retry later with backoff. */
  readonly permanent: boolean;

  constructor(code: DeliveryErrorCode, message: string, options: { permanent: boolean; cause?: unknown }) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.permanent = options.permanent;
  }
}

export const MAX_ERROR_TEXT: number = deliveryLimits.maxErrorText;

/**
 * One printable line from text that may come from the network (an SMTP or IMAP reply): control
 * characters become spaces, runs of spaces collapse, and it is cut at `max` characters.
 */
export function oneLine(text: string, max: number = MAX_ERROR_TEXT): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The `lastError` text of a failure: `CODE: message`. */
export function describeFailure(error: DeliveryError): string {
  return oneLine(`${error.code}: ${error.message}`);
}
