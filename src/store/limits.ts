/**
 * Limits of the mailbox store, each with its reason (STYLE.md §6). Free text that arrives from the
 * network (caller name and number, Call-ID) is cut to its limit rather than refused: a long display
 * name must never cost a caller their message.
 */
export const storeLimits = {
  /** Extensions are digits only (config: `digits('extension')`, 1-32); anything else is refused. */
  maxExtensionDigits: 32,
  /** PINs are digits; the configuration allows 1-24 of them. */
  maxPinDigits: 24,
  /** Caller number and name from From / P-Asserted-Identity / Diversion: cut beyond this. */
  maxCallerChars: 256,
  /** A SIP Call-ID is kept for support; real ones are under 100 characters. */
  maxCallIdChars: 512,
  /** A transcript of the longest message (7200 s) fits with room to spare. */
  maxTranscriptChars: 200_000,
  /** The last delivery error kept on an outbox entry (a server's reply, not a log). */
  maxOutboxErrorChars: 2_000,
  /** An outbox payload is a few identifiers, never audio or message content. */
  maxPayloadBytes: 64 * 1024,
  /** Rows a list query returns at most (and by default): a mailbox quota is far below this. */
  maxListRows: 10_000,
  /** Outbox entries one claimDue call may lease. */
  maxClaim: 1_000,
  /** How long a connection waits for another writer's lock before failing (ms). */
  busyTimeoutMs: 5_000,
} as const;

/**
 * scrypt parameters for PIN hashes (RFC 7914). N = 2^15, r = 8 costs ~32 MiB and tens of ms: a
 * 6-digit PIN space takes hours per mailbox to search, on top of the lockout after failed logons.
 */
export const scryptParams = {
  N: 32_768,
  r: 8,
  p: 1,
  saltBytes: 16,
  keyBytes: 32,
  /** verifyPin refuses a stored hash asking for more memory than this (128 * N * r * p bytes). */
  maxMemoryBytes: 256 * 1024 * 1024,
} as const;
