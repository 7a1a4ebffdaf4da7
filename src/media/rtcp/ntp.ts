/**
 * NTP timestamps as RTCP carries them (RFC 3550 §4): 32 bits of seconds since 1 January 1900
 * and a 32-bit binary fraction. The SR's LSR is the middle 32 bits (16 + 16); DLSR counts units
 * of 1/65536 s (§6.4.1). Wall-clock time is passed in as Unix milliseconds.
 */

/** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;
const TWO_32 = 0x1_0000_0000;

export interface NtpTimestamp {
  seconds: number;
  fraction: number;
}

/** The NTP timestamp of a Unix time in milliseconds (seconds wrap in 2036, era 1, as §4 allows). */
export function ntpFromUnixMs(unixMs: number): NtpTimestamp {
  const totalSeconds = Math.floor(unixMs / 1000);
  const ms = unixMs - totalSeconds * 1000;
  return {
    seconds: (totalSeconds + NTP_UNIX_OFFSET_SECONDS) % TWO_32 >>> 0,
    fraction: Math.min(TWO_32 - 1, Math.round((ms / 1000) * TWO_32)) >>> 0,
  };
}

/** Unix milliseconds of an NTP timestamp of era 0 (before 2036-02-07). */
export function unixMsFromNtp(ntp: NtpTimestamp): number {
  return (ntp.seconds - NTP_UNIX_OFFSET_SECONDS) * 1000 + (ntp.fraction / TWO_32) * 1000;
}

/** The middle 32 bits (low 16 of seconds, high 16 of fraction): the LSR field (§6.4.1). */
export function ntpMiddle32(ntp: NtpTimestamp): number {
  return (((ntp.seconds & 0xffff) << 16) | (ntp.fraction >>> 16)) >>> 0;
}

/** Milliseconds as DLSR units of 1/65536 s, clamped to 0..2^32-1. */
export function dlsrFromMs(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(TWO_32 - 1, Math.round((ms * 65536) / 1000));
}

/**
 * Round-trip time in ms from a report block about our own stream (§6.4.1): A - LSR - DLSR, with A
 * the arrival time of the report as NTP middle 32 bits. Null when the block has no LSR.
 */
export function roundTripMs(arrivalMiddle32: number, lastSr: number, delaySinceLastSr: number): number | null {
  if (lastSr === 0) return null;
  const units = (arrivalMiddle32 - lastSr - delaySinceLastSr) | 0;
  return (units * 1000) / 65536;
}
