/**
 * Signal processing of the media engine: resampling, tone generation, level, in-band DTMF,
 * silence and fax-tone detection. Pure processors: frames in, decisions out, no timers or I/O.
 * The only import path into src/media/dsp from outside.
 */
export { MediaDspError, MEDIA_DSP_ERROR_CODES } from './errors.js';
export type { MediaDspErrorCode } from './errors.js';
export { DTMF_LIMITS, FAX_LIMITS, RESAMPLE_LIMITS, TONE_LIMITS, VAD_LIMITS } from './limits.js';
export { dbfs, dbfsToPower, meanSquare, peakAmplitude, powerToDbfs, rms } from './level.js';
export { DTMF_COLUMNS_HZ, DTMF_KEYPAD, DTMF_ROWS_HZ, dtmfFrequencies, dtmfTone, toneFrames } from './tone.js';
export { GoertzelBank, goertzelPower } from './goertzel.js';
export { DtmfDetector } from './dtmfDetector.js';
export { SilenceDetector } from './vad.js';
export type { SilenceDecision, SilenceDetectorOptions } from './vad.js';
export { FaxToneDetector } from './faxTone.js';
export { OFFLINE_FILTER, resample } from './resample.js';
export { Resampler, TELEPHONY_FILTER } from './resampler.js';
export type { FilterSpec } from './polyphase.js';
