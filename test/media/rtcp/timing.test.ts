/** RFC 3550 §4 NTP timestamps, §6.4.1 LSR/DLSR/round trip and report blocks, §6.2 the RTCP interval. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dlsrFromMs, ntpFromUnixMs, ntpMiddle32, reportBlockFrom, roundTripMs, rtcpIntervalMs, unixMsFromNtp } from '../../../src/media/rtcp/index.js';
import { SequenceTracker } from '../../../src/media/rtp/index.js';
import { seededRandom } from '../helpers/prng.js';

describe('RFC 3550 §4 NTP timestamps', () => {
  it('maps the Unix epoch to 2208988800 s after 1900 with a zero fraction', () => {
    assert.deepEqual(ntpFromUnixMs(0), { seconds: 2208988800, fraction: 0 });
  });

  it('writes half a second as the fraction 0x80000000', () => {
    assert.deepEqual(ntpFromUnixMs(1_700_000_000_500), { seconds: 1_700_000_000 + 2208988800, fraction: 0x80000000 });
  });

  it('converts back to Unix milliseconds within a microsecond', () => {
    for (const ms of [0, 1, 999, 1_700_000_000_123, 2_000_000_000_999]) {
      assert.ok(Math.abs(unixMsFromNtp(ntpFromUnixMs(ms)) - ms) < 0.001, `${ms}`);
    }
  });

  it('takes the middle 32 bits for LSR: low 16 of seconds, high 16 of the fraction', () => {
    assert.equal(ntpMiddle32({ seconds: 0x1234b705, fraction: 0x2000ffff }), 0xb7052000);
  });
});

describe('RFC 3550 §6.4.1 LSR, DLSR and round-trip time', () => {
  it('expresses delays in 1/65536 s: 1 s is 65536, 5.25 s is 0x00054000', () => {
    assert.equal(dlsrFromMs(1000), 65536);
    assert.equal(dlsrFromMs(5250), 0x54000);
    assert.equal(dlsrFromMs(-5), 0);
  });

  it("computes the RFC's example round trip: A 0xb7108000 - LSR 0xb7052000 - DLSR 0x00054000 = 6.125 s", () => {
    assert.equal(roundTripMs(0xb7108000, 0xb7052000, 0x00054000), 6125);
  });

  it('has no round trip when no SR was received (LSR 0)', () => {
    assert.equal(roundTripMs(0xb7108000, 0, 0), null);
  });

  it('builds a report block from a sequence tracker and the last SR', () => {
    const t = new SequenceTracker({ clockRate: 8000 });
    for (let seq = 1; seq <= 50; seq++) if (seq !== 30) t.update(seq, seq * 160, seq * 20);
    const block = reportBlockFrom(0xabc, t.closeInterval(), { middle32: 0xb7052000, receivedAtMs: 1000 }, 1500);
    assert.deepEqual(block, {
      ssrc: 0xabc,
      fractionLost: Math.floor(256 / 49),
      cumulativeLost: 1,
      extendedHighestSeq: 50,
      jitter: 0,
      lastSr: 0xb7052000,
      delaySinceLastSr: 32768,
    });
    assert.equal(reportBlockFrom(1, t.stats(), null, 0).lastSr, 0);
  });
});

describe('RFC 3550 §6.2 RTCP interval (simplified: Td = 5 s)', () => {
  it('randomizes each interval to [0.5, 1.5] × 5 s', () => {
    assert.equal(rtcpIntervalMs(() => 0), 2500);
    assert.equal(rtcpIntervalMs(() => 0.5), 5000);
    const random = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const ms = rtcpIntervalMs(random);
      assert.ok(ms >= 2500 && ms < 7500, `${ms}`);
    }
  });

  it('halves the first interval (§6.2 initial RTCP packet)', () => {
    assert.equal(rtcpIntervalMs(() => 0.5, true), 2500);
  });
});
