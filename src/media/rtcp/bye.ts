/**
 * Goodbye (RFC 3550 §6.6): the sources leaving, and an optional reason.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |V=2|P|    SC   |   PT=BYE=203  |             length            |  header
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                           SSRC/CSRC                           |  SC × 4 bytes
 *    :                              ...                              :
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *    |     length    |               reason for leaving            ...  optional, padded
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  to 32 bits
 */
import { RtcpError } from './errors.js';
import type { Goodbye } from './types.js';

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export function parseByeBody(body: Uint8Array, count: number): Goodbye {
  const listBytes = count * 4;
  if (listBytes > body.length) {
    throw new RtcpError('MEDIA_RTCP_BAD_LENGTH', `BYE announces ${count} sources but holds ${Math.floor(body.length / 4)} (RFC 3550 §6.6)`);
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const ssrcs: number[] = [];
  for (let i = 0; i < count; i++) ssrcs.push(view.getUint32(i * 4));
  let reason: string | null = null;
  if (body.length > listBytes) {
    const len = body[listBytes] as number;
    if (listBytes + 1 + len > body.length) {
      throw new RtcpError('MEDIA_RTCP_BAD_LENGTH', `BYE reason of ${len} bytes runs past the packet (RFC 3550 §6.6)`);
    }
    reason = decoder.decode(body.subarray(listBytes + 1, listBytes + 1 + len));
  }
  return { type: 'bye', ssrcs, reason };
}

function reasonBytes(p: Goodbye): number {
  if (p.reason === null) return 0;
  const n = Buffer.byteLength(p.reason, 'utf8');
  if (n > 255) throw new RtcpError('MEDIA_RTCP_BAD_FIELD', `BYE reason of ${n} bytes exceeds 255 (RFC 3550 §6.6)`);
  return n;
}

export function byeBodySize(p: Goodbye): number {
  const reason = p.reason === null ? 0 : (1 + reasonBytes(p) + 3) & ~3;
  return p.ssrcs.length * 4 + reason;
}

export function writeByeBody(p: Goodbye, buf: Uint8Array, view: DataView, at: number): number {
  const size = byeBodySize(p);
  let pos = at;
  for (const ssrc of p.ssrcs) {
    view.setUint32(pos, ssrc >>> 0);
    pos += 4;
  }
  if (p.reason !== null) {
    const { written } = encoder.encodeInto(p.reason, buf.subarray(pos + 1, at + size));
    buf[pos] = written;
    buf.fill(0, pos + 1 + written, at + size);
  }
  return size;
}
