/**
 * RFC 4733 telephone events: the §2.3 payload, receiving one event per key press (§2.5.2) and
 * generating the packet sequence of §2.5.1. Real packets come from sip-tester's dtmf_2833_*.pcap
 * captures, read from /usr/share/sip-tester (installed with sip-tester by scripts/test.sh).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DtmfError,
  parseTelephoneEvent,
  Rfc4733Receiver,
  rfc4733EventPackets,
  serializeTelephoneEvent,
  type TelephoneEventPacket,
} from '../../../src/media/dtmf/index.js';
import { parseRtp } from '../../../src/media/rtp/index.js';
import type { DtmfDigit, DtmfEvent } from '../../../src/media/types.js';
import { fromHex, readHexLines, toHex } from '../helpers/hex.js';
import { readUdpFromPcap, SIP_TESTER_PCAPS } from '../helpers/pcap.js';
import { rtpVectorPath } from '../helpers/vectors.js';

function expectCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DtmfError, `expected DtmfError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

/** Packets of a sipp capture with their capture times relative to the first, in ms. */
function capture(file: string): { packet: TelephoneEventPacket; atMs: number }[] {
  const datagrams = readUdpFromPcap(`${SIP_TESTER_PCAPS}/${file}`);
  const t0 = datagrams[0]?.timeMs ?? 0;
  return datagrams.map((d) => ({ packet: parseRtp(d.payload), atMs: d.timeMs - t0 }));
}

function run(receiver: Rfc4733Receiver, items: { packet: TelephoneEventPacket; atMs: number }[]): DtmfEvent[] {
  const out: DtmfEvent[] = [];
  for (const { packet, atMs } of items) {
    const ev = receiver.receive(packet, atMs);
    if (ev !== null) out.push(ev);
  }
  return out;
}

/** A synthetic press: `updates` packets then 3 end packets, one every 20 ms from `startMs`. */
function press(code: number, timestamp: number, firstSeq: number, startMs: number, updates = 4): { packet: TelephoneEventPacket; atMs: number }[] {
  const out: { packet: TelephoneEventPacket; atMs: number }[] = [];
  for (let i = 0; i < updates + 3; i++) {
    const end = i >= updates;
    const duration = Math.min(i + 1, updates + 1) * 160;
    out.push({
      packet: { payload: serializeTelephoneEvent({ event: code, end, volume: 10, duration }), timestamp, marker: i === 0, seq: (firstSeq + i) & 0xffff },
      atMs: startMs + i * 20,
    });
  }
  return out;
}

describe('RFC 4733 §2.3 telephone-event payload', () => {
  const sipp = readHexLines(rtpVectorPath('sipp-dtmf-2833-1.hex')).map((b) => parseRtp(b));

  it("reads sipp's first packet: event 1, volume 10, duration 0, no E bit, RTP marker set", () => {
    const first = sipp[0];
    assert.ok(first);
    assert.equal(first.marker, true);
    assert.equal(first.payloadType, 101);
    assert.deepEqual(parseTelephoneEvent(first.payload), { event: 1, end: false, volume: 10, duration: 0 });
  });

  it("reads sipp's end packet: E bit set, duration 2240 units", () => {
    const last = sipp[9];
    assert.ok(last);
    assert.deepEqual(parseTelephoneEvent(last.payload), { event: 1, end: true, volume: 10, duration: 2240 });
  });

  it('serializes every sipp payload back to the same 4 bytes', () => {
    for (const p of sipp) assert.equal(toHex(serializeTelephoneEvent(parseTelephoneEvent(p.payload))), toHex(p.payload));
  });

  it('ignores the reserved R bit on reading', () => {
    assert.deepEqual(parseTelephoneEvent(fromHex('0bca0140')), { event: 11, end: true, volume: 10, duration: 320 });
  });

  const truncated = ['', '01', '010a', '010a00'];
  for (const hex of truncated) {
    it(`rejects a ${hex.length / 2}-byte payload with MEDIA_DTMF_TRUNCATED`, () => expectCode(() => parseTelephoneEvent(fromHex(hex)), 'MEDIA_DTMF_TRUNCATED'));
  }

  const badFields = [
    { name: 'event 256', ev: { event: 256, end: false, volume: 10, duration: 0 } },
    { name: 'volume 64', ev: { event: 1, end: false, volume: 64, duration: 0 } },
    { name: 'duration 65536', ev: { event: 1, end: false, volume: 10, duration: 65536 } },
    { name: 'negative duration', ev: { event: 1, end: false, volume: 10, duration: -1 } },
  ];
  for (const c of badFields) {
    it(`refuses to write ${c.name} (MEDIA_DTMF_BAD_FIELD)`, () => expectCode(() => serializeTelephoneEvent(c.ev), 'MEDIA_DTMF_BAD_FIELD'));
  }
});

describe('RFC 4733 §2.5.2 receiving: one event per key press', () => {
  const files: [string, DtmfDigit][] = [
    ...['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d): [string, DtmfDigit] => [`dtmf_2833_${d}.pcap`, d as DtmfDigit]),
    ['dtmf_2833_star.pcap', '*'],
    ['dtmf_2833_pound.pcap', '#'],
  ];
  for (const [file, digit] of files) {
    it(`reports '${digit}' exactly once from sipp's ${file}, on its first packet`, () => {
      const receiver = new Rfc4733Receiver();
      const items = capture(file);
      assert.equal(items.length, 10);
      const first = items[0];
      assert.ok(first);
      assert.deepEqual(receiver.receive(first.packet, first.atMs), { digit, source: 'rfc4733', durationMs: null });
      assert.deepEqual(run(receiver, items.slice(1)), []);
      assert.equal(receiver.stats.repeats, 9, 'the 6 updates and the end sent 3 times (§2.5.1.4) are repeats');
    });
  }

  it('reports the press when its first packets are lost (§2.5.2.1)', () => {
    const receiver = new Rfc4733Receiver();
    const events = run(receiver, capture('dtmf_2833_5.pcap').slice(3));
    assert.deepEqual(events.map((e) => e.digit), ['5']);
  });

  it('gives the duration when only end packets arrive: 2240 units = 280 ms', () => {
    const receiver = new Rfc4733Receiver();
    const events = run(receiver, capture('dtmf_2833_7.pcap').slice(7));
    assert.deepEqual(events, [{ digit: '7', source: 'rfc4733', durationMs: 280 }]);
  });

  it('reports the same digit twice when pressed twice: a new timestamp is a new press (§2.5.1.1)', () => {
    const receiver = new Rfc4733Receiver();
    const events = run(receiver, [...press(5, 1000, 10, 0), ...press(5, 4000, 17, 400)]);
    assert.deepEqual(events.map((e) => e.digit), ['5', '5']);
  });

  it('reports the next press when the end packets of the previous one were all lost', () => {
    const receiver = new Rfc4733Receiver();
    const events = run(receiver, [...press(1, 1000, 10, 0).slice(0, 4), ...press(2, 4000, 17, 400)]);
    assert.deepEqual(events.map((e) => e.digit), ['1', '2']);
  });

  it('drops a retransmitted end of an earlier press that arrives after the next one started', () => {
    const receiver = new Rfc4733Receiver();
    const a = press(1, 1000, 10, 0);
    const b = press(2, 4000, 17, 400);
    const lateEnd = a[6];
    assert.ok(lateEnd);
    const events = run(receiver, [...a.slice(0, 6), ...b.slice(0, 2), { packet: lateEnd.packet, atMs: 450 }, ...b.slice(2)]);
    assert.deepEqual(events.map((e) => e.digit), ['1', '2']);
    assert.equal(receiver.stats.late, 1);
  });

  it('treats the next segment of a long event (§2.5.1.3, new timestamp = old + 0xFFFF) as the same press', () => {
    const receiver = new Rfc4733Receiver();
    const seg = (ts: number, seq: number, duration: number, end: boolean, marker: boolean): { packet: TelephoneEventPacket; atMs: number } => ({
      packet: { payload: serializeTelephoneEvent({ event: 0, end, volume: 10, duration }), timestamp: ts, marker, seq },
      atMs: seq * 20,
    });
    const events = run(receiver, [seg(100, 1, 160, false, true), seg(100, 2, 65535, false, false), seg(100 + 65535, 3, 160, false, false), seg(100 + 65535, 4, 800, true, false)]);
    assert.deepEqual(events.map((e) => e.digit), ['0']);
  });

  it('copes with a sender that reuses one timestamp: a different digit is a new press', () => {
    const receiver = new Rfc4733Receiver();
    const events = run(receiver, [...press(1, 5000, 10, 0), ...press(2, 5000, 17, 140)]);
    assert.deepEqual(events.map((e) => e.digit), ['1', '2']);
  });

  it('copes with a sender that reuses one timestamp: the same digit after a pause is a new press', () => {
    const receiver = new Rfc4733Receiver();
    const events = run(receiver, [...press(3, 5000, 10, 0), ...press(3, 5000, 17, 600)]);
    assert.deepEqual(events.map((e) => e.digit), ['3', '3']);
  });

  it('does not take end retransmissions spaced out over 300 ms for a new press (they carry the E bit)', () => {
    const receiver = new Rfc4733Receiver();
    const p = press(4, 7000, 10, 0);
    const spaced = p.map((x, i) => (i >= 4 ? { ...x, atMs: x.atMs + (i - 4) * 300 } : x));
    assert.deepEqual(run(receiver, spaced).map((e) => e.digit), ['4']);
  });

  it('starts afresh on a new SSRC', () => {
    const receiver = new Rfc4733Receiver();
    const a = press(6, 1000, 10, 0).map((x) => ({ ...x, packet: { ...x.packet, ssrc: 1 } }));
    const b = press(6, 1000, 10, 400).map((x) => ({ ...x, packet: { ...x.packet, ssrc: 2 } }));
    assert.deepEqual(run(receiver, [...a, ...b]).map((e) => e.digit), ['6', '6']);
  });

  it('ignores non-DTMF events (16, flash) and counts short payloads as malformed', () => {
    const receiver = new Rfc4733Receiver();
    assert.deepEqual(run(receiver, press(16, 1000, 1, 0)), []);
    assert.equal(receiver.stats.ignored, 1);
    assert.equal(receiver.receive({ payload: fromHex('0102'), timestamp: 9, marker: true, seq: 20 }, 500), null);
    assert.equal(receiver.stats.malformed, 1);
  });
});

describe('RFC 4733 §2.5.1 sending a key press', () => {
  it('sends updates every 20 ms with growing duration, then the end 3 times; marker on the first only', () => {
    const packets = rfc4733EventPackets('5', 100);
    const decoded = packets.map((p) => ({ ...parseTelephoneEvent(p.payload), marker: p.marker }));
    assert.deepEqual(decoded, [
      { event: 5, end: false, volume: 10, duration: 160, marker: true },
      { event: 5, end: false, volume: 10, duration: 320, marker: false },
      { event: 5, end: false, volume: 10, duration: 480, marker: false },
      { event: 5, end: false, volume: 10, duration: 640, marker: false },
      { event: 5, end: true, volume: 10, duration: 800, marker: false },
      { event: 5, end: true, volume: 10, duration: 800, marker: false },
      { event: 5, end: true, volume: 10, duration: 800, marker: false },
    ]);
  });

  it('honours volume, packet time and clock rate', () => {
    const packets = rfc4733EventPackets('#', 90, { volume: 6, ptimeMs: 30, clockRate: 16000 });
    assert.deepEqual(packets.map((p) => parseTelephoneEvent(p.payload)), [
      { event: 11, end: false, volume: 6, duration: 480 },
      { event: 11, end: false, volume: 6, duration: 960 },
      { event: 11, end: true, volume: 6, duration: 1440 },
      { event: 11, end: true, volume: 6, duration: 1440 },
      { event: 11, end: true, volume: 6, duration: 1440 },
    ]);
  });

  it('marks the first end packet when the press fits in one packet time', () => {
    const packets = rfc4733EventPackets('A', 20);
    assert.deepEqual(packets.map((p) => [p.marker, p.end]), [[true, true], [false, true], [false, true]]);
  });

  it('is received as exactly one press of the same digit, for every digit', () => {
    const digits: DtmfDigit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'];
    const receiver = new Rfc4733Receiver();
    const got: string[] = [];
    let seq = 0;
    digits.forEach((digit, n) => {
      for (const p of rfc4733EventPackets(digit, 120)) {
        const ev = receiver.receive({ payload: p.payload, marker: p.marker, timestamp: 1000 + n * 3200, seq: seq++ }, seq * 20);
        if (ev) got.push(ev.digit);
      }
    });
    assert.deepEqual(got, digits);
  });

  it('refuses a duration that does not fit 16 bits of timestamp units, or zero (MEDIA_DTMF_BAD_FIELD)', () => {
    expectCode(() => rfc4733EventPackets('1', 0), 'MEDIA_DTMF_BAD_FIELD');
    expectCode(() => rfc4733EventPackets('1', 8200), 'MEDIA_DTMF_BAD_FIELD');
    expectCode(() => rfc4733EventPackets('1', 100, { ptimeMs: 0 }), 'MEDIA_DTMF_BAD_FIELD');
  });
});
