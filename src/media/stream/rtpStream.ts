/**
 * One call's audio over RTP (RFC 3550), optionally SRTP (RFC 3711): the MediaSession the Call API
 * drives. Sending and the receive play-out both run on the process-wide media clock, one 20 ms
 * frame per tick, so every stream is paced by the same clock and every tick hands exactly one
 * received frame (decoded, concealed or silence) to the listeners: a recording is as long as the
 * call. Packets are only accepted from the peer's signalled IP address (symmetric RTP, RFC 4961:
 * we then send to the port they come from), or, in 'nat' mode, latched from the first packets.
 * Parts: frameEncoder.ts (payloads, G.722 silence in step with the peer), sendRing.ts (a buffer
 * per packet of a catch-up burst), playout.ts (received audio, one frame per tick).
 */
import type { Socket, RemoteInfo } from 'node:dgram';
import { isIP } from 'node:net';
import type { ClockedStream, MediaClock } from '../clock/index.js';
import { createDecoder, payloadBytes } from '../codec/index.js';
import { Rfc4733Receiver, rfc4733EventPackets, type TelephoneEventOutPacket } from '../dtmf/index.js';
import { DtmfDetector } from '../dsp/index.js';
import { JitterBuffer } from '../jitter/index.js';
import { parseRtp, isRtcp, serializeRtpInto, rtpSize, RTP_FIXED_HEADER_SIZE } from '../rtp/index.js';
import type { SrtpContext } from '../srtp/index.js';
import type { CodecName, DtmfDigit, DtmfEvent, SampleRate } from '../types.js';
import { FrameEncoder } from './frameEncoder.js';
import { CODECS_FRAME_TS, samplesPerFrame } from './frames.js';
import { Playout } from './playout.js';
import type { AudioSource, MediaSession, MediaStats } from './types.js';
import { RtcpReporter } from './rtcpReporter.js';
import { SendRing } from './sendRing.js';

export interface StreamSockets {
  readonly port: number;
  readonly rtp: Socket;
  readonly rtcp: Socket | null;
  release(): void;
}

export interface StreamRemote {
  address: string;
  rtpPort: number;
  rtcpPort: number;
}

export interface RtpStreamConfig {
  codec: CodecName;
  /** PT we send the codec with, and the PT we expect it on. */
  sendPayloadType: number;
  receivePayloadType: number;
  /** RFC 4733 payload types; null when telephone-event was not negotiated. */
  telephoneEvent: { sendPayloadType: number; receivePayloadType: number } | null;
  remote: StreamRemote;
  /** Whether we send and receive (from the SDP direction). */
  send: boolean;
  receive: boolean;
  /** Protection of outgoing and incoming packets, when SRTP was negotiated. */
  srtp: { outbound: SrtpContext; inbound: SrtpContext } | null;
  /** 'strict': only the signalled IP; 'nat': latch to the first source within the first packets. */
  latching: 'strict' | 'nat';
  /** Detect DTMF tones in the audio (for gateways that send them in-band). */
  inbandDtmf: boolean;
}

export interface StreamLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

/** Packets from a new source accepted in 'nat' mode before the source is fixed. */
const NAT_LATCH_PACKETS = 5;
/** A key press we send when the caller gives no duration (a typical keypad press). */
const DEFAULT_DTMF_MS = 100;

/** A key press being sent as RFC 4733 events: its packets, the next one, and its start timestamp. */
interface OutgoingEvent {
  packets: TelephoneEventOutPacket[];
  next: number;
  timestamp: number | null;
  done: (sent: boolean) => void;
}

export class RtpStream implements MediaSession, ClockedStream {
  readonly sampleRate: SampleRate;
  readonly localPort: number;
  #config: RtpStreamConfig;
  readonly #sockets: StreamSockets;
  readonly #log: StreamLogger;
  readonly #encoder: FrameEncoder;
  readonly #jitter: JitterBuffer;
  readonly #playout: Playout;
  readonly #dtmf4733: Rfc4733Receiver;
  readonly #inband: DtmfDetector | null;
  readonly #rtcp: RtcpReporter;
  readonly #removeFromClock: () => void;
  readonly #outFrame: Int16Array;
  /** Packets of a catch-up burst leave after the burst: each gets its own buffer (sendRing.ts). */
  readonly #sendRing: SendRing;
  readonly #frameTs: number;
  readonly #ssrc = (Math.random() * 0x100000000) >>> 0;
  #seq = Math.floor(Math.random() * 0x10000);
  #timestamp = (Math.random() * 0x100000000) >>> 0;
  #source: AudioSource | null = null;
  #sourceDone: ((finished: boolean) => void) | null = null;
  #frameListeners = new Set<(frame: Int16Array) => void>();
  #dtmfListeners = new Set<(e: DtmfEvent) => void>();
  /** Key presses queued by sendDtmf, sent one after the other in place of audio. */
  #dtmfOut: OutgoingEvent[] = [];
  #sendTo: { address: string; port: number };
  #latched = false;
  #natCandidates = 0;
  #sawRfc4733 = false;
  #closed = false;
  #stats: MediaStats = { packetsSent: 0, packetsReceived: 0, framesLost: 0, packetsRejected: 0, srtpFailures: 0, dtmfEvents: 0 };

  constructor(sockets: StreamSockets, config: RtpStreamConfig, clock: MediaClock, log: StreamLogger) {
    this.#sockets = sockets;
    this.#config = config;
    this.#log = log;
    this.localPort = sockets.port;
    this.#encoder = new FrameEncoder(config.codec);
    this.sampleRate = this.#encoder.sampleRate;
    const samples = samplesPerFrame(this.sampleRate);
    this.#outFrame = new Int16Array(samples);
    this.#frameTs = CODECS_FRAME_TS;
    this.#jitter = new JitterBuffer({ clockRate: 8000, frameSamples: this.#frameTs });
    this.#playout = new Playout(this.#jitter, createDecoder(config.codec), samples);
    this.#sendRing = new SendRing(RTP_FIXED_HEADER_SIZE + payloadBytes(config.codec));
    this.#dtmf4733 = new Rfc4733Receiver({ clockRate: 8000 });
    this.#inband = config.inbandDtmf ? new DtmfDetector(this.sampleRate) : null;
    this.#sendTo = { address: config.remote.address, port: config.remote.rtpPort };
    this.#rtcp = new RtcpReporter({ ssrc: this.#ssrc, socket: sockets.rtcp, remote: config.remote, srtp: config.srtp });
    sockets.rtp.on('message', (msg, rinfo) => this.#onPacket(msg, rinfo));
    sockets.rtcp?.on('message', (msg, rinfo) => this.#rtcp.receive(msg, rinfo));
    this.#removeFromClock = clock.add(this);
  }

  /** Applies a re-negotiation: new remote address, direction or hold. */
  update(config: Partial<Pick<RtpStreamConfig, 'remote' | 'send' | 'receive'>>): void {
    this.#config = { ...this.#config, ...config };
    if (config.remote) {
      this.#sendTo = { address: config.remote.address, port: config.remote.rtpPort };
      this.#latched = false;
      this.#natCandidates = 0;
      this.#rtcp.setRemote(config.remote);
    }
  }

  play(source: AudioSource): Promise<boolean> {
    this.#endSource(false);
    if (this.#closed) {
      source.close?.();
      return Promise.resolve(false);
    }
    this.#source = source;
    return new Promise((resolve) => {
      this.#sourceDone = resolve;
    });
  }

  stopPlayback(): void {
    this.#endSource(false);
  }

  onFrame(listener: (frame: Int16Array) => void): () => void {
    this.#frameListeners.add(listener);
    return () => this.#frameListeners.delete(listener);
  }

  onDtmf(listener: (event: DtmfEvent) => void): () => void {
    this.#dtmfListeners.add(listener);
    return () => this.#dtmfListeners.delete(listener);
  }

  injectDtmf(event: DtmfEvent): void {
    this.#emitDtmf(event);
  }

  /**
   * Sends a key press as RFC 4733 telephone events (§2.5.1, see dtmf/sender.ts), one packet per
   * tick in place of audio (the audio source pauses meanwhile), after any presses already queued.
   * Resolves true once the last end packet went out; false when telephone-event was not
   * negotiated, the stream does not send, or it closed first. A bad duration throws
   * MEDIA_DTMF_BAD_FIELD.
   */
  sendDtmf(digit: DtmfDigit, durationMs = DEFAULT_DTMF_MS): Promise<boolean> {
    const packets = rfc4733EventPackets(digit, durationMs);
    if (this.#closed || !this.#config.telephoneEvent || !this.#config.send) return Promise.resolve(false);
    return new Promise((done) => this.#dtmfOut.push({ packets, next: 0, timestamp: null, done }));
  }

  stats(): MediaStats {
    // Lost audio in 20 ms frames: a lost 30 ms packet is 1.5 frames concealed.
    return { ...this.#stats, framesLost: Math.round(this.#jitter.stats.lostSamples / this.#frameTs) };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#removeFromClock();
    this.#endSource(false);
    for (const event of this.#dtmfOut.splice(0)) event.done(false);
    this.#rtcp.close();
    this.#sockets.rtp.removeAllListeners('message');
    this.#sockets.rtcp?.removeAllListeners('message');
    this.#sockets.release();
    this.#frameListeners.clear();
    this.#dtmfListeners.clear();
    this.#log.debug({ port: this.localPort, stats: this.stats() }, 'media stream closed');
  }

  /**
   * One 20 ms tick of the media clock: send a frame now; play out a received one after every
   * stream of this tick has sent (a microtask runs once the clock's loop is done), so that the
   * variable receive work (decoding, detectors, recording) never shifts other calls' send times.
   */
  onTick(): void {
    if (this.#closed) return;
    this.#sendTick();
    queueMicrotask(this.#afterSends);
  }

  readonly #afterSends = (): void => {
    if (this.#closed) return;
    this.#receiveTick();
    this.#rtcp.tick(this.#stats.packetsSent, this.#timestamp);
  };

  #sendTick(): void {
    if (this.#dtmfOut.length > 0) {
      this.#sendEventTick();
      return;
    }
    let audio = false;
    if (this.#source) {
      if (this.#source.read(this.#outFrame)) audio = true;
      else this.#endSource(true);
    }
    const ts = this.#timestamp;
    this.#timestamp = (this.#timestamp + this.#frameTs) >>> 0;
    if (!this.#config.send || !canSendTo(this.#sendTo.address)) return;
    const payload = audio ? this.#encoder.audio(this.#outFrame) : this.#encoder.silence();
    this.#sendPacket(this.#stats.packetsSent === 0, this.#config.sendPayloadType, ts, payload);
  }

  /**
   * One packet of the key press at the head of the queue. RFC 4733 §2.5.1: every packet of an
   * event carries the timestamp of its start, while the stream's timestamp clock keeps running.
   */
  #sendEventTick(): void {
    const event = this.#dtmfOut[0]!;
    const ts = this.#timestamp;
    this.#timestamp = (this.#timestamp + this.#frameTs) >>> 0;
    const te = this.#config.telephoneEvent;
    if (!te || !this.#config.send || !canSendTo(this.#sendTo.address)) {
      this.#dtmfOut.shift();
      event.done(false);
      return;
    }
    event.timestamp ??= ts;
    const packet = event.packets[event.next++]!;
    this.#sendPacket(packet.marker, te.sendPayloadType, event.timestamp, packet.payload);
    if (event.next >= event.packets.length) {
      this.#dtmfOut.shift();
      event.done(true);
    }
  }

  #sendPacket(marker: boolean, payloadType: number, timestamp: number, payload: Buffer): void {
    const header = { marker, payloadType, seq: this.#seq, timestamp, ssrc: this.#ssrc };
    this.#seq = (this.#seq + 1) & 0xffff;
    const size = rtpSize(header, payload.length);
    const slot = this.#sendRing.take();
    const buf = size <= slot.length ? slot : Buffer.allocUnsafe(size);
    serializeRtpInto(header, payload, buf, 0);
    let packet: Buffer = buf.subarray(0, size);
    // protectRtp writes a new buffer (RFC 3711 §3.3 with the tag appended): the slot is free again.
    if (this.#config.srtp) packet = this.#config.srtp.outbound.protectRtp(packet);
    this.#sockets.rtp.send(packet, this.#sendTo.port, this.#sendTo.address);
    this.#stats.packetsSent++;
  }

  /** One frame of received audio per tick (playout.ts), handed to the detectors and listeners. */
  #receiveTick(): void {
    const frame = this.#playout.tick();
    if (this.#inband && !this.#sawRfc4733 && frame !== this.#playout.silence) {
      for (const digit of this.#inband.process(frame)) this.#emitDtmf({ digit, source: 'inband', durationMs: null });
    }
    for (const listener of this.#frameListeners) listener(frame);
  }

  #onPacket(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.#closed || !this.#config.receive) return;
    if (!this.#acceptSource(rinfo)) {
      this.#stats.packetsRejected++;
      return;
    }
    if (isRtcp(msg)) return; // rtcp-mux is not negotiated by us; ignore stray RTCP
    let data: Buffer = msg;
    if (this.#config.srtp) {
      try {
        data = this.#config.srtp.inbound.unprotectRtp(msg);
      } catch {
        this.#stats.srtpFailures++;
        return;
      }
    }
    let packet;
    try {
      packet = parseRtp(data);
    } catch {
      this.#stats.packetsRejected++;
      return;
    }
    this.#stats.packetsReceived++;
    this.#rtcp.received(packet.seq, packet.timestamp, packet.ssrc);
    const te = this.#config.telephoneEvent;
    if (te && packet.payloadType === te.receivePayloadType) {
      this.#sawRfc4733 = true;
      const event = this.#dtmf4733.receive({ payload: packet.payload, timestamp: packet.timestamp, marker: packet.marker, seq: packet.seq, ssrc: packet.ssrc }, performance.now());
      if (event) this.#emitDtmf(event);
      return;
    }
    if (packet.payloadType !== this.#config.receivePayloadType) return;
    // G.711 and G.722 carry one byte per RTP timestamp unit (RFC 3551 §4.5.2, §4.5.14).
    this.#jitter.push({ seq: packet.seq, timestamp: packet.timestamp, ssrc: packet.ssrc, payload: Buffer.from(packet.payload), marker: packet.marker, samples: packet.payload.length });
  }

  /** Symmetric RTP with safe latching: see the file comment. */
  #acceptSource(rinfo: RemoteInfo): boolean {
    const from = unmap(rinfo.address);
    if (this.#config.latching === 'strict') {
      if (from !== unmap(this.#config.remote.address)) return false;
      // RFC 4961: send back to the port the peer sends from.
      if (rinfo.port !== this.#sendTo.port) this.#sendTo = { address: from, port: rinfo.port };
      return true;
    }
    if (this.#latched) return from === this.#sendTo.address && rinfo.port === this.#sendTo.port;
    // 'nat': the first packets decide where the peer really is.
    this.#sendTo = { address: from, port: rinfo.port };
    if (++this.#natCandidates >= NAT_LATCH_PACKETS) this.#latched = true;
    return true;
  }

  #emitDtmf(event: DtmfEvent): void {
    this.#stats.dtmfEvents++;
    for (const listener of this.#dtmfListeners) listener(event);
  }

  #endSource(finished: boolean): void {
    const done = this.#sourceDone;
    const source = this.#source;
    this.#source = null;
    this.#sourceDone = null;
    source?.close?.();
    done?.(finished);
  }
}

function unmap(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Never send to port 0, an unspecified address (hold) or a non-IP. */
function canSendTo(address: string): boolean {
  return isIP(address) !== 0 && address !== '0.0.0.0' && address !== '::';
}
