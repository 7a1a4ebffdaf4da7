/**
 * A small reader of classic libpcap files (not pcapng), enough to pull UDP payloads (RTP, RTCP,
 * SIP) out of captures such as those sip-tester ships in /usr/share/sip-tester/.
 *
 * File layout: a 24-byte global header (magic 0xa1b2c3d4 for microseconds or 0xa1b23c4d for
 * nanoseconds, in the writer's byte order; version; zone; sigfigs; snaplen; link type), then
 * records of a 16-byte header (ts seconds, ts µs/ns, captured length, original length) and the
 * captured bytes. Link types read: 1 Ethernet (with 802.1Q tags), 101 raw IP, 113 Linux cooked
 * (SLL), 276 Linux cooked v2 (SLL2). Network: IPv4 (no fragments) and IPv6 (no extension
 * headers), then UDP.
 */
import { readFileSync } from 'node:fs';

export interface PcapRecord {
  /** Capture time in ms since the Unix epoch. */
  timeMs: number;
  data: Uint8Array;
}

export interface PcapFile {
  linkType: number;
  records: PcapRecord[];
}

export interface UdpDatagram {
  timeMs: number;
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

export function parsePcap(bytes: Uint8Array): PcapFile {
  if (bytes.length < GLOBAL_HEADER) throw new Error(`pcap file of ${bytes.length} bytes has no global header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicBe = view.getUint32(0, false);
  const magicLe = view.getUint32(0, true);
  let little: boolean;
  let nano: boolean;
  if (magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d) {
    little = true;
    nano = magicLe === 0xa1b23c4d;
  } else if (magicBe === 0xa1b2c3d4 || magicBe === 0xa1b23c4d) {
    little = false;
    nano = magicBe === 0xa1b23c4d;
  } else {
    throw new Error(`not a pcap file (magic 0x${magicBe.toString(16)}); pcapng is not supported`);
  }
  const linkType = view.getUint32(20, little) & 0x0fffffff;
  const records: PcapRecord[] = [];
  let at = GLOBAL_HEADER;
  while (at + RECORD_HEADER <= bytes.length) {
    const sec = view.getUint32(at, little);
    const frac = view.getUint32(at + 4, little);
    const capLen = view.getUint32(at + 8, little);
    const start = at + RECORD_HEADER;
    if (start + capLen > bytes.length) throw new Error(`pcap record at byte ${at} runs past the end of the file`);
    records.push({ timeMs: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3), data: bytes.subarray(start, start + capLen) });
    at = start + capLen;
  }
  return { linkType, records };
}

/** Offset of the IP header and its version, or null for frames that do not carry IP. */
function ipStart(linkType: number, d: Uint8Array): number | null {
  const u16 = (at: number): number => ((d[at] ?? 0) << 8) | (d[at + 1] ?? 0);
  switch (linkType) {
    case 1: {
      let at = 12;
      let type = u16(at);
      while (type === 0x8100 || type === 0x88a8) {
        at += 4;
        type = u16(at);
      }
      return type === 0x0800 || type === 0x86dd ? at + 2 : null;
    }
    case 101:
      return 0;
    case 113:
      return u16(14) === 0x0800 || u16(14) === 0x86dd ? 16 : null;
    case 276:
      return u16(0) === 0x0800 || u16(0) === 0x86dd ? 20 : null;
    default:
      throw new Error(`pcap link type ${linkType} is not supported by this reader`);
  }
}

/** Every UDP datagram of the capture, in file order. */
export function udpDatagrams(file: PcapFile): UdpDatagram[] {
  const out: UdpDatagram[] = [];
  for (const { timeMs, data: d } of file.records) {
    const ip = ipStart(file.linkType, d);
    if (ip === null) continue;
    const version = (d[ip] ?? 0) >>> 4;
    let udp: number;
    if (version === 4) {
      if (d[ip + 9] !== 17) continue;
      udp = ip + ((d[ip] ?? 0) & 0x0f) * 4;
    } else if (version === 6) {
      if (d[ip + 6] !== 17) continue;
      udp = ip + 40;
    } else {
      continue;
    }
    const u16 = (at: number): number => ((d[at] ?? 0) << 8) | (d[at + 1] ?? 0);
    const len = u16(udp + 4);
    if (udp + 8 > d.length || len < 8) continue;
    out.push({ timeMs, srcPort: u16(udp), dstPort: u16(udp + 2), payload: d.subarray(udp + 8, Math.min(d.length, udp + len)) });
  }
  return out;
}

/** Reads a capture file and returns its UDP datagrams; a missing file fails with the reason. */
export function readUdpFromPcap(path: string): UdpDatagram[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`cannot read ${path} (${(err as Error).message}); the sip-tester captures come with the Debian package sip-tester, which scripts/test.sh installs`);
  }
  return udpDatagrams(parsePcap(bytes));
}

/** The folder where the Debian package sip-tester puts its sample captures. */
export const SIP_TESTER_PCAPS = '/usr/share/sip-tester';
