/**
 * Cross-check against an independent implementation: werift-rtp's SrtpSession / SrtcpSession
 * (the one INTEROP.md saw interoperate with baresip), AES_CM_128_HMAC_SHA1_80. Packets protected by
 * ours are unprotected by werift and the other way round, across a sequence number wrap.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ProtectionProfileAes128CmHmacSha1_80, RtpHeader, SrtcpSession, SrtpSession } from 'werift-rtp';
import { SrtpContext } from '../../../src/media/srtp/index.js';
import { rtcpRr, rtp } from './helpers.js';

const ourKey = randomBytes(16);
const ourSalt = randomBytes(14);
const peerKey = randomBytes(16);
const peerSalt = randomBytes(14);
const suite = 'AES_CM_128_HMAC_SHA1_80' as const;
/** werift as the peer: it sends with peerKey and receives with ours. */
const keys = { localMasterKey: peerKey, localMasterSalt: peerSalt, remoteMasterKey: ourKey, remoteMasterSalt: ourSalt };
const SEQS = Array.from({ length: 40 }, (_, i) => (65516 + i) % 65536);

describe('RFC 3711 SRTP interop with werift-rtp (AES_CM_128_HMAC_SHA1_80)', () => {
  it('werift unprotects SRTP that we protect, across the 65535 → 0 wrap', () => {
    const ours = new SrtpContext({ suite, masterKey: ourKey, masterSalt: ourSalt });
    const werift = new SrtpSession({ profile: ProtectionProfileAes128CmHmacSha1_80, keys });
    for (const seq of SEQS) {
      const plain = rtp(seq, 0xdecafbad);
      assert.deepEqual(werift.decrypt(ours.protectRtp(plain)), plain, `seq ${seq}`);
    }
  });

  it('we unprotect SRTP that werift protects, across the 65535 → 0 wrap', () => {
    const ours = new SrtpContext({ suite, masterKey: peerKey, masterSalt: peerSalt });
    const werift = new SrtpSession({ profile: ProtectionProfileAes128CmHmacSha1_80, keys });
    for (const seq of SEQS) {
      const plain = rtp(seq, 0xdecafbad);
      const header = new RtpHeader({ payloadType: 0, sequenceNumber: seq, timestamp: plain.readUInt32BE(4), ssrc: 0xdecafbad });
      assert.deepEqual(ours.unprotectRtp(werift.encrypt(plain.subarray(12), header)), plain, `seq ${seq}`);
    }
  });

  it('werift unprotects SRTCP that we protect', () => {
    const ours = new SrtpContext({ suite, masterKey: ourKey, masterSalt: ourSalt });
    const werift = new SrtcpSession({ profile: ProtectionProfileAes128CmHmacSha1_80, keys });
    for (let i = 0; i < 5; i++) {
      const plain = rtcpRr(0xdecafbad);
      plain[20] = i;
      assert.deepEqual(werift.decrypt(ours.protectRtcp(plain)), plain);
    }
  });

  it('we unprotect SRTCP that werift protects', () => {
    const ours = new SrtpContext({ suite, masterKey: peerKey, masterSalt: peerSalt });
    const werift = new SrtcpSession({ profile: ProtectionProfileAes128CmHmacSha1_80, keys });
    for (let i = 0; i < 5; i++) {
      const plain = rtcpRr(0xdecafbad);
      plain[20] = i;
      assert.deepEqual(ours.unprotectRtcp(werift.encrypt(plain)), plain);
    }
  });
});
