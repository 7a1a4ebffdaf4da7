import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fastNameAddr, fastNameAddrBytes, fastSipUri, fastSipUriBytes, fastVia, fastViaBytes } from '../../../src/sip/message/fastPaths.js';
import { parseNameAddrScan } from '../../../src/sip/message/headers/nameAddr.js';
import { parseUriRange } from '../../../src/sip/message/headers/uri.js';
import { readViaValueScan } from '../../../src/sip/message/headers/via.js';
import { parseMessage, type Via } from '../../../src/sip/message/index.js';
import { corpus } from '../../../bench/corpus/realistic.js';
import { readVector, rfc4475 } from '../../vectors/sip/rfc4475/expectations.js';

/** Header values of every corpus message and RFC 4475 vector, plus hand-picked edge cases. */
function values(names: string[]): string[] {
  const out = new Set<string>();
  const sources = [...corpus.map((c) => c.data), ...rfc4475.map((v) => readVector(v.name))];
  for (const data of sources) {
    const text = data.toString('latin1');
    for (const line of text.slice(0, text.indexOf('\r\n\r\n')).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0 && names.includes(line.slice(0, colon).trim().toLowerCase())) out.add(line.slice(colon + 1).trim());
    }
  }
  return [...out];
}

function scanOrError<T>(f: () => T): T | string {
  try {
    return f();
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe('fast paths give exactly what the general scanners give', () => {
  it('Via: fast path ≡ character scanner (RFC 3261 §20.42)', () => {
    const inputs = [...values(['via', 'v']), 'SIP/2.0/UDP h:65536;branch=x', 'SIP/2.0/UDP H.Example.com;branch=X', 'SIP/2.0/UDP h;rport;branch=z9hG4bK1'];
    let fast = 0;
    for (const s of inputs) {
      const f = fastVia(s);
      if (f === null) continue;
      fast++;
      const out: Via[] = [];
      readViaValueScan(s, out);
      assert.deepEqual([f], out, s);
    }
    assert.ok(fast > 10);
  });

  it('name-addr: fast path ≡ character scanner (RFC 3261 §20.10)', () => {
    const inputs = [...values(['from', 'f', 'to', 't', 'contact', 'm', 'route', 'record-route', 'diversion']),
      '"A" <sip:a@h:5060;transport=udp>;tag=1', '"A"<sip:a@h>', '<sips:h;lr>', '<sip:a@h:99999>'];
    let fast = 0;
    for (const s of inputs) {
      const f = fastNameAddr(s);
      if (f === null) continue;
      fast++;
      assert.deepEqual(f, scanOrError(() => parseNameAddrScan(s)), s);
    }
    assert.ok(fast > 10);
  });

  it('SIP URI: fast path ≡ character scanner (RFC 3261 §19.1)', () => {
    const inputs = corpus.map((c) => parseMessage(c.data)).flatMap((m) => (m.type === 'request' ? [m.headers.get('Via') ?? '', ''] : []));
    inputs.push('sip:2000@um.example.com:5060;transport=udp', 'sips:h', 'sip:a;b@h;lr', 'sip:a@h;maddr=x;ttl=1', 'sip:h:0');
    let fast = 0;
    for (const s of inputs) {
      const f = fastSipUri(s);
      if (f === null) continue;
      fast++;
      assert.deepEqual(f, parseUriRange(s, 0, s.length, 'SIP_PARSE_BAD_URI'), s);
    }
    assert.ok(fast >= 5);
  });

  it('agrees with the scanners on 20,000 mutated header values (seeded)', () => {
    let x = 0x3261_4475;
    const rnd = (): number => {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      return x;
    };
    const alphabet = 'aZ09;=,:@<>" \\%/.-_[]?&+$~*!\'()`\t';
    const pools = [values(['via', 'v']), values(['from', 'f', 'to', 't', 'contact', 'm'])];
    let compared = 0;
    for (let i = 0; i < 20000; i++) {
      const pool = pools[i & 1]!;
      const chars = [...pool[rnd() % pool.length]!];
      for (let k = 1 + (rnd() % 3); k > 0; k--) {
        const at = rnd() % (chars.length + 1);
        const c = alphabet[rnd() % alphabet.length]!;
        if (rnd() % 2 === 0) chars.splice(at, 1, c);
        else chars.splice(at, 0, c);
      }
      const s = chars.join('');
      if ((i & 1) === 0) {
        const f = fastVia(s);
        if (f === null) continue;
        const out: Via[] = [];
        assert.deepEqual([f], scanOrError(() => (readViaValueScan(s, out), out)), `seed 0x32614475, iteration ${i}: ${s}`);
      } else {
        const f = fastNameAddr(s);
        if (f === null) continue;
        assert.deepEqual(f, scanOrError(() => parseNameAddrScan(s)), `seed 0x32614475, iteration ${i}: ${s}`);
      }
      compared++;
    }
    assert.ok(compared > 1000, `only ${compared} mutated values took the fast path`);
  });

  it('byte twins ≡ string fast paths, on values cut from the middle of a longer text', () => {
    let x = 0x4475_3261;
    const rnd = (): number => {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      return x;
    };
    const alphabet = 'aZ09;=,:@<>" \\%/.-_[]?&+$~*!\'()`\tsipSIP';
    const pools = [
      [...values(['via', 'v']), 'SIP/2.0/', 'SIP/2.0/UDP', 'SIP/2.0/UDP ', 'SIP/2.0/UDP h:', 'SIP/2.0/UDP h;a=', 'SIP/2.0/UDP h;'],
      [...values(['from', 'f', 'to', 't', 'contact', 'm', 'route', 'record-route', 'diversion']),
        '"', '"A"', '"A" ', '<', '<sip', '<sip:', '<sips:', '<sips', '<sip:h', '<sip:h>', '<sip:h>;', '"A"<sips:h;lr>;x=1', ''],
      ['sip:2000@um.example.com:5060;transport=udp', 'sips:h', 'sip:a;b@h;lr', 'sip:a@h;maddr=x;ttl=1', 'sip:h:0', 'sip', 'sip:',
        'sips', 'sips:', 'sip:h:65535', 'sip:+15551230001@gw1.example.net;user=phone', 'sip:voicemail@192.0.2.50;lr'],
    ];
    let compared = 0;
    for (let i = 0; i < 60000; i++) {
      const kind = i % 3;
      const pool = pools[kind]!;
      const chars = [...pool[rnd() % pool.length]!];
      for (let k = rnd() % 4; k > 0; k--) {
        const at = rnd() % (chars.length + 1);
        const c = alphabet[rnd() % alphabet.length]!;
        if (rnd() % 2 === 0) chars.splice(at, 1, c);
        else chars.splice(at, 0, c);
      }
      const value = chars.join('');
      const before = ['', 'Via: ', 'x>"<'][rnd() % 3]!;
      const after = ['', '\r\n', '>;a=1"sip:\r\n'][rnd() % 3]!;
      const text = before + value + after;
      const bytes = Buffer.concat([Buffer.from('pad', 'latin1'), Buffer.from(text, 'latin1')]);
      const from = before.length;
      const to = from + value.length;
      const msg = `iteration ${i}: ${JSON.stringify(text)}`;
      const expected = kind === 0 ? fastVia(value) : kind === 1 ? fastNameAddr(value) : fastSipUri(value);
      const got = kind === 0 ? fastViaBytes(bytes, 3, text, from, to)
        : kind === 1 ? fastNameAddrBytes(bytes, 3, text, from, to) : fastSipUriBytes(bytes, 3, text, from, to);
      assert.deepEqual(got, expected, msg);
      if (expected !== null) compared++;
    }
    assert.ok(compared > 8000, `only ${compared} values took the fast path`);
  });
});
