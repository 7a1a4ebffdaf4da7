/**
 * RFC 3550 §5.1 RTP fixed header, §5.3.1 header extension, padding; RFC 5761 §4 demultiplexing.
 * Real bytes come from sip-tester's captures (test/vectors/media/rtp/README.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRtcp, parseRtp, RtpError, rtpSize, serializeRtp, serializeRtpInto, type RtpHeader } from '../../../src/media/rtp/index.js';
import { fromHex, readHexLines, toHex } from '../helpers/hex.js';
import { readUdpFromPcap, SIP_TESTER_PCAPS } from '../helpers/pcap.js';
import { rtpVectorPath } from '../helpers/vectors.js';

function expectCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof RtpError, `expected RtpError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

describe('RFC 3550 §5.1 RTP packet: parsing real captures', () => {
  const g711a = readHexLines(rtpVectorPath('sipp-g711a-pcma-30ms.hex'));

  it('reads every fixed-header field of the first PCMA packet of sipp g711a.pcap', () => {
    const buf = g711a[0] as Uint8Array;
    const p = parseRtp(buf);
    assert.equal(p.marker, true);
    assert.equal(p.payloadType, 8);
    assert.equal(p.seq, 0xe6fd);
    assert.equal(p.timestamp, 0xf0);
    assert.equal(p.ssrc, 0xdee0ee8f);
    assert.deepEqual(p.csrcs, []);
    assert.equal(p.extension, null);
    assert.equal(p.paddingBytes, 0);
    assert.equal(p.payload.length, 240, '30 ms of PCMA at 8 kHz');
  });

  it('returns the payload as a view into the datagram, not a copy', () => {
    const buf = g711a[1] as Uint8Array;
    const p = parseRtp(buf);
    assert.equal(p.payload.buffer, buf.buffer);
    assert.equal(p.payload.byteOffset, buf.byteOffset + 12);
  });

  it('parses and re-serializes to the same bytes every RTP packet of g711a.pcap and the dtmf_2833 captures', () => {
    const files = ['g711a.pcap', 'dtmf_2833_1.pcap', 'dtmf_2833_pound.pcap', 'dtmf_2833_star.pcap'];
    let count = 0;
    for (const f of files) {
      for (const d of readUdpFromPcap(`${SIP_TESTER_PCAPS}/${f}`)) {
        const p = parseRtp(d.payload);
        assert.equal(toHex(serializeRtp(p, p.payload)), toHex(d.payload), `${f} packet seq ${p.seq}`);
        count++;
      }
    }
    assert.equal(count, 236 + 30);
  });

  it("parses baresip's PCMU packets: PT 0, 160-byte payloads, sequence and timestamp +1 / +160", () => {
    const packets = readHexLines(rtpVectorPath('baresip-pcmu.hex')).map((b) => parseRtp(b));
    assert.equal(packets.length, 5);
    packets.forEach((p, i) => {
      assert.equal(p.payloadType, 0);
      assert.equal(p.payload.length, 160);
      assert.equal(p.seq, 0x3917 + i);
      assert.equal(p.timestamp, 0x804e + i * 160);
      assert.equal(toHex(serializeRtp(p, p.payload)), toHex(readHexLines(rtpVectorPath('baresip-pcmu.hex'))[i] as Uint8Array));
    });
  });

  it('sees 30 ms packets in g711a.pcap: the timestamp advances 240 per sequence number', () => {
    const packets = readUdpFromPcap(`${SIP_TESTER_PCAPS}/g711a.pcap`).map((d) => parseRtp(d.payload));
    for (let i = 1; i < packets.length; i++) {
      const a = packets[i - 1] as (typeof packets)[number];
      const b = packets[i] as (typeof packets)[number];
      assert.equal((b.seq - a.seq) & 0xffff, 1);
      assert.equal((b.timestamp - a.timestamp) >>> 0, 240);
    }
  });
});

describe('RFC 3550 §5.1 / §5.3.1 RTP packet: CSRCs, extension, padding', () => {
  // V=2 P=1 X=1 CC=2 | M=1 PT=0 | seq 0x1234 | ts 0x89abcdef | ssrc 0x01020304
  // CSRC 0xaaaaaaaa, 0xbbbbbbbb | ext profile 0xbede, length 1 word: 0x10 0xff 0x00 0x00
  // payload 0x01 0x02 0x03 | padding 4 bytes: 00 00 00 04
  const vector = 'b2801234 89abcdef 01020304 aaaaaaaa bbbbbbbb bede0001 10ff0000 010203 00000004';
  const header: RtpHeader = {
    marker: true,
    payloadType: 0,
    seq: 0x1234,
    timestamp: 0x89abcdef,
    ssrc: 0x01020304,
    csrcs: [0xaaaaaaaa, 0xbbbbbbbb],
    extension: { profile: 0xbede, data: Uint8Array.of(0x10, 0xff, 0, 0) },
    paddingBytes: 4,
  };

  it('parses CSRC list, the RFC 8285 extension kept raw, and strips padding (§5.1 P bit)', () => {
    const p = parseRtp(fromHex(vector));
    assert.deepEqual(p.csrcs, [0xaaaaaaaa, 0xbbbbbbbb]);
    assert.equal(p.extension?.profile, 0xbede);
    assert.equal(toHex(p.extension?.data ?? new Uint8Array()), '10ff0000');
    assert.equal(p.paddingBytes, 4);
    assert.equal(toHex(p.payload), '010203');
    assert.equal(p.marker, true);
    assert.equal(p.timestamp, 0x89abcdef);
  });

  it('serializes the same header to exactly the vector bytes', () => {
    assert.equal(toHex(serializeRtp(header, Uint8Array.of(1, 2, 3))), vector.replace(/ /g, ''));
  });

  it('serializeRtpInto writes at an offset, returns the byte count, and matches rtpSize', () => {
    const buf = new Uint8Array(100).fill(0xee);
    const n = serializeRtpInto(header, Uint8Array.of(1, 2, 3), buf, 10);
    assert.equal(n, rtpSize(header, 3));
    assert.equal(n, 12 + 8 + 8 + 3 + 4);
    assert.equal(buf[9], 0xee);
    assert.equal(buf[10 + n], 0xee);
    assert.equal(toHex(buf.subarray(10, 10 + n)), vector.replace(/ /g, ''));
  });

  it('writes a minimal header when the optional parts are absent', () => {
    const out = serializeRtp({ marker: false, payloadType: 101, seq: 65535, timestamp: 0xffffffff, ssrc: 0 }, new Uint8Array(0));
    assert.equal(toHex(out), '8065ffffffffffff00000000');
  });
});

describe('RFC 3550 §5.1 RTP packet: malformed input is rejected with its code', () => {
  const cases: { name: string; hex: string; code: string }[] = [
    { name: 'empty datagram', hex: '', code: 'MEDIA_RTP_TRUNCATED' },
    { name: '11 bytes, one short of the fixed header', hex: '8000000100000001000000', code: 'MEDIA_RTP_TRUNCATED' },
    { name: 'version 0', hex: '000000010000000100000001', code: 'MEDIA_RTP_BAD_VERSION' },
    { name: 'version 1 (vat)', hex: '400000010000000100000001', code: 'MEDIA_RTP_BAD_VERSION' },
    { name: 'version 3', hex: 'c00000010000000100000001', code: 'MEDIA_RTP_BAD_VERSION' },
    { name: 'CC=2 with room for one CSRC', hex: '82000001000000010000000100000002', code: 'MEDIA_RTP_TRUNCATED' },
    { name: 'CC=15 and no CSRC at all', hex: '8f0000010000000100000001', code: 'MEDIA_RTP_TRUNCATED' },
    { name: 'X set, no extension header', hex: '9000000100000001000000010000', code: 'MEDIA_RTP_BAD_EXTENSION' },
    { name: 'X set, extension of 2 words with 1 present', hex: '900000010000000100000001bede000211223344', code: 'MEDIA_RTP_BAD_EXTENSION' },
    { name: 'P set, padding count 0', hex: 'a000000100000001000000010000', code: 'MEDIA_RTP_BAD_PADDING' },
    { name: 'P set, padding count larger than the payload', hex: 'a000000100000001000000010005', code: 'MEDIA_RTP_BAD_PADDING' },
    { name: 'P set, no payload byte to hold the count', hex: 'a00000010000000100000001', code: 'MEDIA_RTP_BAD_PADDING' },
  ];
  for (const c of cases) {
    it(`rejects ${c.name} with ${c.code}`, () => expectCode(() => parseRtp(fromHex(c.hex)), c.code));
  }

  it('accepts padding that takes the whole payload (count = bytes after the header)', () => {
    const p = parseRtp(fromHex('a0000001000000010000000100000004'));
    assert.equal(p.payload.length, 0);
    assert.equal(p.paddingBytes, 4);
  });
});

describe('RFC 3550 §5.1 RTP packet: refuses to write fields outside their range', () => {
  const base: RtpHeader = { marker: false, payloadType: 0, seq: 0, timestamp: 0, ssrc: 0 };
  const bad: { name: string; header: RtpHeader }[] = [
    { name: 'payload type 128', header: { ...base, payloadType: 128 } },
    { name: 'sequence number 65536', header: { ...base, seq: 65536 } },
    { name: 'negative timestamp', header: { ...base, timestamp: -1 } },
    { name: 'SSRC of 2^32', header: { ...base, ssrc: 2 ** 32 } },
    { name: '16 CSRCs', header: { ...base, csrcs: new Array<number>(16).fill(1) } },
    { name: 'extension data of 3 bytes', header: { ...base, extension: { profile: 0xbede, data: new Uint8Array(3) } } },
    { name: 'padding of 256 bytes', header: { ...base, paddingBytes: 256 } },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MEDIA_RTP_BAD_FIELD`, () => expectCode(() => serializeRtp(c.header, new Uint8Array(1)), 'MEDIA_RTP_BAD_FIELD'));
  }

  it('rejects a buffer too small with MEDIA_RTP_BUFFER_TOO_SMALL', () => {
    expectCode(() => serializeRtpInto(base, new Uint8Array(160), new Uint8Array(171), 0), 'MEDIA_RTP_BUFFER_TOO_SMALL');
    expectCode(() => serializeRtpInto(base, new Uint8Array(160), new Uint8Array(172), 1), 'MEDIA_RTP_BUFFER_TOO_SMALL');
  });
});

describe('RFC 5761 §4 rtcp-mux demultiplexing', () => {
  it('classifies SR, RR, SDES, BYE and the 192-223 range as RTCP', () => {
    for (const pt of [192, 200, 201, 202, 203, 223]) assert.equal(isRtcp(Uint8Array.of(0x80, pt, 0, 1)), true, `PT ${pt}`);
  });

  it('classifies RTP with or without marker as RTP, including PT 101 telephone-event', () => {
    for (const second of [0x00, 0x08, 0x88, 0x65, 0xe5, 191, 224]) assert.equal(isRtcp(Uint8Array.of(0x80, second)), false, `second octet ${second}`);
  });

  it('classifies a datagram too short to tell as not RTCP', () => {
    assert.equal(isRtcp(Uint8Array.of(0x80)), false);
  });
});
