/**
 * Limits of the dialog layer's subscriptions (RFC 6665), each with its reason. The UA core applies
 * them to every SUBSCRIBE, initial or refresh.
 */
export interface SubscriptionLimits {
  /**
   * Shortest subscription granted; a non-zero Expires below it gets 423 Interval Too Brief with
   * Min-Expires (RFC 6665 §4.2.1.1). 60 s keeps a phone from turning a subscription into a
   * NOTIFY every few seconds.
   */
  minExpires: number;
  /**
   * Longest subscription granted; longer requests are shortened (the 200 says by how much,
   * RFC 6665 §4.2.1.1: "MAY shorten the amount of time ... MUST NOT lengthen"). One hour bounds
   * how long a vanished subscriber costs us a dialog (RFC 3842 §3.4 recommends an hour).
   */
  maxExpires: number;
  /** Granted when the SUBSCRIBE has no Expires (the package default of RFC 3842 §3.4: an hour). */
  defaultExpires: number;
  /**
   * Subscriptions held at once: each is a dialog and a timer. Ten thousand covers every phone
   * and gateway of a large site; past it a new SUBSCRIBE gets 503 with Retry-After.
   */
  maxSubscriptions: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: Readonly<SubscriptionLimits> = Object.freeze({
  minExpires: 60,
  maxExpires: 3600,
  defaultExpires: 3600,
  maxSubscriptions: 10_000,
});
