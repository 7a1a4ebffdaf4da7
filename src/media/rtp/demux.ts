/**
 * RTP and RTCP on one port (rtcp-mux, RFC 5761 §4): both start with version 2, and the second
 * octet tells them apart. RTCP packet types 192-223 (SR 200, RR 201, SDES 202, BYE 203, …) fall
 * where an RTP packet would have marker set and payload type 64-95, which RFC 5761 §4 forbids for
 * RTP on a muxed port. So: second octet in 192-223 → RTCP, else RTP.
 */

/** The range of the second octet that marks RTCP on a multiplexed port (RFC 5761 §4). */
export const RTCP_MUX_PACKET_TYPE_MIN = 192;
export const RTCP_MUX_PACKET_TYPE_MAX = 223;

/** True when the datagram is RTCP by RFC 5761 §4. Does not validate anything else. */
export function isRtcp(buf: Uint8Array): boolean {
  if (buf.length < 2) return false;
  const second = buf[1] as number;
  return second >= RTCP_MUX_PACKET_TYPE_MIN && second <= RTCP_MUX_PACKET_TYPE_MAX;
}
