/**
 * Source description (RFC 3550 §6.5): one chunk per source, each an SSRC followed by items and
 * ended by at least one null octet that pads the chunk to a 32-bit boundary. OpenUM sends CNAME
 * (§6.5.1, required in every compound packet) and reads whatever items a peer sends.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |V=2|P|    SC   |  PT=SDES=202  |             length            |  header
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *    |                          SSRC/CSRC_1                          |  chunk 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |    CNAME=1    |     length    | user and domain name        ...
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |  ... more items, then 1-4 zero octets to the next 32-bit boundary
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 */
import { RtcpError } from './errors.js';
import { SDES_ITEM, type SdesChunk, type SdesItem, type SourceDescription } from './types.js';

/** An item's text is at most 255 bytes: its length is one octet (§6.5). */
export const MAX_SDES_TEXT_BYTES = 255;

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

function badSdes(what: string): RtcpError {
  return new RtcpError('MEDIA_RTCP_BAD_SDES', `malformed SDES: ${what} (RFC 3550 §6.5)`);
}

export function parseSdesBody(body: Uint8Array, count: number): SourceDescription {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const chunks: SdesChunk[] = [];
  let at = 0;
  for (let c = 0; c < count; c++) {
    if (at + 4 > body.length) throw badSdes(`chunk ${c + 1} of ${count} is missing`);
    const ssrc = view.getUint32(at);
    at += 4;
    const items: SdesItem[] = [];
    for (;;) {
      if (at >= body.length) throw badSdes(`chunk ${c + 1} has no terminating null item`);
      const type = body[at] as number;
      if (type === SDES_ITEM.END) break;
      if (at + 2 > body.length) throw badSdes(`item of type ${type} has no length octet`);
      const len = body[at + 1] as number;
      if (at + 2 + len > body.length) throw badSdes(`item of type ${type} and ${len} bytes runs past the packet`);
      items.push({ type, text: decoder.decode(body.subarray(at + 2, at + 2 + len)) });
      at += 2 + len;
    }
    // The null item, then padding to the next 32-bit boundary (the body starts on one).
    at = (at + 4) & ~3;
    if (at > body.length) throw badSdes(`chunk ${c + 1} is not padded to a 32-bit boundary`);
    chunks.push({ ssrc, items });
  }
  return { type: 'sdes', chunks };
}

function chunkSize(chunk: SdesChunk): number {
  let n = 4;
  for (const item of chunk.items) {
    const bytes = Buffer.byteLength(item.text, 'utf8');
    if (bytes > MAX_SDES_TEXT_BYTES) {
      throw new RtcpError('MEDIA_RTCP_BAD_FIELD', `SDES item text of ${bytes} bytes exceeds 255 (RFC 3550 §6.5)`);
    }
    if (!Number.isInteger(item.type) || item.type < 1 || item.type > 255) {
      throw new RtcpError('MEDIA_RTCP_BAD_FIELD', `SDES item type ${item.type} is not 1-255 (RFC 3550 §6.5)`);
    }
    n += 2 + bytes;
  }
  // At least one null octet, then up to the 32-bit boundary.
  return (n + 4) & ~3;
}

export function sdesBodySize(p: SourceDescription): number {
  let n = 0;
  for (const chunk of p.chunks) n += chunkSize(chunk);
  return n;
}

export function writeSdesBody(p: SourceDescription, buf: Uint8Array, view: DataView, at: number): number {
  let pos = at;
  for (const chunk of p.chunks) {
    const start = pos;
    const end = start + chunkSize(chunk);
    view.setUint32(pos, chunk.ssrc >>> 0);
    pos += 4;
    for (const item of chunk.items) {
      buf[pos] = item.type;
      const { written } = encoder.encodeInto(item.text, buf.subarray(pos + 2, end));
      buf[pos + 1] = written;
      pos += 2 + written;
    }
    buf.fill(0, pos, end);
    pos = end;
  }
  return pos - at;
}

/** An SDES packet with one chunk carrying the CNAME of `ssrc` (§6.5.1). */
export function cnameSdes(ssrc: number, cname: string): SourceDescription {
  return { type: 'sdes', chunks: [{ ssrc, items: [{ type: SDES_ITEM.CNAME, text: cname }] }] };
}
