/**
 * When to send the next RTCP compound packet (RFC 3550 §6.2, Appendix A.7), simplified.
 *
 * The full algorithm derives the deterministic interval Td from the session bandwidth, the
 * member count and the average RTCP size, then bounds it below by 5 s. For OpenUM's two-party
 * voice calls (2 members, 5% of ~64-87 kbit/s, ~100-byte compounds) that computed value is well
 * under a second, so Td is always the 5 s minimum; this module uses Td = 5 s directly. It keeps
 * the randomization to [0.5, 1.5] × Td (§6.2, so that calls started together do not send in
 * step) and the halved first interval (§6.2 "the initial RTCP packet … half the minimum"). It
 * omits timer reconsideration and its e - 3/2 compensation factor (A.7), which only matter for
 * large groups.
 */

/** Td: RFC 3550 §6.2's recommended minimum interval. */
export const RTCP_MIN_INTERVAL_MS = 5000;

/**
 * Milliseconds until the next RTCP packet. `random` returns a number in [0, 1) (Math.random in
 * production, a seeded generator in tests); `initial` halves Td for the first packet.
 */
export function rtcpIntervalMs(random: () => number, initial = false, minIntervalMs = RTCP_MIN_INTERVAL_MS): number {
  const td = initial ? minIntervalMs / 2 : minIntervalMs;
  return td * (0.5 + random());
}
