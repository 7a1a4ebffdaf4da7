import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  frameStream, parseContentType, parseDiversion, parseHistoryInfo, parseMessage, parseMultipart, parseNameAddrList,
  serializeMessage, SipParseError, type SipMessage,
} from '../../../src/sip/message/index.js';
import { corpus } from '../../../bench/corpus/realistic.js';
import { readVector, vectorDir } from '../../vectors/sip/rfc4475/expectations.js';

/** xorshift32: tiny, deterministic, good enough to pick mutations. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const SEED = 0x4475_3261;
const ITERATIONS = 6000;
const HANG_MS = 50;

const seeds: Buffer[] = [
  ...corpus.map((c) => c.data),
  ...readdirSync(vectorDir()).filter((f) => f.endsWith('.dat')).map((f) => readVector(f.slice(0, -4))),
];

const injections = ['\r\n', '\r', '\n', '\r\n ', ';', ',', '"', '<', '>', '%', '%0', ':', '=', '99999999999999999999', '-1', '\x00', '\xff', ' ', 'SIP/2.0'];

function mutate(input: Buffer, rnd: () => number): Buffer {
  let b = Buffer.from(input);
  const rounds = 1 + (rnd() % 4);
  for (let r = 0; r < rounds; r++) {
    const at = b.length === 0 ? 0 : rnd() % b.length;
    switch (rnd() % 7) {
      case 0: // bit flip
        if (b.length > 0) b[at] = b[at]! ^ (1 << (rnd() % 8));
        break;
      case 1: // byte insert
        b = Buffer.concat([b.subarray(0, at), Buffer.from([rnd() & 0xff]), b.subarray(at)]);
        break;
      case 2: // byte delete
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
        break;
      case 3: // truncation
        b = b.subarray(0, at);
        break;
      case 4: { // header line duplication
        const lines = b.toString('latin1').split('\r\n');
        const i = 1 + (rnd() % Math.max(1, lines.length - 1));
        lines.splice(i, 0, lines[i] ?? '');
        b = Buffer.from(lines.join('\r\n'), 'latin1');
        break;
      }
      case 5: // huge numbers
        b = Buffer.from(b.toString('latin1').replace(/\d+/, '9'.repeat(1 + (rnd() % 40))), 'latin1');
        break;
      default: { // CR/LF and delimiter injection
        const s = injections[rnd() % injections.length]!;
        b = Buffer.concat([b.subarray(0, at), Buffer.from(s, 'latin1'), b.subarray(at)]);
      }
    }
  }
  return b;
}

/** Runs every on-demand parser; each may only throw SipParseError. */
function parseRest(m: SipMessage): void {
  const attempts: Array<() => unknown> = [
    () => parseNameAddrList(m.headers.getAll('Contact')),
    () => parseNameAddrList(m.headers.getAll('Record-Route')),
    () => parseDiversion(m),
    () => parseHistoryInfo(m),
    () => {
      const ct = m.headers.get('Content-Type');
      return ct === undefined ? null : parseMultipart(parseContentType(ct), m.body);
    },
  ];
  for (const attempt of attempts) {
    try {
      attempt();
    } catch (e) {
      if (!(e instanceof SipParseError)) throw e;
    }
  }
}

describe('fuzz: mutated vectors and corpus messages', () => {
  it(`parseMessage returns a message or throws SipParseError, within ${HANG_MS} ms (${ITERATIONS} iterations, seed ${SEED})`, () => {
    const rnd = xorshift(SEED);
    let parsed = 0;
    let rejected = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const input = mutate(seeds[rnd() % seeds.length]!, rnd);
      const start = process.hrtime.bigint();
      try {
        const m = parseMessage(input, { datagram: (i & 1) === 0 });
        assert.ok(m.via.length > 0);
        parseRest(m);
        // Whatever we accept, we can write out and read back.
        const again = parseMessage(serializeMessage(m));
        assert.deepEqual([again.callId, again.cseq, again.via.length, again.body.length], [m.callId, m.cseq, m.via.length, m.body.length]);
        parsed++;
      } catch (e) {
        if (!(e instanceof SipParseError)) {
          assert.fail(`seed ${SEED}, iteration ${i}: ${String(e)}\ninput (hex): ${input.toString('hex')}`);
        }
        rejected++;
      }
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      assert.ok(ms < HANG_MS, `seed ${SEED}, iteration ${i}: took ${ms.toFixed(1)} ms`);
      const framed = frameStream(input);
      assert.ok('error' in framed ? framed.error instanceof SipParseError : true);
    }
    assert.ok(parsed > 0 && rejected > 0, `parsed ${parsed}, rejected ${rejected}`);
  });
});
