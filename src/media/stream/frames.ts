/** Frame arithmetic shared by the stream: 20 ms of audio and of RTP timestamp. */
export { samplesPerFrame } from '../types.js';

/**
 * RTP timestamp units per 20 ms frame for every codec we use: PCMU, PCMA and G.722 all have an
 * 8000 Hz RTP clock (RFC 3551 §4.5.2 keeps G.722's at 8000 although it samples at 16 kHz).
 */
export const CODECS_FRAME_TS = 160;
