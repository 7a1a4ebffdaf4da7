/**
 * RFC 3550 §6.1 compound RTCP, §6.4.1 SR, §6.4.2 RR, §6.5 SDES, §6.6 BYE: hand-assembled vectors
 * (each field written out below from the diagrams of the RFC), round trips and malformed input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cnameSdes, parseRtcp, RtcpError, rtcpSize, serializeRtcp, serializeRtcpInto, type RtcpPacket, type SenderReport } from '../../../src/media/rtcp/index.js';
import { fromHex, toHex } from '../helpers/hex.js';

function expectCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof RtcpError, `expected RtcpError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

// SR: V=2 RC=1 PT=200 length 12 | SSRC | NTP e0a1b2c3.80000000 | RTP ts 8000 | 50 packets | 8000 octets
// block: SSRC 55667788 | fraction 0x40, cumulative -1 (ffffff) | ext. seq 0001000a | jitter 16 |
//        LSR b7052000 | DLSR 00054000
const SR = '81c8000c 11223344 e0a1b2c3 80000000 00001f40 00000032 00001f40 55667788 40ffffff 0001000a 00000010 b7052000 00054000';
// SDES: SC=1 PT=202 length 5 | SSRC | CNAME(1) len 11 "openum@host" | 3 null octets to the boundary
const SDES = '81ca0005 11223344 010b6f70656e756d40686f7374 000000';
// BYE: SC=1 PT=203 length 2 | SSRC | reason len 3 "bye"
const BYE = '81cb0002 11223344 03627965';
const hex = (s: string): string => s.replace(/ /g, '');

const senderReport: SenderReport = {
  type: 'sr',
  ssrc: 0x11223344,
  sender: { ntpSeconds: 0xe0a1b2c3, ntpFraction: 0x80000000, rtpTimestamp: 8000, packetCount: 50, octetCount: 8000 },
  reports: [{ ssrc: 0x55667788, fractionLost: 0x40, cumulativeLost: -1, extendedHighestSeq: 0x1000a, jitter: 16, lastSr: 0xb7052000, delaySinceLastSr: 0x54000 }],
  profileExtension: new Uint8Array(0),
};

describe('RFC 3550 §6.1 compound RTCP: SR + SDES + BYE', () => {
  const compound = fromHex(SR + SDES + BYE);

  it('parses each packet of the compound with every field (§6.4.1, §6.5, §6.6)', () => {
    const [sr, sdes, bye, ...rest] = parseRtcp(compound);
    assert.equal(rest.length, 0);
    assert.deepEqual(sr, senderReport);
    assert.deepEqual(sdes, cnameSdes(0x11223344, 'openum@host'));
    assert.deepEqual(bye, { type: 'bye', ssrcs: [0x11223344], reason: 'bye' });
  });

  it('serializes the parsed packets back to the same bytes', () => {
    const packets = parseRtcp(compound);
    assert.equal(toHex(serializeRtcp(packets)), hex(SR + SDES + BYE));
    assert.equal(rtcpSize(packets), compound.length);
  });

  it('writes at an offset with serializeRtcpInto and returns the size', () => {
    const buf = new Uint8Array(200);
    const packets: RtcpPacket[] = [senderReport, cnameSdes(0x11223344, 'openum@host')];
    const n = serializeRtcpInto(packets, buf, 7);
    assert.equal(n, 52 + 24);
    assert.equal(toHex(buf.subarray(7, 7 + n)), hex(SR + SDES));
  });

  it('sign-extends a negative cumulative loss (24-bit field, §6.4.1)', () => {
    const [sr] = parseRtcp(fromHex(SR));
    assert.equal(sr?.type === 'sr' ? sr.reports[0]?.cumulativeLost : null, -1);
  });

  it('round-trips an RR without report blocks, the smallest valid compound head (§6.4.2)', () => {
    const bytes = serializeRtcp([{ type: 'rr', ssrc: 1, reports: [], profileExtension: new Uint8Array(0) }]);
    assert.equal(toHex(bytes), '80c9000100000001');
    assert.deepEqual(parseRtcp(new Uint8Array(bytes)), [{ type: 'rr', ssrc: 1, reports: [], profileExtension: new Uint8Array(0) }]);
  });

  it('keeps other packet types (APP, feedback, XR) raw so the compound still parses', () => {
    const bytes = fromHex('80c9000100000001' + '85cc0002 00000001 6e616d65'.replace(/ /g, ''));
    const [, app] = parseRtcp(bytes);
    assert.deepEqual(app, { type: 'other', packetType: 204, count: 5, body: fromHex('000000016e616d65') });
    assert.equal(toHex(serializeRtcp(parseRtcp(bytes))), toHex(bytes));
  });

  it('strips padding from the last packet (§6.4.1 P bit)', () => {
    // RR with P set, length 2 words after the header: SSRC + 4 padding bytes ending in count 4.
    const [rr] = parseRtcp(fromHex('a0c9000200000001 00000004'.replace(/ /g, '')));
    assert.deepEqual(rr, { type: 'rr', ssrc: 1, reports: [], profileExtension: new Uint8Array(0) });
  });

  it('rejects a first packet other than SR/RR only in strict mode (A.2; RFC 5506 allows it)', () => {
    const bye = fromHex(BYE);
    expectCode(() => parseRtcp(bye, { requireReportFirst: true }), 'MEDIA_RTCP_BAD_COMPOUND');
    assert.deepEqual(parseRtcp(bye), [{ type: 'bye', ssrcs: [0x11223344], reason: 'bye' }]);
  });
});

describe('RFC 3550 §6.5 SDES chunk padding', () => {
  it('ends every chunk with 1-4 null octets up to a 32-bit boundary, for CNAMEs of 1 to 12 bytes', () => {
    for (let len = 1; len <= 12; len++) {
      const cname = 'x'.repeat(len);
      const bytes = serializeRtcp([{ type: 'rr', ssrc: 9, reports: [], profileExtension: new Uint8Array(0) }, cnameSdes(9, cname)]);
      const sdesLength = bytes.length - 8;
      assert.equal(sdesLength % 4, 0);
      const itemsEnd = 8 + 4 + 4 + 2 + len;
      assert.ok(sdesLength + 8 - itemsEnd >= 1 && sdesLength + 8 - itemsEnd <= 4, `CNAME of ${len}: ${sdesLength + 8 - itemsEnd} null octets`);
      assert.deepEqual(parseRtcp(bytes)[1], cnameSdes(9, cname));
    }
  });

  it('round-trips several chunks and items, UTF-8 text included', () => {
    const sdes: RtcpPacket = {
      type: 'sdes',
      chunks: [
        { ssrc: 1, items: [{ type: 1, text: 'a@b' }, { type: 2, text: 'Zoë Müller' }, { type: 6, text: 'OpenUM' }] },
        { ssrc: 2, items: [] },
      ],
    };
    const rr: RtcpPacket = { type: 'rr', ssrc: 1, reports: [], profileExtension: new Uint8Array(0) };
    assert.deepEqual(parseRtcp(new Uint8Array(serializeRtcp([rr, sdes]))), [rr, sdes]);
  });

  it('round-trips a BYE with several sources and no reason (§6.6)', () => {
    const rr: RtcpPacket = { type: 'rr', ssrc: 1, reports: [], profileExtension: new Uint8Array(0) };
    const bye: RtcpPacket = { type: 'bye', ssrcs: [1, 2, 0xffffffff], reason: null };
    const bytes = serializeRtcp([rr, bye]);
    assert.equal(toHex(bytes.subarray(8)), '83cb0003' + '00000001' + '00000002' + 'ffffffff');
    assert.deepEqual(parseRtcp(new Uint8Array(bytes)), [rr, bye]);
  });
});

describe('RFC 3550 A.2 RTCP validity: malformed input is rejected with its code', () => {
  const RR = '80c9000100000001';
  const cases: { name: string; hex: string; code: string }[] = [
    { name: 'empty datagram', hex: '', code: 'MEDIA_RTCP_TRUNCATED' },
    { name: '3 bytes', hex: '80c900', code: 'MEDIA_RTCP_TRUNCATED' },
    { name: 'version 1', hex: '40c9000100000001', code: 'MEDIA_RTCP_BAD_VERSION' },
    { name: 'version 2 then a version 0 packet', hex: RR + '00ca000100000001', code: 'MEDIA_RTCP_BAD_VERSION' },
    { name: 'length past the datagram', hex: '80c9000200000001', code: 'MEDIA_RTCP_BAD_LENGTH' },
    { name: '2 stray bytes after the last packet', hex: RR + '8000', code: 'MEDIA_RTCP_TRUNCATED' },
    { name: 'RC=2 with room for one block', hex: '82c90007 00000001' + ' 00'.repeat(24), code: 'MEDIA_RTCP_BAD_LENGTH' },
    { name: 'SR shorter than its sender info', hex: '80c8000300000001 0000000000000000', code: 'MEDIA_RTCP_BAD_LENGTH' },
    { name: 'RR with no SSRC', hex: '80c90000', code: 'MEDIA_RTCP_BAD_LENGTH' },
    { name: 'padding on a packet that is not last', hex: 'a0c9000100000001' + RR, code: 'MEDIA_RTCP_BAD_PADDING' },
    { name: 'padding count 0', hex: 'a0c900020000000100000000', code: 'MEDIA_RTCP_BAD_PADDING' },
    { name: 'padding count past the header', hex: 'a0c900020000000100000009', code: 'MEDIA_RTCP_BAD_PADDING' },
    { name: 'SDES chunk without its null item', hex: RR + '81ca0002 00000001 01026162', code: 'MEDIA_RTCP_BAD_SDES' },
    { name: 'SDES item longer than the packet', hex: RR + '81ca0002 00000001 01096162', code: 'MEDIA_RTCP_BAD_SDES' },
    { name: 'SDES announcing 2 chunks with 1', hex: RR + '82ca0002 00000001 00000000', code: 'MEDIA_RTCP_BAD_SDES' },
    { name: 'BYE announcing 2 sources with 1', hex: RR + '82cb0001 00000001', code: 'MEDIA_RTCP_BAD_LENGTH' },
    { name: 'BYE reason longer than the packet', hex: RR + '81cb0002 00000001 09627965', code: 'MEDIA_RTCP_BAD_LENGTH' },
  ];
  for (const c of cases) {
    it(`rejects ${c.name} with ${c.code}`, () => expectCode(() => parseRtcp(fromHex(c.hex)), c.code));
  }

  it('rejects a compound starting with SDES with MEDIA_RTCP_BAD_COMPOUND in strict mode', () => {
    expectCode(() => parseRtcp(fromHex(SDES), { requireReportFirst: true }), 'MEDIA_RTCP_BAD_COMPOUND');
  });
});

describe('RFC 3550 §6.4 RTCP: refuses to write what the fields cannot hold', () => {
  const rr = (reports: number): RtcpPacket => ({
    type: 'rr',
    ssrc: 1,
    reports: Array.from({ length: reports }, () => ({ ssrc: 2, fractionLost: 0, cumulativeLost: 0, extendedHighestSeq: 0, jitter: 0, lastSr: 0, delaySinceLastSr: 0 })),
    profileExtension: new Uint8Array(0),
  });

  it('allows 31 report blocks and rejects 32 (5-bit RC) with MEDIA_RTCP_BAD_FIELD', () => {
    assert.equal(parseRtcp(serializeRtcp([rr(31)])).length, 1);
    expectCode(() => serializeRtcp([rr(32)]), 'MEDIA_RTCP_BAD_FIELD');
  });

  it('rejects an SDES text over 255 bytes, a cumulative loss beyond 24 bits, a fraction over 255', () => {
    expectCode(() => serializeRtcp([rr(0), cnameSdes(1, 'x'.repeat(256))]), 'MEDIA_RTCP_BAD_FIELD');
    const base = rr(1);
    const block = base.type === 'rr' ? base.reports[0] : undefined;
    assert.ok(block);
    expectCode(() => serializeRtcp([{ ...base, reports: [{ ...block, cumulativeLost: 0x800000 }] } as RtcpPacket]), 'MEDIA_RTCP_BAD_FIELD');
    expectCode(() => serializeRtcp([{ ...base, reports: [{ ...block, fractionLost: 256 }] } as RtcpPacket]), 'MEDIA_RTCP_BAD_FIELD');
  });

  it('rejects a buffer too small with MEDIA_RTCP_BUFFER_TOO_SMALL', () => {
    expectCode(() => serializeRtcpInto([rr(0)], new Uint8Array(7), 0), 'MEDIA_RTCP_BUFFER_TOO_SMALL');
  });
});
