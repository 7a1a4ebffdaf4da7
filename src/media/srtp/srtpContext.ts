/**
 * One direction of an SRTP/SRTCP session (RFC 3711): the outbound context protects with our master
 * key, the inbound one unprotects with the peer's (RFC 4568 §6.1: each side sends with its own
 * key). Per-SSRC state (ROC and highest sequence sent, replay windows received) lives inside; the
 * session keys are derived once at construction with kdr = 0 (§4.3).
 *
 * SRTP packet (§3.1):                       SRTCP packet (§3.4):
 *   RTP header      (clear, authenticated)     RTCP header + sender SSRC (8 bytes, clear)
 *   payload+padding (encrypted, auth.)         rest of the compound packet (encrypted)
 *   auth tag        (80 or 32 bits)            E (1 bit) || SRTCP index (31 bits)
 *                                              auth tag (80 bits)
 */
import { deriveSessionKeys } from './kdf.js';
import { SrtpError } from './errors.js';
import { SRTCP_MAX_INDEX, SRTP_MAX_INDEX, SRTP_MAX_PACKET_SIZE, SRTP_MAX_SSRCS_PER_CONTEXT } from './limits.js';
import { RTCP_CLEAR, checkRtcpHeader, readU16, readU32, rtpHeaderLength } from './packetFields.js';
import { ReplayWindow } from './replayWindow.js';
import { estimateIndex, rocOf } from './roc.js';
import { SessionCrypto } from './sessionCrypto.js';
import { SRTP_SUITES, type SrtpSuiteName } from './suites.js';

export interface SrtpContextOptions {
  suite: SrtpSuiteName;
  /** 16 bytes. */
  masterKey: Buffer;
  /** 14 bytes. */
  masterSalt: Buffer;
}

export interface SrtpStats {
  rtpProtected: number;
  rtpUnprotected: number;
  rtcpProtected: number;
  rtcpUnprotected: number;
  authFailures: number;
  replays: number;
}

/** What a sender remembers per SSRC. */
interface SenderState {
  roc: number;
  lastSeq: number;
  /** Next SRTCP index (§3.4: starts at zero, +1 per packet). */
  rtcpIndex: number;
}

/** What a receiver remembers per SSRC: the replay windows, whose highest index also gives s_l and ROC. */
interface ReceiverState {
  rtp: ReplayWindow;
  rtcp: ReplayWindow;
}

const SEQ_MOD = 0x10000;
const HALF = 0x8000;
const E_FLAG = 0x80000000;
const SRTCP_INDEX_SIZE = 4;

export class SrtpContext {
  readonly suite: SrtpSuiteName;
  readonly #rtp: SessionCrypto;
  readonly #rtcp: SessionCrypto;
  readonly #senders = new Map<number, SenderState>();
  readonly #receivers = new Map<number, ReceiverState>();
  readonly #stats: SrtpStats = { rtpProtected: 0, rtpUnprotected: 0, rtcpProtected: 0, rtcpUnprotected: 0, authFailures: 0, replays: 0 };

  constructor(options: SrtpContextOptions) {
    const suite = SRTP_SUITES[options.suite];
    if (suite === undefined) throw new SrtpError('MEDIA_SRTP_BAD_KEY', `unsupported SRTP suite ${String(options.suite)}`);
    if (options.masterKey.length !== suite.keyLength) {
      throw new SrtpError('MEDIA_SRTP_BAD_KEY', `${suite.name} needs a ${suite.keyLength}-byte master key, got ${options.masterKey.length} (RFC 4568 §6.2)`);
    }
    if (options.masterSalt.length !== suite.saltLength) {
      throw new SrtpError('MEDIA_SRTP_BAD_KEY', `${suite.name} needs a ${suite.saltLength}-byte master salt, got ${options.masterSalt.length} (RFC 4568 §6.2)`);
    }
    this.suite = suite.name;
    const keys = deriveSessionKeys(options.masterKey, options.masterSalt);
    this.#rtp = new SessionCrypto(keys.rtp, suite.rtpTagLength);
    this.#rtcp = new SessionCrypto(keys.rtcp, suite.rtcpTagLength);
  }

  /** Encrypts and authenticates a whole RTP packet; returns a new buffer, tag appended (§3.3). */
  protectRtp(packet: Buffer): Buffer {
    const length = packet.length;
    checkSize(length);
    const headerLength = rtpHeaderLength(packet, length);
    const seq = readU16(packet, 2);
    const ssrc = readU32(packet, 8);
    const state = this.#sender(ssrc, seq);
    // §3.3.1: the sender's ROC is incremented each time SEQ wraps from 2^16 - 1 to 0. A sequence
    // number that goes back by less than half the space is a resend of an older packet: same ROC.
    if (seq < state.lastSeq && state.lastSeq - seq > HALF) state.roc++;
    else if (seq > state.lastSeq && seq - state.lastSeq > HALF && state.roc > 0) {
      // A packet from before the last wrap, sent late: it belongs to the previous ROC.
      return this.#sealRtp(packet, headerLength, ssrc, state.roc - 1, seq);
    }
    state.lastSeq = seq;
    if (state.roc * SEQ_MOD + seq > SRTP_MAX_INDEX) throw new SrtpError('MEDIA_SRTP_KEY_EXHAUSTED', 'SRTP packet index reached 2^48: the master key must be renewed (RFC 3711 §9.2)');
    return this.#sealRtp(packet, headerLength, ssrc, state.roc, seq);
  }

  #sealRtp(packet: Buffer, headerLength: number, ssrc: number, roc: number, seq: number): Buffer {
    const length = packet.length;
    const out = Buffer.allocUnsafe(length + this.#rtp.tagLength);
    packet.copy(out, 0, 0, headerLength);
    this.#rtp.cryptRtp(ssrc, roc, seq, packet.subarray(headerLength), out, headerLength);
    this.#rtp.writeTag(out.subarray(0, length), roc, out, length);
    this.#stats.rtpProtected++;
    return out;
  }

  /**
   * Authenticates, checks for replay and decrypts an SRTP packet; returns the RTP packet.
   * Throws MEDIA_SRTP_AUTH, MEDIA_SRTP_REPLAY or MEDIA_SRTP_MALFORMED (§3.3: discard the packet).
   */
  unprotectRtp(packet: Buffer): Buffer {
    const tagLength = this.#rtp.tagLength;
    checkSize(packet.length);
    const end = packet.length - tagLength;
    if (end < 0) throw new SrtpError('MEDIA_SRTP_MALFORMED', `SRTP packet of ${packet.length} bytes is shorter than its ${tagLength}-byte tag (RFC 3711 §3.1)`);
    const headerLength = rtpHeaderLength(packet, end);
    const seq = readU16(packet, 2);
    const ssrc = readU32(packet, 8);
    const known = this.#receivers.get(ssrc);
    // §3.3.1: with no packet seen yet, s_l is this SEQ and ROC is 0.
    const index = known === undefined || known.rtp.highest < 0 ? seq : estimateIndex(known.rtp.highest, seq);
    if (known !== undefined) this.#checkReplay(known.rtp, index, 'SRTP', ssrc);
    const roc = rocOf(index);
    if (!this.#rtp.verifyTag(packet.subarray(0, end), roc, packet.subarray(end))) {
      this.#stats.authFailures++;
      throw new SrtpError('MEDIA_SRTP_AUTH', `SRTP packet from SSRC ${ssrc} (seq ${seq}) failed authentication (RFC 3711 §3.3)`);
    }
    const out = Buffer.allocUnsafe(end);
    packet.copy(out, 0, 0, headerLength);
    this.#rtp.cryptRtp(ssrc, roc, seq, packet.subarray(headerLength, end), out, headerLength);
    (known ?? this.#receiver(ssrc)).rtp.accept(index);
    this.#stats.rtpUnprotected++;
    return out;
  }

  /** Encrypts and authenticates a (compound) RTCP packet; returns a new buffer (§3.4). */
  protectRtcp(packet: Buffer): Buffer {
    const length = packet.length;
    checkSize(length);
    checkRtcpHeader(packet, length);
    const ssrc = readU32(packet, 4);
    const state = this.#sender(ssrc, 0);
    const index = state.rtcpIndex;
    if (index > SRTCP_MAX_INDEX) throw new SrtpError('MEDIA_SRTP_KEY_EXHAUSTED', 'SRTCP index reached 2^31: the master key must be renewed (RFC 3711 §3.4, §9.2)');
    state.rtcpIndex = index + 1;
    const tagAt = length + SRTCP_INDEX_SIZE;
    const out = Buffer.allocUnsafe(tagAt + this.#rtcp.tagLength);
    packet.copy(out, 0, 0, RTCP_CLEAR);
    this.#rtcp.cryptRtcp(ssrc, index, packet.subarray(RTCP_CLEAR), out, RTCP_CLEAR);
    out.writeUInt32BE((E_FLAG | index) >>> 0, length);
    this.#rtcp.writeTag(out.subarray(0, tagAt), null, out, tagAt);
    this.#stats.rtcpProtected++;
    return out;
  }

  /** Authenticates, checks for replay and decrypts an SRTCP packet; returns the RTCP packet. */
  unprotectRtcp(packet: Buffer): Buffer {
    const tagLength = this.#rtcp.tagLength;
    checkSize(packet.length);
    const tagAt = packet.length - tagLength;
    const end = tagAt - SRTCP_INDEX_SIZE;
    if (end < RTCP_CLEAR) throw new SrtpError('MEDIA_SRTP_MALFORMED', `SRTCP packet of ${packet.length} bytes cannot hold a header, an index and a ${tagLength}-byte tag (RFC 3711 §3.4)`);
    checkRtcpHeader(packet, end);
    const ssrc = readU32(packet, 4);
    const word = readU32(packet, end);
    const encrypted = (word & E_FLAG) !== 0;
    const index = word & SRTCP_MAX_INDEX;
    const known = this.#receivers.get(ssrc);
    if (known !== undefined) this.#checkReplay(known.rtcp, index, 'SRTCP', ssrc);
    if (!this.#rtcp.verifyTag(packet.subarray(0, tagAt), null, packet.subarray(tagAt))) {
      this.#stats.authFailures++;
      throw new SrtpError('MEDIA_SRTP_AUTH', `SRTCP packet from SSRC ${ssrc} (index ${index}) failed authentication (RFC 3711 §3.4)`);
    }
    const out = Buffer.allocUnsafe(end);
    packet.copy(out, 0, 0, RTCP_CLEAR);
    // §3.4: E = 0 means the sender left the payload unencrypted (still authenticated).
    if (encrypted) this.#rtcp.cryptRtcp(ssrc, index, packet.subarray(RTCP_CLEAR, end), out, RTCP_CLEAR);
    else packet.copy(out, RTCP_CLEAR, RTCP_CLEAR, end);
    (known ?? this.#receiver(ssrc)).rtcp.accept(index);
    this.#stats.rtcpUnprotected++;
    return out;
  }

  /** Counters for metrics and logs. */
  stats(): Readonly<SrtpStats> {
    return { ...this.#stats };
  }

  toJSON(): { suite: SrtpSuiteName; ssrcsSent: number; ssrcsReceived: number } & SrtpStats {
    return { suite: this.suite, ssrcsSent: this.#senders.size, ssrcsReceived: this.#receivers.size, ...this.#stats };
  }

  #checkReplay(window: ReplayWindow, index: number, what: string, ssrc: number): void {
    // §3.3.2: an index below the window, or one already received, is a replay.
    const verdict = index < 0 ? 'tooOld' : window.check(index);
    if (verdict === 'replayed' || verdict === 'tooOld') {
      this.#stats.replays++;
      throw new SrtpError('MEDIA_SRTP_REPLAY', `${what} packet from SSRC ${ssrc} (index ${index}) is ${verdict === 'replayed' ? 'a replay' : 'older than the replay window'} (RFC 3711 §3.3.2)`);
    }
  }

  #sender(ssrc: number, seq: number): SenderState {
    let state = this.#senders.get(ssrc);
    if (state === undefined) {
      state = { roc: 0, lastSeq: seq, rtcpIndex: 0 };
      remember(this.#senders, ssrc, state);
    }
    return state;
  }

  #receiver(ssrc: number): ReceiverState {
    const state: ReceiverState = { rtp: new ReplayWindow(), rtcp: new ReplayWindow() };
    remember(this.#receivers, ssrc, state);
    return state;
  }
}

function checkSize(length: number): void {
  if (length > SRTP_MAX_PACKET_SIZE) throw new SrtpError('MEDIA_SRTP_MALFORMED', `packet of ${length} bytes exceeds ${SRTP_MAX_PACKET_SIZE}`);
}

/** Adds per-SSRC state, forgetting the oldest SSRC past SRTP_MAX_SSRCS_PER_CONTEXT. */
function remember<T>(map: Map<number, T>, ssrc: number, state: T): void {
  if (map.size >= SRTP_MAX_SSRCS_PER_CONTEXT) {
    const oldest = map.keys().next();
    if (oldest.done !== true) map.delete(oldest.value);
  }
  map.set(ssrc, state);
}
