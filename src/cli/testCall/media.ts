/**
 * The test caller's media: an RTP/RTCP port pair, our SDP offer (RFC 3264 §5: the codecs asked
 * for, telephone-event, no SRTP), the answer read back (§6), and an RtpStream on a media clock
 * that sends what we say and hands each received frame to the listener.
 */
import { randomInt } from 'node:crypto';
import { rtpStreamConfig } from '../../calls/index.js';
import type { MediaClock } from '../../media/clock/index.js';
import { PortPool, type RtpPortPair } from '../../media/ports/index.js';
import { RtpStream, type StreamLogger } from '../../media/stream/rtpStream.js';
import type { CodecName } from '../../media/types.js';
import { acceptAnswer, createOffer, parseSdp, type NegotiatedMedia } from '../../sdp/index.js';
import { TestCallError } from './errors.js';
import { RTP_PORT_MAX, RTP_PORT_MIN } from './limits.js';

export class CallerMedia {
  readonly address: string;
  readonly #pool: PortPool;
  readonly #pair: RtpPortPair;
  #offer: string | null = null;
  #stream: RtpStream | null = null;
  #closed = false;

  private constructor(address: string, pool: PortPool, pair: RtpPortPair) {
    this.address = address;
    this.#pool = pool;
    this.#pair = pair;
  }

  /** Binds an RTP/RTCP pair on `address` (from RTP_PORT_MIN up, skipping ports in use). */
  static async reserve(address: string, logger: StreamLogger): Promise<CallerMedia> {
    const pool = new PortPool({ host: address, portMin: RTP_PORT_MIN, portMax: RTP_PORT_MAX });
    let pair: RtpPortPair;
    try {
      pair = await pool.allocate();
    } catch (err) {
      pool.close();
      throw new TestCallError('TESTCALL_BAD_OPTION', `cannot open RTP ports on ${address}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    // The pool leaves socket errors to its user: an ICMP unreachable must not end the process.
    const onError = (err: Error): void => logger.debug({ port: pair.rtpPort, err: err.message }, 'RTP socket error');
    pair.rtp.on('error', onError);
    pair.rtcp.on('error', onError);
    return new CallerMedia(address, pool, pair);
  }

  get port(): number {
    return this.#pair.rtpPort;
  }

  /** Our offer, made once: `codecs` in order, telephone-event 101, a=sendrecv, plain RTP/AVP. */
  offer(codecs: readonly CodecName[]): string {
    this.#offer ??= createOffer({
      address: this.address,
      port: this.#pair.rtpPort,
      codecPreference: codecs,
      srtp: 'off',
      makeCrypto: () => {
        throw new Error('test-call offers no SRTP');
      },
      sessionId: String(randomInt(1, 2 ** 47)),
      sessionVersion: 1,
      userName: 'openum-test-call',
    });
    return this.#offer;
  }

  /** Reads the answer in the 200 (RFC 3264 §6); an unusable one is TESTCALL_BAD_ANSWER. */
  accept(answer: Buffer): NegotiatedMedia {
    if (this.#offer === null) throw new Error('accept() before offer()');
    let result;
    try {
      result = acceptAnswer(this.#offer, parseSdp(answer));
    } catch (err) {
      throw new TestCallError('TESTCALL_BAD_ANSWER', `the SDP in the 200 OK cannot be read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (!result.ok) throw new TestCallError('TESTCALL_BAD_ANSWER', `the SDP answer is not usable: ${result.reason}`);
    return result.media;
  }

  /** Starts sending and receiving as negotiated, on `clock`. */
  start(media: NegotiatedMedia, clock: MediaClock, logger: StreamLogger): RtpStream {
    if (this.#stream) return this.#stream;
    const pair = this.#pair;
    this.#stream = new RtpStream(
      { port: pair.rtpPort, rtp: pair.rtp, rtcp: pair.rtcp, release: () => pair.release() },
      rtpStreamConfig(media, { srtp: null, latching: 'strict', inbandDtmf: false }),
      clock,
      logger,
    );
    return this.#stream;
  }

  /** Stops the stream and frees the ports. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stream?.close();
    this.#pair.release();
    this.#pool.close();
  }
}
