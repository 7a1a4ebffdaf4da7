/**
 * The few RTP and RTCP header fields SRTP needs, read straight from the datagram (no parse object
 * per packet). RTP (RFC 3550 §5.1): the header, which SRTP leaves in the clear, is the 12 fixed
 * bytes, 4 per CSRC and the extension if X is set; everything after it (payload and padding) is
 * encrypted (RFC 3711 §3.1). RTCP (§6.4.1): the first 8 bytes (flags, type, length, sender SSRC)
 * stay in the clear (RFC 3711 §3.4).
 */
import { SrtpError } from './errors.js';

export const RTP_FIXED = 12;
export const RTCP_CLEAR = 8;
const VERSION = 2;

/**
 * Length of the RTP header inside packet[0, end): fixed part, CSRCs and extension. Throws
 * MEDIA_SRTP_MALFORMED when the bytes are not a version 2 RTP header that fits.
 */
export function rtpHeaderLength(packet: Uint8Array, end: number): number {
  if (end < RTP_FIXED) throw new SrtpError('MEDIA_SRTP_MALFORMED', `RTP packet of ${end} bytes is shorter than the 12-byte header (RFC 3550 §5.1)`);
  const b0 = packet[0] as number;
  if (b0 >> 6 !== VERSION) throw new SrtpError('MEDIA_SRTP_MALFORMED', `RTP version ${b0 >> 6}, expected 2 (RFC 3550 §5.1)`);
  let length = RTP_FIXED + (b0 & 0x0f) * 4;
  if ((b0 & 0x10) !== 0) {
    if (length + 4 > end) throw new SrtpError('MEDIA_SRTP_MALFORMED', 'RTP header extension is cut short (RFC 3550 §5.3.1)');
    length += 4 + (((packet[length + 2] as number) << 8) | (packet[length + 3] as number)) * 4;
  }
  if (length > end) throw new SrtpError('MEDIA_SRTP_MALFORMED', `RTP header of ${length} bytes is longer than the ${end}-byte packet (RFC 3550 §5.1)`);
  return length;
}

export function readU16(b: Uint8Array, at: number): number {
  return ((b[at] as number) << 8) | (b[at + 1] as number);
}

export function readU32(b: Uint8Array, at: number): number {
  return (((b[at] as number) << 24) | ((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number)) >>> 0;
}

/** Checks the first 8 bytes of an RTCP packet (RFC 3550 §6.4.1) are present and version 2. */
export function checkRtcpHeader(packet: Uint8Array, end: number): void {
  if (end < RTCP_CLEAR) throw new SrtpError('MEDIA_SRTP_MALFORMED', `RTCP packet of ${end} bytes is shorter than the 8-byte header (RFC 3550 §6.4.1)`);
  const b0 = packet[0] as number;
  if (b0 >> 6 !== VERSION) throw new SrtpError('MEDIA_SRTP_MALFORMED', `RTCP version ${b0 >> 6}, expected 2 (RFC 3550 §6.4.1)`);
}
