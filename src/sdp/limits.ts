/**
 * Limits of the SDP layer, each with the reason for its value (STYLE.md §6). They are enforced
 * before the body is split or handed to sdp-transform, so an oversized body costs one length check.
 */

/**
 * Largest SDP body we parse, in bytes. A telephone's audio offer is 300-900 bytes; a Lync/Teams
 * style offer with many codecs, ICE candidates and crypto lines stays under 6 KiB. Larger is
 * refused with 400 (the body is malformed for our purposes, not an incompatible session).
 */
export const MAX_SDP_BYTES = 16 * 1024;

/**
 * Most m= lines in one SDP. OpenUM uses one audio stream; an offer with audio, video, a second
 * video (content) and BFCP/application lines has about five. More is refused with 488 before the
 * media sections are built.
 */
export const MAX_MEDIA_SECTIONS = 16;

/**
 * Most digits in a number we read from SDP (ports, payload types, tags, o= fields). The largest
 * legitimate values are 64-bit session ids and versions (20 digits); longer runs are garbage.
 */
export const MAX_NUMBER_DIGITS = 20;

/** The packet time we send and answer with (a=ptime:20): the media clock ticks every 20 ms. */
export const LOCAL_PTIME_MS = 20;

/**
 * Range of a remote a=ptime we believe (RFC 4566 §6: ptime is a hint). Outside it, or absent, the
 * remote's packet time is taken as 20 ms. RFC 3551 §4.2 frames are at most 200 ms in practice.
 */
export const MIN_REMOTE_PTIME_MS = 10;
export const MAX_REMOTE_PTIME_MS = 200;

/** Payload type we give telephone-event in offers we make (the de-facto value; dynamic range). */
export const OFFER_TELEPHONE_EVENT_PT = 101;
