/**
 * Named limits of delivery (STYLE.md §6), each with its reason. Caller text comes from the network
 * (SIP display names and numbers), peer replies too (SMTP and IMAP responses); every one is cut to
 * these lengths before it reaches a mail header, a body, a file name, a log line or the store.
 */
export const deliveryLimits = {
  /** Display name shown in subject and body. A SIP display name can be kilobytes; 64 fits any real name. */
  maxCallerName: 64,
  /** Caller number. E.164 is 15 digits; a SIP user part can be longer, 40 keeps it readable. */
  maxCallerNumber: 40,
  /** Transcript put in a mail body: 20 000 characters is over an hour of speech. */
  maxTranscript: 20_000,
  /** Caller part of an attachment name: keeps names well under every mail client's limit. */
  maxFileNameCaller: 32,
  /** `lastError` kept on an outbox entry (the store clips again at its own limit). */
  maxErrorText: 500,
} as const;

/**
 * Time limits of one SMTP or IMAP session. nodemailer's and imapflow's defaults are minutes; a
 * server that is down should free the worker's slot sooner (the entry is retried with backoff).
 */
export const sessionTimeouts = Object.freeze({ connectionMs: 15_000, greetingMs: 15_000, socketMs: 60_000 });
