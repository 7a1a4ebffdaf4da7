/** Builders shared by the SRTP tests. */
import { SrtpContext, type SrtpSuiteName } from '../../../src/media/srtp/index.js';

export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

export const KEY = hex('E1F97A0D3E018BE0D64FA32C06DE4139');
export const SALT = hex('0EC675AD498AFEEBB6960B3AABE6');

/** A sender and a receiver context sharing one master key. */
export function pair(suite: SrtpSuiteName = 'AES_CM_128_HMAC_SHA1_80'): { tx: SrtpContext; rx: SrtpContext } {
  return { tx: new SrtpContext({ suite, masterKey: KEY, masterSalt: SALT }), rx: new SrtpContext({ suite, masterKey: KEY, masterSalt: SALT }) };
}

/** A plain RTP packet: V=2, PT 0, the given seq and SSRC, a 160-byte payload derived from seq. */
export function rtp(seq: number, ssrc = 0x11223344, payloadLength = 160): Buffer {
  const b = Buffer.alloc(12 + payloadLength);
  b[0] = 0x80;
  b[1] = 0;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE((seq * 160) >>> 0, 4);
  b.writeUInt32BE(ssrc, 8);
  for (let i = 0; i < payloadLength; i++) b[12 + i] = (seq + i) & 0xff;
  return b;
}

/** A receiver report with one report block (RFC 3550 §6.4.2), 32 bytes. */
export function rtcpRr(ssrc = 0x11223344): Buffer {
  const b = Buffer.alloc(32);
  b[0] = 0x81;
  b[1] = 201;
  b.writeUInt16BE(7, 2);
  b.writeUInt32BE(ssrc, 4);
  b.writeUInt32BE(0xcafebabe, 8);
  b.fill(0x5a, 12);
  return b;
}
