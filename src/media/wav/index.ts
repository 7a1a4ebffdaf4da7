/** WAV files: parse whole prompts, write headers and files, stream recordings back frame by frame. */
export { WavError, WAV_ERROR_CODES, type WavErrorCode } from './errors.js';
export { DEFAULT_WAV_LIMITS, resolveWavLimits, type WavLimits } from './limits.js';
export { WAVE_FORMAT, type SampleEncoding, type WavFormat, type WavLayout } from './format.js';
export { parseWav, readWavLayout, type DecodedWav } from './parse.js';
export { encodeWav, wavHeader, writeSamplesLE, WAV_HEADER_BYTES, MAX_WAV_DATA_BYTES } from './encode.js';
export { WavFileReader, type WavFileReaderOptions } from './reader.js';
