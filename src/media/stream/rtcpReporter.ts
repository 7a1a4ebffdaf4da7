/**
 * RTCP for one stream (RFC 3550 §6): a sender report while we send (we always do, except on
 * hold), with one report block about the peer's stream from the sequence tracker (loss,
 * jitter, LSR/DLSR), plus SDES CNAME, every ~5 s (§6.2 with the fixed minimum interval, randomized
 * 0.5-1.5). Incoming RTCP is parsed for the peer's sender reports (for LSR/DLSR) and BYE.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import { cnameSdes, ntpFromUnixMs, ntpMiddle32, parseRtcp, reportBlockFrom, rtcpIntervalMs, serializeRtcp, type LastSenderReport, type RtcpPacket } from '../rtcp/index.js';
import { SequenceTracker } from '../rtp/index.js';
import type { SrtpContext } from '../srtp/index.js';
import type { StreamRemote } from './rtpStream.js';

const FRAME_MS = 20;

export interface RtcpReporterOptions {
  ssrc: number;
  socket: Socket | null;
  remote: StreamRemote;
  srtp: { outbound: SrtpContext; inbound: SrtpContext } | null;
}

export class RtcpReporter {
  readonly #options: RtcpReporterOptions;
  readonly #cname: string;
  #remote: StreamRemote;
  #tracker: SequenceTracker | null = null;
  #peerSsrc: number | null = null;
  #lastSr: LastSenderReport | null = null;
  #msUntilReport: number;
  #octets = 0;
  #closed = false;

  constructor(options: RtcpReporterOptions) {
    this.#options = options;
    this.#remote = options.remote;
    this.#cname = `openum-${options.ssrc.toString(16)}`;
    this.#msUntilReport = rtcpIntervalMs(Math.random, true);
  }

  setRemote(remote: StreamRemote): void {
    this.#remote = remote;
  }

  /** An RTP packet from the peer (for the report block). */
  received(seq: number, timestamp: number, ssrc: number): void {
    if (this.#peerSsrc !== ssrc) {
      // A gateway may change SSRC mid-call: start a new reception record (§8.2).
      this.#peerSsrc = ssrc;
      this.#tracker = new SequenceTracker({ clockRate: 8000 });
    }
    this.#tracker!.update(seq, timestamp, performance.now());
  }

  /** Called every 20 ms tick with our sender counters. */
  tick(packetsSent: number, rtpTimestamp: number): void {
    this.#octets = packetsSent * 160;
    this.#msUntilReport -= FRAME_MS;
    if (this.#msUntilReport > 0) return;
    this.#msUntilReport = rtcpIntervalMs(Math.random);
    this.#send(packetsSent, rtpTimestamp);
  }

  receive(msg: Buffer, _rinfo: RemoteInfo): void {
    if (this.#closed) return;
    try {
      const data = this.#options.srtp ? this.#options.srtp.inbound.unprotectRtcp(msg) : msg;
      for (const p of parseRtcp(data)) this.#onPacket(p);
    } catch {
      // Broken or unauthenticated RTCP is ignored: it only feeds statistics.
    }
  }

  close(): void {
    this.#closed = true;
  }

  #onPacket(p: RtcpPacket): void {
    if (p.type === 'sr') {
      this.#lastSr = { middle32: ntpMiddle32({ seconds: p.sender.ntpSeconds, fraction: p.sender.ntpFraction }), receivedAtMs: performance.now() };
    }
  }

  #send(packetsSent: number, rtpTimestamp: number): void {
    const socket = this.#options.socket;
    if (!socket || this.#closed || this.#remote.address === '0.0.0.0' || this.#remote.address === '::') return;
    const reports = this.#tracker && this.#peerSsrc !== null
      ? [reportBlockFrom(this.#peerSsrc, this.#tracker.closeInterval(), this.#lastSr, performance.now())]
      : [];
    const ntp = ntpFromUnixMs(Date.now());
    const packets: RtcpPacket[] = [
      {
        type: 'sr',
        ssrc: this.#options.ssrc,
        sender: { ntpSeconds: ntp.seconds, ntpFraction: ntp.fraction, rtpTimestamp, packetCount: packetsSent, octetCount: this.#octets },
        reports,
        profileExtension: new Uint8Array(0),
      },
      cnameSdes(this.#options.ssrc, this.#cname),
    ];
    let data: Buffer = serializeRtcp(packets);
    if (this.#options.srtp) data = this.#options.srtp.outbound.protectRtcp(data);
    socket.send(data, this.#remote.rtcpPort, this.#remote.address);
  }
}
