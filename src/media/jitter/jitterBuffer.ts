/**
 * The receive-side jitter buffer of the recording and decoding path: packets go in as they
 * arrive (`push`), frames come out at the media clock's pace (`pop`, once per 20 ms tick), in
 * order, each at most once, with a 'missing' item wherever audio is absent, so that the consumer
 * (decoder + recorder) writes exactly as much audio as the call lasted.
 *
 * Choices (pure, no timers; the consumer's tick is the clock):
 * - Positions. Each packet's RTP timestamp is mapped onto an internal timeline (32-bit wrap
 *   folded by signed difference against the newest packet). Output items carry `timestamp`, the
 *   position in the output stream in timestamp units: it starts at 0 and each item begins where
 *   the previous one ended, whatever the source did (wrap, jumps, SSRC changes).
 * - Duration. A packet covers `samples` timestamp units when the caller says so (for PCMU, PCMA
 *   and G.722 it is the payload length), else the packet time learnt from the stream (twice the
 *   same timestamp step between consecutive sequence numbers), else `frameSamples`. A packet of
 *   30 or 40 ms comes out as one 'frame' item covering 240 or 320 units, and the following
 *   pop()s return null until the clock has caught up: splitting into 20 ms frames is the
 *   decoder's job. Holes come out as 'missing' items of at most one packet time each, measured
 *   in timestamp units. `frameSamples` must not exceed the stream's packet time.
 * - Delay. Playout starts `depthFrames` pops after the first packet. A packet whose slot has
 *   already been played is late (dropped) unless it is the newest by sequence number: then the
 *   stream stalled or its timestamps went back, and it re-syncs instead of being lost.
 * - Re-sync (SSRC change, after which stragglers of the old SSRC count as late for
 *   `maxMisorder` packets; a timestamp jump past the buffer's capacity; timestamps going back;
 *   a sequence restart seen in two packets in a row, RFC 3550 A.1): the packet is placed right
 *   after the buffered audio, or `depthFrames` ahead of playout when nothing is buffered, so
 *   neither minutes of silence nor a stall result. Silence suppression needs no re-sync: the
 *   timestamps advance with real time, and the silent ticks come out as 'missing'.
 * - Bounds: at most `maxDepthFrames` packets and as much audio; beyond, the oldest is dropped
 *   (`overflow`). A stall followed by a burst leaves the extra delay in place (nothing is
 *   lost); the next talkspurt (marker bit) arriving on an empty buffer brings the delay back to
 *   `depthFrames`.
 */
import { resolveJitterLimits, type JitterLimits } from './limits.js';
import { JitterError } from './errors.js';

export interface JitterPacket {
  seq: number;
  timestamp: number;
  ssrc: number;
  /** Kept by reference until popped: the caller must not reuse its memory. */
  payload: Uint8Array;
  marker: boolean;
  /** Timestamp units the payload covers, when the caller knows it (G.711, G.722: payload bytes). */
  samples?: number;
}

export type JitterOutput =
  | { kind: 'frame'; payload: Uint8Array; timestamp: number; samples: number; rtpTimestamp: number; seq: number; marker: boolean }
  | { kind: 'missing'; timestamp: number; samples: number };

export interface JitterBufferOptions extends Partial<JitterLimits> {
  /** RTP clock rate, 8000 for PCMU, PCMA and G.722. */
  clockRate: number;
  /** Timestamp units per output frame (and per pop): 160 for 20 ms at 8000. */
  frameSamples: number;
}

export interface JitterStats {
  /** Every packet pushed. */
  received: number;
  /** Accepted packets that arrived after a packet with a higher sequence number. */
  reordered: number;
  /** Copies of a packet already buffered or played. */
  duplicate: number;
  /** Packets that arrived after their slot had been played (dropped). */
  late: number;
  /** Sequence numbers skipped between consecutive played packets (late ones included). */
  lost: number;
  /**
   * The audio those packets held, in timestamp units (each counted at the packet time learnt,
   * so a lost 30 ms packet counts 240 at 8000 Hz: 1.5 frames of 20 ms).
   */
  lostSamples: number;
  /** 'missing' items output. */
  missing: number;
  /** Packets dropped because the buffer was full. */
  overflow: number;
  /** Times the timeline was re-synchronized. */
  resyncs: number;
}

interface Entry {
  pos: number;
  extSeq: number;
  epoch: number;
  packet: JitterPacket;
}

/** The longest packet time learnt (6 frames = 120 ms at 20 ms; RFC 3551 §4.5 uses ≤ 120 ms). */
const MAX_PTIME_FRAMES = 6;

/** a - b folded into a signed 32-bit difference (RTP timestamps wrap at 2^32). */
function tsDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** a - b folded into a signed 16-bit difference. */
function seqDiff(a: number, b: number): number {
  return (((a - b) & 0xffff) << 16) >> 16;
}

export class JitterBuffer {
  readonly #limits: JitterLimits;
  readonly #fs: number;
  readonly #maxSpan: number;
  readonly #entries: Entry[] = [];
  readonly #played: Float64Array;
  #playedNext = 0;
  #state: 'idle' | 'priming' | 'playing' = 'idle';
  #primePops = 0;
  #ssrc = 0;
  /** The SSRC replaced by the last switch, and packets pushed since (stragglers are late). */
  #retiredSsrc = -1;
  #sinceSwitch = 0;
  #epoch = 0;
  #refTs = 0;
  #refPos = 0;
  #highestExt = 0;
  #suspectSeq = -1;
  #playPos = 0;
  #outPos = 0;
  #clockPos = 0;
  #ptime: number;
  #ptimeCandidate = -1;
  #lastInOrderPos: number | null = null;
  #lastPlayedExt = 0;
  #lastPlayedEpoch = -1;
  readonly #stats: JitterStats = { received: 0, reordered: 0, duplicate: 0, late: 0, lost: 0, lostSamples: 0, missing: 0, overflow: 0, resyncs: 0 };

  constructor(options: JitterBufferOptions) {
    const { clockRate, frameSamples, ...limits } = options;
    if (!(Number.isInteger(frameSamples) && frameSamples > 0 && Number.isInteger(clockRate) && clockRate > 0)) {
      throw new JitterError('MEDIA_JITTER_BAD_OPTIONS', `jitter buffer needs positive integer clockRate and frameSamples, got ${clockRate} and ${frameSamples}`);
    }
    this.#limits = resolveJitterLimits(limits);
    this.#fs = frameSamples;
    this.#ptime = frameSamples;
    this.#maxSpan = this.#limits.maxDepthFrames * frameSamples;
    this.#played = new Float64Array(this.#limits.playedHistory).fill(Number.NaN);
  }

  get stats(): Readonly<JitterStats> {
    return this.#stats;
  }

  /** Packets held now. */
  get size(): number {
    return this.#entries.length;
  }

  push(packet: JitterPacket): void {
    this.#stats.received++;
    if (this.#state === 'idle') {
      this.#state = 'priming';
      this.#resync(packet, 0, true);
      this.#stats.resyncs--; // the first packet starts the timeline; it is no re-sync
      return;
    }
    if (packet.ssrc !== this.#ssrc) {
      if (packet.ssrc === this.#retiredSsrc && this.#sinceSwitch <= this.#limits.maxMisorder) {
        // A straggler of the source just replaced, delayed in the network: not a switch back.
        this.#stats.late++;
        return;
      }
      this.#retiredSsrc = this.#ssrc;
      this.#sinceSwitch = 0;
      this.#resync(packet, this.#target(), true);
      return;
    }
    this.#sinceSwitch++;
    const extSeq = this.#highestExt + seqDiff(packet.seq, this.#highestExt & 0xffff);
    if (extSeq < this.#highestExt - this.#limits.maxMisorder) {
      // RFC 3550 A.1: far behind the newest; a second packet in sequence after it means the
      // sender restarted its sequence numbers, a single one is a stray.
      if (packet.seq === this.#suspectSeq) {
        this.#resync(packet, this.#target(), true);
      } else {
        this.#suspectSeq = (packet.seq + 1) & 0xffff;
        this.#stats.late++;
      }
      return;
    }
    if (extSeq <= this.#highestExt && this.#isKnown(extSeq)) {
      // Checked by sequence number, before any timestamp reasoning: a copy that arrives after a
      // re-sync has moved the timeline must not be placed a second time.
      this.#stats.duplicate++;
      return;
    }
    const pos = this.#refPos + tsDiff(packet.timestamp, this.#refTs);
    if (this.#state === 'playing' && pos < this.#playPos) {
      if (extSeq > this.#highestExt) {
        // The newest packet, yet its slot is gone: a stall, or timestamps that went back.
        this.#resync(packet, this.#target(), false, extSeq);
      } else {
        this.#stats.late++;
      }
      return;
    }
    if (packet.marker && this.#state === 'playing' && this.#entries.length === 0 && pos - this.#playPos > this.#limits.depthFrames * this.#fs) {
      // A talkspurt starts (RFC 3551 §4.1 marker) after the buffer ran dry: the delay that an
      // earlier stall added can go now, at the cost of a little silence nobody hears.
      this.#resync(packet, this.#target(), false, extSeq);
      return;
    }
    const horizon = Math.max(this.#playPos, this.#bufferedEnd());
    if (pos - horizon >= this.#maxSpan || horizon - pos >= this.#maxSpan) {
      // A timestamp jump the buffer could never bridge (gateway restart, switch of media source).
      this.#resync(packet, this.#target(), false, extSeq);
      return;
    }
    if (!this.#insert({ pos, extSeq, epoch: this.#epoch, packet })) {
      this.#stats.duplicate++;
      return;
    }
    if (extSeq < this.#highestExt) this.#stats.reordered++;
    if (extSeq > this.#highestExt) {
      this.#learnPtime(pos, extSeq - this.#highestExt);
      this.#highestExt = extSeq;
    }
    if (pos > this.#refPos) {
      this.#refPos = pos;
      this.#refTs = packet.timestamp;
    }
    this.#trim();
  }

  /**
   * Called once per frame tick: the next item due, or null (not started, or still covered). The
   * buffer's clock moves one frame per call, so call it on every tick, also when the consumer still
   * holds audio from a long packet (more calls in a tick only while the consumer is short).
   */
  pop(): JitterOutput | null {
    if (this.#state === 'idle') return null;
    if (this.#state === 'priming') {
      this.#primePops++;
      if (this.#primePops <= this.#limits.depthFrames) return null;
      this.#state = 'playing';
      this.#playPos = this.#entries[0]?.pos ?? this.#playPos;
    }
    // The clock runs one frame per pop; it keeps no debt when the output lags (short holes).
    this.#clockPos = Math.min(this.#clockPos, this.#outPos) + this.#fs;
    if (this.#outPos >= this.#clockPos) return null;
    const head = this.#entries[0];
    const timestamp = this.#outPos;
    if (head !== undefined && head.pos <= this.#playPos) {
      this.#entries.shift();
      const samples = this.#durationOf(head, this.#entries[0]);
      this.#remember(head);
      this.#playPos = Math.max(this.#playPos, head.pos + samples);
      this.#outPos += samples;
      const p = head.packet;
      return { kind: 'frame', payload: p.payload, timestamp, samples, rtpTimestamp: p.timestamp, seq: p.seq, marker: p.marker };
    }
    const samples = head === undefined ? this.#ptime : Math.min(head.pos - this.#playPos, this.#ptime);
    this.#playPos += samples;
    this.#outPos += samples;
    this.#stats.missing++;
    return { kind: 'missing', timestamp, samples };
  }

  #durationOf(entry: Entry, next: Entry | undefined): number {
    const own = entry.packet.samples !== undefined && entry.packet.samples > 0 ? entry.packet.samples : this.#ptime;
    return next !== undefined && next.pos > entry.pos ? Math.min(own, next.pos - entry.pos) : own;
  }

  #bufferedEnd(): number {
    const last = this.#entries[this.#entries.length - 1];
    return last === undefined ? this.#playPos : last.pos + this.#durationOf(last, undefined);
  }

  /** Where a re-synced packet goes: after the buffered audio, or a jitter depth ahead of playout. */
  #target(): number {
    if (this.#entries.length > 0) return this.#bufferedEnd();
    return this.#state === 'playing' ? this.#playPos + this.#limits.depthFrames * this.#fs : this.#playPos;
  }

  #resync(packet: JitterPacket, pos: number, newSequence: boolean, extSeq?: number): void {
    this.#stats.resyncs++;
    if (newSequence) {
      this.#epoch++;
      this.#ssrc = packet.ssrc;
      this.#highestExt = packet.seq;
      this.#played.fill(Number.NaN);
    }
    this.#suspectSeq = -1;
    this.#refTs = packet.timestamp;
    this.#refPos = pos;
    this.#lastInOrderPos = pos;
    const seq = newSequence || extSeq === undefined ? packet.seq : extSeq;
    if (seq > this.#highestExt) this.#highestExt = seq;
    this.#insert({ pos, extSeq: seq, epoch: this.#epoch, packet });
    this.#trim();
  }

  /** Inserts in position order; false when a packet already holds that position. */
  #insert(entry: Entry): boolean {
    const list = this.#entries;
    let i = list.length;
    while (i > 0 && (list[i - 1] as Entry).pos > entry.pos) i--;
    if (i > 0 && (list[i - 1] as Entry).pos === entry.pos) return false;
    list.splice(i, 0, entry);
    if (this.#state === 'priming') this.#playPos = (list[0] as Entry).pos;
    return true;
  }

  /** Drops the oldest packets while over capacity (count or span). */
  #trim(): void {
    const list = this.#entries;
    while (list.length > this.#limits.maxDepthFrames || (list.length > 1 && this.#bufferedEnd() - this.#playPos > this.#maxSpan)) {
      list.shift();
      this.#stats.overflow++;
      this.#playPos = (list[0] as Entry).pos;
    }
  }

  /** Learns the packet time from the newest packet's position and its sequence step. */
  #learnPtime(pos: number, seqStep: number): void {
    const last = this.#lastInOrderPos;
    this.#lastInOrderPos = pos;
    if (last === null || seqStep !== 1) return;
    const step = pos - last;
    if (step < this.#fs || step > MAX_PTIME_FRAMES * this.#fs) return;
    // Twice the same step: a packet time, not the end of a silence.
    if (step === this.#ptimeCandidate) this.#ptime = step;
    this.#ptimeCandidate = step;
  }

  #remember(entry: Entry): void {
    if (this.#lastPlayedEpoch === entry.epoch && entry.extSeq > this.#lastPlayedExt + 1) {
      const gap = entry.extSeq - this.#lastPlayedExt - 1;
      this.#stats.lost += gap;
      this.#stats.lostSamples += gap * this.#ptime;
    }
    this.#lastPlayedExt = entry.extSeq;
    this.#lastPlayedEpoch = entry.epoch;
    if (entry.epoch !== this.#epoch) return;
    this.#played[this.#playedNext] = entry.extSeq;
    this.#playedNext = (this.#playedNext + 1) % this.#played.length;
  }

  /** Whether this sequence number (current epoch) is buffered or was played recently. */
  #isKnown(extSeq: number): boolean {
    for (const e of this.#entries) if (e.extSeq === extSeq && e.epoch === this.#epoch) return true;
    return this.#played.includes(extSeq);
  }
}
