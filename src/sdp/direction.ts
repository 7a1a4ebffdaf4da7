/**
 * Stream directions (RFC 3264 §5.1, §6.1). A direction is a pair of flags: do we send, do we
 * receive. The answer to an offer is the offer seen from the other side ("sendonly" becomes
 * "recvonly"), narrowed by what we want ourselves.
 */
import type { Direction } from './types.js';

interface Flags {
  send: boolean;
  recv: boolean;
}

function flagsOf(d: Direction): Flags {
  return { send: d === 'sendrecv' || d === 'sendonly', recv: d === 'sendrecv' || d === 'recvonly' };
}

function directionOf(f: Flags): Direction {
  if (f.send && f.recv) return 'sendrecv';
  if (f.send) return 'sendonly';
  if (f.recv) return 'recvonly';
  return 'inactive';
}

/** The direction seen from the other end: sendonly ↔ recvonly. */
export function reverse(d: Direction): Direction {
  const f = flagsOf(d);
  return directionOf({ send: f.recv, recv: f.send });
}

/** What both allow. */
export function intersect(a: Direction, b: Direction): Direction {
  const fa = flagsOf(a);
  const fb = flagsOf(b);
  return directionOf({ send: fa.send && fb.send, recv: fa.recv && fb.recv });
}

/** The direction without receiving (a peer that gave c=0.0.0.0 receives nothing, RFC 3264 §8.4). */
export function withoutReceive(d: Direction): Direction {
  return directionOf({ send: flagsOf(d).send, recv: false });
}

export function receives(d: Direction): boolean {
  return flagsOf(d).recv;
}

/** RFC 8866 §6.7: media level, else session level, else sendrecv. */
export function effectiveDirection(media: Direction | null, session: Direction | null): Direction {
  return media ?? session ?? 'sendrecv';
}
