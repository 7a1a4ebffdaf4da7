/**
 * The limits of `openum test-call`, each with its reason (STYLE.md §6). Option values outside them
 * are refused with TESTCALL_BAD_OPTION before anything is sent.
 */

/** --timeout: a SIP transaction gives up after 32 s (Timer B); a greeting may run a few minutes. */
export const MAX_TIMEOUT_SECONDS = 600;
export const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * --hangup-after: how long to wait for the server to end the call after our last step. A caller
 * leaving a message usually just hangs up; 5 s is time to hear a "goodbye" or the next menu.
 */
export const MAX_HANGUP_AFTER_SECONDS = 3600;
export const DEFAULT_HANGUP_AFTER_SECONDS = 5;

/** --play: the longest file we send (Exchange's longest message is 20 minutes). */
export const MAX_PLAY_SECONDS = 1200;

/** --dtmf: keys in one test (a PIN and a few menu choices fit). */
export const MAX_DTMF_KEYS = 32;
/** How long each key is held, and the pause after it (a brisk human on a keypad). */
export const DTMF_KEY_MS = 100;
export const DTMF_GAP_MS = 100;

/** --from, --diversion, --history-info: digits of an E.164 number (15) plus room for prefixes. */
export const MAX_NUMBER_CHARS = 32;
/** --name: a display name (Exchange UM caller names are at most 64 characters). */
export const MAX_NAME_CHARS = 64;
/** The target URI as typed. */
export const MAX_URI_CHARS = 256;

/** Our RTP ports: away from the demo server's 20000-20999 so a local test never takes its ports. */
export const RTP_PORT_MIN = 40000;
export const RTP_PORT_MAX = 40999;

/**
 * A frame louder than this (RMS without DC) counts as heard audio: speech is -15 to -35 dBFS, line
 * and comfort noise -55 or quieter.
 */
export const HEARD_THRESHOLD_DBFS = -45;

/** Audio read ahead of the RTP stream from a --play file (disk reads never stall the clock). */
export const PLAY_READ_AHEAD_MS = 1000;

/** --record-heard: the longest recording of what we heard. */
export const MAX_RECORD_HEARD_SECONDS = 3600;
