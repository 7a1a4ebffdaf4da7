/**
 * Where the remote wants its media: the address of its c= (media level over session level, RFC
 * 8866 §5.7), its RTP port, and its RTCP port (RFC 5761 rtcp-mux: the RTP port; RFC 3605 a=rtcp;
 * else RTP port + 1, RFC 3550 §11). Multicast, broadcast, reserved addresses, host names and ports
 * outside 1-65535 are refused; 0.0.0.0 is the legacy hold address (RFC 3264 §8.4).
 *
 * The address of an a=rtcp line is not used: RTCP goes to the RTP address.
 */
import { classifyConnection, isUsablePort } from './address.js';
import { LOCAL_PTIME_MS, MAX_REMOTE_PTIME_MS, MIN_REMOTE_PTIME_MS } from './limits.js';
import { reject } from './reject.js';
import type { MediaSection, NegotiatedMedia, SdpRejection, SessionDescription } from './types.js';

export interface RemoteEndpoint {
  ok: true;
  remote: NegotiatedMedia['remote'];
  /** c= was 0.0.0.0 (or ::): send nothing there. */
  hold: boolean;
}

export function remoteEndpoint(session: SessionDescription, m: MediaSection, rtcpMux: boolean): RemoteEndpoint | SdpRejection {
  const connection = m.connection ?? session.connection;
  if (connection === null) {
    return reject('SDP_NO_CONNECTION', `m= line ${m.index + 1} has no c= line and the session has none (RFC 8866 §5.7)`, 301, 400);
  }
  const address = classifyConnection(connection);
  if (address.kind === 'refused') return reject(address.multicast ? 'SDP_MULTICAST' : 'SDP_BAD_ADDRESS', address.reason, 301);
  if (!isUsablePort(m.port)) return reject('SDP_BAD_ADDRESS', `m= port ${m.port} is not 1-65535`, 301);
  const rtcpPort = rtcpMux ? m.port : (m.rtcp?.port ?? m.port + 1);
  if (!isUsablePort(rtcpPort)) return reject('SDP_BAD_ADDRESS', `RTCP port ${rtcpPort} is not 1-65535`, 301);
  return { ok: true, remote: { address: address.address, rtpPort: m.port, rtcpPort, rtcpMux }, hold: address.kind === 'hold' };
}

/** The remote's packet time (RFC 8866 §6.4 a=ptime): a hint, believed within 10-200 ms, else 20. */
export function remotePtime(m: MediaSection): number {
  return m.ptime !== null && m.ptime >= MIN_REMOTE_PTIME_MS && m.ptime <= MAX_REMOTE_PTIME_MS ? m.ptime : LOCAL_PTIME_MS;
}
