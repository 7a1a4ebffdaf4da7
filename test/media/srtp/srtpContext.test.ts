import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SrtpContext, SrtpError } from '../../../src/media/srtp/index.js';
import { KEY, SALT, hex, pair, rtcpRr, rtp } from './helpers.js';

const code = (c: string) => (err: unknown): boolean => err instanceof SrtpError && err.code === c;

describe('RFC 3711 §3.3 SRTP protect / unprotect', () => {
  // libsrtp's srtp_driver reference packet (key and salt of B.3): an independent known answer.
  it('protects the libsrtp reference packet to the reference ciphertext and tag', () => {
    const { tx, rx } = pair();
    const plain = hex('800f1234decafbadcafebabeabababababababababababababababab');
    const expected = hex('800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb');
    const protectedPacket = tx.protectRtp(plain);
    assert.deepEqual(protectedPacket, expected);
    assert.deepEqual(rx.unprotectRtp(protectedPacket), plain);
  });

  for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'] as const) {
    it(`round-trips 100 packets with ${suite}, appending a ${suite.endsWith('80') ? 10 : 4}-byte tag (§4.2)`, () => {
      const { tx, rx } = pair(suite);
      for (let seq = 1000; seq < 1100; seq++) {
        const plain = rtp(seq);
        const p = tx.protectRtp(plain);
        assert.equal(p.length, plain.length + (suite.endsWith('80') ? 10 : 4));
        assert.deepEqual(p.subarray(0, 12), plain.subarray(0, 12), 'header stays in the clear');
        assert.notDeepEqual(p.subarray(12, plain.length), plain.subarray(12));
        assert.deepEqual(rx.unprotectRtp(p), plain);
      }
    });
  }

  it('leaves CSRCs and the header extension in the clear and authenticates them (§3.1)', () => {
    const { tx, rx } = pair();
    const plain = Buffer.concat([hex('9200 0007 00000320 11223344 aaaaaaaa bbbbbbbb bede0001 10ff0000'), Buffer.alloc(20, 7)]);
    const p = tx.protectRtp(plain);
    assert.deepEqual(p.subarray(0, 28), plain.subarray(0, 28));
    assert.deepEqual(rx.unprotectRtp(p), plain);
    const tampered = Buffer.from(p);
    tampered[21] = (tampered[21] as number) ^ 1;
    assert.throws(() => pair().rx.unprotectRtp(tampered), code('MEDIA_SRTP_AUTH'));
  });

  it('rejects a packet with one flipped bit in header, payload or tag as MEDIA_SRTP_AUTH', () => {
    const { tx } = pair();
    const p = tx.protectRtp(rtp(5));
    for (const at of [1, 4, 20, p.length - 1]) {
      const rx = pair().rx;
      const t = Buffer.from(p);
      t[at] = (t[at] as number) ^ 0x01;
      assert.throws(() => rx.unprotectRtp(t), code('MEDIA_SRTP_AUTH'), `bit flipped at ${at}`);
      assert.equal(rx.stats().authFailures, 1);
    }
  });

  it('rejects a packet protected with another key as MEDIA_SRTP_AUTH', () => {
    const other = new SrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: Buffer.alloc(16, 1), masterSalt: SALT });
    assert.throws(() => pair().rx.unprotectRtp(other.protectRtp(rtp(1))), code('MEDIA_SRTP_AUTH'));
  });

  it('rejects truncated and non-RTP input as MEDIA_SRTP_MALFORMED', () => {
    const { tx, rx } = pair();
    const p = tx.protectRtp(rtp(1));
    assert.throws(() => rx.unprotectRtp(p.subarray(0, 15)), code('MEDIA_SRTP_MALFORMED'));
    assert.throws(() => rx.unprotectRtp(Buffer.alloc(4)), code('MEDIA_SRTP_MALFORMED'));
    const v1 = Buffer.from(p);
    v1[0] = 0x40;
    assert.throws(() => rx.unprotectRtp(v1), code('MEDIA_SRTP_MALFORMED'));
    assert.throws(() => tx.protectRtp(Buffer.alloc(8, 0x80)), code('MEDIA_SRTP_MALFORMED'));
  });

  it('refuses keys of the wrong length with MEDIA_SRTP_BAD_KEY', () => {
    assert.throws(() => new SrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: Buffer.alloc(15), masterSalt: SALT }), code('MEDIA_SRTP_BAD_KEY'));
    assert.throws(() => new SrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: Buffer.alloc(12) }), code('MEDIA_SRTP_BAD_KEY'));
  });
});

describe('RFC 3711 §3.3.2 replay protection', () => {
  it('rejects the same packet received twice as MEDIA_SRTP_REPLAY', () => {
    const { tx, rx } = pair();
    const p = tx.protectRtp(rtp(10));
    rx.unprotectRtp(p);
    assert.throws(() => rx.unprotectRtp(p), code('MEDIA_SRTP_REPLAY'));
    assert.equal(rx.stats().replays, 1);
  });

  it('accepts packets out of order within the 64-packet window, each once', () => {
    const { tx, rx } = pair();
    const packets = Array.from({ length: 64 }, (_, i) => tx.protectRtp(rtp(100 + i)));
    rx.unprotectRtp(packets[63] as Buffer);
    for (let i = 62; i >= 0; i--) assert.deepEqual(rx.unprotectRtp(packets[i] as Buffer), rtp(100 + i));
    assert.throws(() => rx.unprotectRtp(packets[30] as Buffer), code('MEDIA_SRTP_REPLAY'));
  });

  it('rejects a packet 64 or more behind the highest as too old', () => {
    const { tx, rx } = pair();
    const old = tx.protectRtp(rtp(100));
    for (let s = 101; s <= 164; s++) tx.protectRtp(rtp(s));
    rx.unprotectRtp(tx.protectRtp(rtp(165)));
    assert.throws(() => rx.unprotectRtp(old), code('MEDIA_SRTP_REPLAY'));
  });

  it('does not let a forged packet move the window (it is checked only after authentication)', () => {
    const { tx, rx } = pair();
    rx.unprotectRtp(tx.protectRtp(rtp(1)));
    const forged = Buffer.from(tx.protectRtp(rtp(2)));
    forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 0xff;
    assert.throws(() => rx.unprotectRtp(forged), code('MEDIA_SRTP_AUTH'));
    assert.deepEqual(rx.unprotectRtp(tx.protectRtp(rtp(2))), rtp(2));
  });
});

describe('RFC 3711 §3.3.1 rollover counter', () => {
  it('rolls ROC over when seq wraps 65535 → 0 on both sides', () => {
    const { tx, rx } = pair();
    for (let i = 0; i < 20; i++) {
      const seq = (65530 + i) % 65536;
      assert.deepEqual(rx.unprotectRtp(tx.protectRtp(rtp(seq))), rtp(seq), `seq ${seq}`);
    }
  });

  it('accepts a packet from before the wrap arriving after it (ROC - 1, Appendix A)', () => {
    const { tx, rx } = pair();
    const before = [65533, 65534, 65535].map((s) => tx.protectRtp(rtp(s)));
    const after = [0, 1, 2].map((s) => tx.protectRtp(rtp(s)));
    rx.unprotectRtp(before[0] as Buffer);
    rx.unprotectRtp(after[0] as Buffer);
    rx.unprotectRtp(after[1] as Buffer);
    assert.deepEqual(rx.unprotectRtp(before[2] as Buffer), rtp(65535));
    assert.deepEqual(rx.unprotectRtp(before[1] as Buffer), rtp(65534));
    assert.deepEqual(rx.unprotectRtp(after[2] as Buffer), rtp(2));
  });

  it('uses ROC 1 in the tag after the wrap: a receiver that missed the wrap cannot authenticate with ROC 0', () => {
    const { tx } = pair();
    tx.protectRtp(rtp(65535));
    const afterWrap = tx.protectRtp(rtp(3));
    const fresh = pair().rx; // first packet: ROC assumed 0
    assert.throws(() => fresh.unprotectRtp(afterWrap), code('MEDIA_SRTP_AUTH'));
  });

  it('keeps a separate ROC and window per SSRC', () => {
    const { tx, rx } = pair();
    const a = tx.protectRtp(rtp(7, 1));
    const b = tx.protectRtp(rtp(7, 2));
    assert.deepEqual(rx.unprotectRtp(a), rtp(7, 1));
    assert.deepEqual(rx.unprotectRtp(b), rtp(7, 2));
    assert.equal(rx.toJSON().ssrcsReceived, 2);
  });
});

describe('RFC 3711 §3.4 SRTCP', () => {
  it('protects the libsrtp reference RTCP packet (SRTCP index 1) to the reference bytes', () => {
    const { tx, rx } = pair();
    const plain = hex('81c8000bcafebabe' + 'ab'.repeat(16));
    tx.protectRtcp(plain); // index 0
    const p = tx.protectRtcp(plain); // index 1
    assert.deepEqual(p, hex('81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798'));
    assert.deepEqual(rx.unprotectRtcp(p), plain);
  });

  for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'] as const) {
    it(`appends E||index and an 80-bit tag with ${suite} (RFC 4568 §6.2)`, () => {
      const { tx, rx } = pair(suite);
      const plain = rtcpRr();
      const p = tx.protectRtcp(plain);
      assert.equal(p.length, plain.length + 4 + 10);
      assert.equal(p.readUInt32BE(plain.length), 0x80000000, 'E set, index 0');
      assert.deepEqual(p.subarray(0, 8), plain.subarray(0, 8));
      assert.deepEqual(rx.unprotectRtcp(p), plain);
    });
  }

  it('increments the SRTCP index per packet and rejects a replayed one', () => {
    const { tx, rx } = pair();
    const p0 = tx.protectRtcp(rtcpRr());
    const p1 = tx.protectRtcp(rtcpRr());
    assert.equal(p1.readUInt32BE(32) & 0x7fffffff, 1);
    rx.unprotectRtcp(p1);
    rx.unprotectRtcp(p0);
    assert.throws(() => rx.unprotectRtcp(p0), code('MEDIA_SRTP_REPLAY'));
  });

  it('rejects a tampered SRTCP packet as MEDIA_SRTP_AUTH and a short one as MEDIA_SRTP_MALFORMED', () => {
    const { tx, rx } = pair();
    const p = tx.protectRtcp(rtcpRr());
    const t = Buffer.from(p);
    t[10] = (t[10] as number) ^ 4;
    assert.throws(() => rx.unprotectRtcp(t), code('MEDIA_SRTP_AUTH'));
    assert.throws(() => rx.unprotectRtcp(p.subarray(0, 20)), code('MEDIA_SRTP_MALFORMED'));
  });
});
