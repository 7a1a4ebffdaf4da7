/**
 * RTCP as a real peer sends it: baresip 1.0.0, captured on loopback (test/vectors/media/rtp/
 * README.md). It exercises what hand-made vectors did not: a lone APP packet, an SR without
 * report blocks, a compound that starts with BYE (RFC 3550 §6.1 wants SR/RR first).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRtcp, serializeRtcp, unixMsFromNtp } from '../../../src/media/rtcp/index.js';
import { isRtcp, parseRtp } from '../../../src/media/rtp/index.js';
import { readHexLines, toHex } from '../helpers/hex.js';
import { rtpVectorPath } from '../helpers/vectors.js';

const [app, sr1, sr2, bye] = readHexLines(rtpVectorPath('baresip-rtcp.hex'));
const SSRC = 0x0451bbb2;
const CNAME = 'sip:alice@127.0.0.1';

describe('RFC 3550 §6 RTCP from baresip', () => {
  it('has 4 datagrams, each classified as RTCP by RFC 5761 §4', () => {
    for (const d of [app, sr1, sr2, bye]) {
      assert.ok(d);
      assert.equal(isRtcp(d), true);
    }
  });

  it('reads the lone APP "PING" packet as an other-type packet kept raw', () => {
    assert.ok(app);
    const [p] = parseRtcp(app);
    assert.equal(p?.type, 'other');
    assert.equal(p?.type === 'other' ? Buffer.from(p.body.subarray(4)).toString('latin1') : '', 'PINGPONG');
  });

  it('reads SR (no report blocks) + SDES CNAME with the same SSRC as the RTP stream', () => {
    assert.ok(sr1);
    const [sr, sdes] = parseRtcp(sr1);
    assert.equal(sr?.type, 'sr');
    if (sr?.type !== 'sr' || sdes?.type !== 'sdes') return;
    assert.equal(sr.ssrc, SSRC);
    assert.deepEqual(sr.reports, []);
    assert.deepEqual(sdes.chunks, [{ ssrc: SSRC, items: [{ type: 1, text: CNAME }] }]);
    const [rtp] = readHexLines(rtpVectorPath('baresip-pcmu.hex'));
    assert.ok(rtp);
    assert.equal(parseRtp(rtp).ssrc, SSRC);
  });

  it('sees packet and octet counts grow by 160 bytes per packet between two SRs', () => {
    assert.ok(sr1 && sr2);
    const [a] = parseRtcp(sr1);
    const [b] = parseRtcp(sr2);
    if (a?.type !== 'sr' || b?.type !== 'sr') return assert.fail('not SRs');
    assert.equal(a.sender.octetCount, a.sender.packetCount * 160);
    assert.equal(b.sender.octetCount, b.sender.packetCount * 160);
    // The NTP clock and the RTP clock advance together (8000 units per second).
    const wallMs = unixMsFromNtp({ seconds: b.sender.ntpSeconds, fraction: b.sender.ntpFraction }) - unixMsFromNtp({ seconds: a.sender.ntpSeconds, fraction: a.sender.ntpFraction });
    const rtpMs = ((b.sender.rtpTimestamp - a.sender.rtpTimestamp) >>> 0) / 8;
    assert.ok(Math.abs(wallMs - rtpMs) < 30, `NTP ${wallMs} ms vs RTP ${rtpMs} ms`);
  });

  it('reads the closing BYE with its reason, in a compound that starts with BYE', () => {
    assert.ok(bye);
    const packets = parseRtcp(bye);
    assert.deepEqual(packets[0], { type: 'bye', ssrcs: [SSRC], reason: 'Adjo' });
    assert.equal(packets[1]?.type, 'sdes');
  });

  it('re-serializes every datagram to the same bytes', () => {
    for (const d of [app, sr1, sr2, bye]) {
      assert.ok(d);
      assert.equal(toHex(serializeRtcp(parseRtcp(d))), toHex(d));
    }
  });
});
