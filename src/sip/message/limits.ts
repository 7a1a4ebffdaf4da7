/**
 * Named limits of the message layer, each with the reason for its default. They are checked
 * before anything is allocated for the part they bound (a Content-Length is compared with
 * maxBodyBytes before the body is sliced; headers are counted while the block is scanned).
 * An explicit 0 is kept as 0 (never `value || default`).
 */
export interface MessageLimits {
  /**
   * Whole message, start line to end of body. 65535: the largest IP datagram, so a UDP message
   * can never exceed it, and a stream peer gets the same bound (RFC 3261 §18.1.1 expects
   * messages near the path MTU; anything this large is broken or hostile). Answered with 513.
   */
  maxMessageBytes: number;
  /** Header fields (physical lines after unfolding). 256 is ~10× a large real INVITE. */
  maxHeaderCount: number;
  /** One physical line. 8192: longer than any sane header, short enough to bound scanning. */
  maxLineLength: number;
  /** Body bytes as announced by Content-Length. Answered with 413. */
  maxBodyBytes: number;
}

export const DEFAULT_MESSAGE_LIMITS: Readonly<MessageLimits> = Object.freeze({
  maxMessageBytes: 65535,
  maxHeaderCount: 256,
  maxLineLength: 8192,
  maxBodyBytes: 60000,
});

/** Completes a partial set of limits with the defaults, keeping explicit zeros. */
export function resolveLimits(partial?: Partial<MessageLimits>): MessageLimits {
  if (partial === undefined) return DEFAULT_MESSAGE_LIMITS;
  return {
    maxMessageBytes: partial.maxMessageBytes ?? DEFAULT_MESSAGE_LIMITS.maxMessageBytes,
    maxHeaderCount: partial.maxHeaderCount ?? DEFAULT_MESSAGE_LIMITS.maxHeaderCount,
    maxLineLength: partial.maxLineLength ?? DEFAULT_MESSAGE_LIMITS.maxLineLength,
    maxBodyBytes: partial.maxBodyBytes ?? DEFAULT_MESSAGE_LIMITS.maxBodyBytes,
  };
}
