/** The receive jitter buffer of the recording/decoding path. The folder's only import path. */
export { JitterBuffer, type JitterBufferOptions, type JitterPacket, type JitterOutput, type JitterStats } from './jitterBuffer.js';
export { DEFAULT_JITTER_LIMITS, resolveJitterLimits, type JitterLimits } from './limits.js';
export { JITTER_ERROR_CODES, JitterError, type JitterErrorCode } from './errors.js';
