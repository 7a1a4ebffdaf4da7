/**
 * Named limits of SRTP and SRTCP (RFC 3711), each with its reason.
 */

/** §3.3.2: the replay list must cover at least 64 packets; 64 is the minimum and what we keep. */
export const REPLAY_WINDOW_SIZE = 64;

/**
 * §9.2 / §3.2.1: "no more than 2^48 SRTP packets ... shall be secured" under one master key
 * (the 48-bit packet index must not repeat).
 */
export const SRTP_MAX_INDEX = 2 ** 48 - 1;

/** §3.4: the SRTCP index is 31 bits and must not wrap under one master key (2^31 packets). */
export const SRTCP_MAX_INDEX = 2 ** 31 - 1;

/**
 * SSRCs whose state one context keeps. A call has one SSRC per direction, a few more after a
 * re-INVITE or a transfer changes the sender; state is created only after a packet authenticates,
 * so only a key holder can add SSRCs. Past this the least recently created SSRC is forgotten.
 */
export const SRTP_MAX_SSRCS_PER_CONTEXT = 32;

/** Largest datagram we protect or unprotect (a UDP payload over IPv4). Bounds the work per packet. */
export const SRTP_MAX_PACKET_SIZE = 65507;

/** Longest a=crypto value we read (RFC 4568 §9.1 has no bound; real ones are under 100 chars). */
export const SDES_MAX_ATTRIBUTE_LENGTH = 1024;

/** a=crypto lines of one m= section we look at; an offer lists a few suites, never dozens. */
export const SDES_MAX_OFFERED = 16;

/** §9.1: tag = 1*9DIGIT. */
export const SDES_MAX_TAG_DIGITS = 9;

/**
 * The shortest key lifetime (packets) we accept. We never rekey mid-call, so the key must outlast
 * the call: 2^20 packets is 5.8 hours of 20 ms packets, longer than any call OpenUM keeps.
 */
export const SDES_MIN_LIFETIME = 2 ** 20;
