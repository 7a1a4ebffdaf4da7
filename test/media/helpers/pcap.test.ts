/** The test helper that reads classic pcap files (test/media/helpers/pcap.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePcap, readUdpFromPcap, SIP_TESTER_PCAPS, udpDatagrams } from './pcap.js';

/** A one-record capture of raw IPv4 (link type 101) holding UDP 1234 → 5678 with payload "hi". */
function rawIpCapture(bigEndian: boolean, nano: boolean): Uint8Array {
  const ip = Uint8Array.from([0x45, 0, 0, 30, 0, 0, 0, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1, 0x04, 0xd2, 0x16, 0x2e, 0, 10, 0, 0, 0x68, 0x69]);
  const buf = new Uint8Array(24 + 16 + ip.length);
  const v = new DataView(buf.buffer);
  const le = !bigEndian;
  v.setUint32(0, nano ? 0xa1b23c4d : 0xa1b2c3d4, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, 65535, le);
  v.setUint32(20, 101, le);
  v.setUint32(24, 10, le);
  v.setUint32(28, nano ? 500_000_000 : 500_000, le);
  v.setUint32(32, ip.length, le);
  v.setUint32(36, ip.length, le);
  buf.set(ip, 40);
  return buf;
}

describe('pcap test helper', () => {
  it("reads sip-tester's g711a.pcap: Ethernet, 236 UDP datagrams from port 5000 to 2006", () => {
    const d = readUdpFromPcap(`${SIP_TESTER_PCAPS}/g711a.pcap`);
    assert.equal(d.length, 236);
    assert.ok(d.every((x) => x.srcPort === 5000 && x.dstPort === 2006 && x.payload.length === 252));
  });

  for (const bigEndian of [false, true]) {
    for (const nano of [false, true]) {
      it(`reads ${bigEndian ? 'big' : 'little'}-endian files with ${nano ? 'nanosecond' : 'microsecond'} timestamps`, () => {
        const file = parsePcap(rawIpCapture(bigEndian, nano));
        assert.equal(file.linkType, 101);
        assert.equal(file.records[0]?.timeMs, 10_500);
        const [udp] = udpDatagrams(file);
        assert.deepEqual({ ...udp, payload: Buffer.from(udp?.payload ?? []).toString() }, { timeMs: 10_500, srcPort: 1234, dstPort: 5678, payload: 'hi' });
      });
    }
  }

  it('fails with a clear message for a missing file or a non-pcap file', () => {
    assert.throws(() => readUdpFromPcap('/nonexistent.pcap'), /sip-tester/);
    assert.throws(() => parsePcap(new Uint8Array(24)), /not a pcap file/);
  });
});
