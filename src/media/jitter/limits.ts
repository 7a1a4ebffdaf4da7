/**
 * Named limits of the jitter buffer, each with its reason. The buffer serves the recording and
 * decoding path, where latency costs little and lost audio costs much, so it is generous.
 */
import { JitterError } from './errors.js';

export interface JitterLimits {
  /**
   * Frames held before playout starts, i.e. the delay that absorbs jitter: 3 × 20 ms = 60 ms
   * covers the jitter of a LAN or a decent WAN path (ITU-T G.114 budgets ~50-100 ms for it).
   */
  depthFrames: number;
  /**
   * The most audio (in frames) the buffer holds ahead of playout. A packet further ahead is a
   * timestamp jump and re-syncs; a burst beyond it drops the oldest audio. 50 × 20 ms = 1 s:
   * a longer delay spike is a network outage, and memory stays bounded per call.
   */
  maxDepthFrames: number;
  /**
   * Sequence numbers a packet may lag the newest one and still be reordering or a duplicate
   * (RFC 3550 A.1 MAX_MISORDER). Further back, two packets in sequence mean a restarted sender.
   */
  maxMisorder: number;
  /** Output packets remembered to tell a duplicate from a late packet. */
  playedHistory: number;
}

export const DEFAULT_JITTER_LIMITS: Readonly<JitterLimits> = Object.freeze({
  depthFrames: 3,
  maxDepthFrames: 50,
  maxMisorder: 100,
  playedHistory: 64,
});

/** Completes partial limits with the defaults (explicit zeros kept) and checks them. */
export function resolveJitterLimits(partial: Partial<JitterLimits> = {}): JitterLimits {
  const limits: JitterLimits = {
    depthFrames: partial.depthFrames ?? DEFAULT_JITTER_LIMITS.depthFrames,
    maxDepthFrames: partial.maxDepthFrames ?? Math.max(DEFAULT_JITTER_LIMITS.maxDepthFrames, partial.depthFrames ?? 0),
    maxMisorder: partial.maxMisorder ?? DEFAULT_JITTER_LIMITS.maxMisorder,
    playedHistory: partial.playedHistory ?? DEFAULT_JITTER_LIMITS.playedHistory,
  };
  const ok =
    Number.isInteger(limits.depthFrames) &&
    limits.depthFrames >= 0 &&
    Number.isInteger(limits.maxDepthFrames) &&
    limits.maxDepthFrames >= Math.max(1, limits.depthFrames) &&
    Number.isInteger(limits.maxMisorder) &&
    limits.maxMisorder >= 0 &&
    Number.isInteger(limits.playedHistory) &&
    limits.playedHistory >= 1;
  if (!ok) {
    throw new JitterError('MEDIA_JITTER_BAD_OPTIONS', `jitter buffer limits ${JSON.stringify(limits)}: need integers with 0 <= depthFrames <= maxDepthFrames, maxDepthFrames >= 1`);
  }
  return limits;
}
