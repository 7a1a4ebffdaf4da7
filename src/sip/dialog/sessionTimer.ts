/**
 * Session timers, RFC 4028, from the UAS side: decide the interval and the refresher when an INVITE
 * or UPDATE arrives, and when the session must be refreshed or torn down.
 */

export interface SessionTimerPolicy {
  /** Interval we ask for when the UAC proposes none but supports timers (RFC 4028 §9). */
  sessionExpires: number;
  /** Our Min-SE: the smallest interval we accept (RFC 4028 §5: at least 90 s). */
  minSe: number;
}

export type Refresher = 'uac' | 'uas';

export interface SessionTimerRequest {
  /** Session-Expires delta-seconds of the request, or null when absent. */
  sessionExpires: number | null;
  /** The refresher param of Session-Expires, or null. */
  refresher: Refresher | null;
  /** Min-SE of the request, or null. */
  minSe: number | null;
  /** Whether the UAC listed "timer" in Supported. */
  uacSupportsTimer: boolean;
}

export type SessionTimerDecision =
  /** RFC 4028 §8.1: too small → 422 with our Min-SE. */
  | { kind: 'reject'; minSe: number }
  /** No session timer on this session. */
  | { kind: 'none' }
  | { kind: 'active'; interval: number; refresher: Refresher; requireTimer: boolean };

/** Parses `1800;refresher=uac` (RFC 4028 §4). Returns null for anything else. */
export function parseSessionExpires(value: string | undefined): { interval: number; refresher: Refresher | null } | null {
  if (value === undefined) return null;
  const [delta = '', ...params] = value.split(';').map((s) => s.trim());
  if (!/^\d{1,10}$/.test(delta)) return null;
  let refresher: Refresher | null = null;
  for (const p of params) {
    const [k = '', v = ''] = p.split('=').map((s) => s.trim().toLowerCase());
    if (k === 'refresher' && (v === 'uac' || v === 'uas')) refresher = v;
  }
  return { interval: Number(delta), refresher };
}

/** Parses a Min-SE value (`90` or `90;param`). */
export function parseMinSe(value: string | undefined): number | null {
  if (value === undefined) return null;
  const delta = value.split(';')[0]!.trim();
  return /^\d{1,10}$/.test(delta) ? Number(delta) : null;
}

/** RFC 4028 §9: the UAS's processing of a session refresh request (initial or refresh). */
export function negotiateSessionTimer(req: SessionTimerRequest, policy: SessionTimerPolicy): SessionTimerDecision {
  const ourMin = Math.max(90, policy.minSe);
  if (req.sessionExpires !== null) {
    // §8.1 / §9: "If the Session-Expires value is smaller than the Min-SE ... reject with 422".
    if (req.sessionExpires < ourMin) return { kind: 'reject', minSe: ourMin };
    const interval = req.sessionExpires;
    if (!req.uacSupportsTimer) {
      // §9: the UAC does not support timers: the UAS is the refresher, and Require is not used.
      return { kind: 'active', interval, refresher: 'uas', requireTimer: false };
    }
    // §9: "If the request contained a refresher parameter, the UAS MUST use it"; else UAS chooses.
    return { kind: 'active', interval, refresher: req.refresher ?? 'uac', requireTimer: true };
  }
  // §9: no Session-Expires in the request. "the UAS MAY insert a Session-Expires header field"
  // only when the UAC supports timers; we do, so that dead gateways don't leave calls up forever.
  if (req.uacSupportsTimer) {
    const interval = Math.max(policy.sessionExpires, ourMin, req.minSe ?? 0);
    return { kind: 'active', interval, refresher: 'uac', requireTimer: true };
  }
  return { kind: 'none' };
}

/**
 * RFC 4028 §10: the refresher sends its refresh at half the interval; the other side, when no
 * refresh came, sends BYE "at the time of expiration minus the smaller of 32 s and one third".
 */
export function sessionTimerDelays(interval: number, refresher: Refresher, weAre: Refresher): { refreshAt?: number; expireAt: number } {
  const expireAt = (interval - Math.min(32, interval / 3)) * 1000;
  if (refresher === weAre) return { refreshAt: (interval / 2) * 1000, expireAt: interval * 1000 };
  return { expireAt };
}
