/** Streaming call recording to WAV files (temp file → fsync → rename): the only import path. */
export { WavRecorder, type WavRecorderOptions, type RecordingResult } from './wavRecorder.js';
export { RecorderError, RECORDER_ERROR_CODES, type RecorderErrorCode } from './errors.js';
export { DEFAULT_RECORDER_LIMITS, type RecorderLimits } from './limits.js';
