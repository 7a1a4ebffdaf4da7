/**
 * The MediaFactory of a running node: RTP ports from the configured range, SRTP keys made here,
 * and an RtpStream on the process-wide media clock for each negotiated call.
 */
import { randomBytes } from 'node:crypto';
import type { MediaClock } from '../media/clock/index.js';
import type { PortPool } from '../media/ports/index.js';
import { SrtpContext } from '../media/srtp/index.js';
import { RtpStream, type RtpStreamConfig, type StreamLogger } from '../media/stream/rtpStream.js';
import type { MediaSession } from '../media/stream/types.js';
import type { CodecName } from '../media/types.js';
import { decodeInlineKey, type LocalCrypto, type NegotiatedMedia, type SrtpPolicy, type SrtpSuite } from '../sdp/index.js';
import type { MediaFactory, MediaReservation } from './setup.js';

export interface RtpMediaFactoryOptions {
  /** Our RTP address as it goes into SDP. */
  address: string;
  ports: PortPool;
  clock: MediaClock;
  codecPreference: readonly CodecName[];
  srtp: SrtpPolicy;
  latching: 'strict' | 'nat';
  inbandDtmf: boolean;
  logger: StreamLogger;
}

function srtpContext(suite: SrtpSuite, keyAndSalt: Buffer): SrtpContext {
  return new SrtpContext({ suite, masterKey: keyAndSalt.subarray(0, 16), masterSalt: keyAndSalt.subarray(16, 30) });
}

export class RtpMediaFactory implements MediaFactory {
  readonly codecPreference: readonly CodecName[];
  readonly srtp: SrtpPolicy;
  readonly #options: RtpMediaFactoryOptions;

  constructor(options: RtpMediaFactoryOptions) {
    this.#options = options;
    this.codecPreference = options.codecPreference;
    this.srtp = options.srtp;
  }

  async reserve(): Promise<MediaReservation> {
    const { address, ports, clock, latching, inbandDtmf, logger } = this.#options;
    const pair = await ports.allocate();
    // The pool leaves error handling to the owner: an ICMP-induced error must not crash the process.
    const onError = (err: Error): void => logger.debug({ port: pair.rtpPort, err: err.message }, 'RTP socket error');
    pair.rtp.on('error', onError);
    pair.rtcp.on('error', onError);
    const keys = new Map<SrtpSuite, Buffer>();
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      pair.release();
    };
    return {
      address,
      port: pair.rtpPort,
      makeCrypto(suite: SrtpSuite): LocalCrypto {
        let key = keys.get(suite);
        if (!key) {
          key = randomBytes(30);
          keys.set(suite, key);
        }
        return { suite, keyParams: `inline:${key.toString('base64')}` };
      },
      start(media: NegotiatedMedia): MediaSession {
        let srtp = null;
        if (media.srtp) {
          const local = decodeInlineKey(media.srtp.localKeyParams);
          if (!local) throw new Error('our own SRTP key does not decode');
          srtp = { outbound: srtpContext(media.srtp.suite, local), inbound: srtpContext(media.srtp.suite, media.srtp.remoteKey) };
        }
        return new RtpStream(
          { port: pair.rtpPort, rtp: pair.rtp, rtcp: pair.rtcp, release },
          rtpStreamConfig(media, { srtp, latching, inbandDtmf }),
          clock,
          logger,
        );
      },
      release,
    };
  }

  update(session: MediaSession, media: NegotiatedMedia): void {
    if (!(session instanceof RtpStream)) return;
    session.update(flowOf(media));
  }
}

/** Where and in which directions audio flows, from the negotiated SDP. */
function flowOf(media: NegotiatedMedia): Pick<RtpStreamConfig, 'remote' | 'send' | 'receive'> {
  return {
    remote: { address: media.remote.address, rtpPort: media.remote.rtpPort, rtcpPort: media.remote.rtcpPort },
    send: media.direction === 'sendrecv' || media.direction === 'sendonly',
    receive: media.direction === 'sendrecv' || media.direction === 'recvonly',
  };
}

/** The RtpStream settings for a negotiated SDP, plus what only our side decides (keys, latching, in-band DTMF). */
export function rtpStreamConfig(media: NegotiatedMedia, local: Pick<RtpStreamConfig, 'srtp' | 'latching' | 'inbandDtmf'>): RtpStreamConfig {
  return {
    codec: media.codec,
    sendPayloadType: media.payloadType,
    receivePayloadType: media.receivePayloadType,
    telephoneEvent: media.telephoneEvent
      ? { sendPayloadType: media.telephoneEvent.payloadType, receivePayloadType: media.telephoneEvent.receivePayloadType }
      : null,
    ...flowOf(media),
    ...local,
  };
}
