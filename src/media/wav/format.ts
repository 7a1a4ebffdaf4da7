/**
 * The RIFF/WAVE header: the chunk walk up to "data" and the "fmt " chunk.
 *
 *   offset  size  field
 *   0       4     "RIFF"
 *   4       4     RIFF size (file bytes - 8; often wrong in the wild, so not trusted)
 *   8       4     "WAVE"
 *   12      …     chunks: id (4 ASCII), size (u32 LE), body, one pad byte when size is odd
 *
 *   "fmt " body (WAVEFORMATEX):
 *   0  u16 formatTag      1 PCM, 3 IEEE float, 6 A-law, 7 µ-law, 0xFFFE extensible
 *   2  u16 channels
 *   4  u32 samplesPerSec
 *   8  u32 avgBytesPerSec (derived; ignored)
 *   12 u16 blockAlign     bytes per frame of all channels
 *   14 u16 bitsPerSample
 *   16 u16 cbSize         extension size (WAVE_FORMAT_EXTENSIBLE: 22)
 *   18 u16 validBits      (extensible) 20 u32 channelMask   24 GUID subFormat (first u16 = tag)
 */
import { WavError } from './errors.js';
import type { WavLimits } from './limits.js';

export const WAVE_FORMAT = {
  PCM: 0x0001,
  IEEE_FLOAT: 0x0003,
  ALAW: 0x0006,
  MULAW: 0x0007,
  EXTENSIBLE: 0xfffe,
} as const;

/** How one sample is stored; what the decoder switches on. */
export type SampleEncoding = 'pcm-u8' | 'pcm-s16' | 'pcm-s24' | 'pcm-s32' | 'float32' | 'float64' | 'mulaw' | 'alaw';

export interface WavFormat {
  encoding: SampleEncoding;
  channels: number;
  sampleRate: number;
  /** Bytes of one frame (one sample of every channel). */
  blockAlign: number;
  bitsPerSample: number;
}

export interface WavLayout {
  format: WavFormat;
  /** Offset of the first sample byte in the file. */
  dataOffset: number;
  /** Bytes of whole frames in the data chunk (a trailing partial frame is dropped). */
  dataBytes: number;
}

/** The header did not fit in the bytes given: read `needBytes` bytes from the start and retry. */
export interface NeedMoreBytes {
  needBytes: number;
}

const RIFF_HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
/** A data size of 0xFFFFFFFF means "unknown, up to the end of the file" (streamed WAV). */
const UNKNOWN_SIZE = 0xffffffff;
/** KSDATAFORMAT_SUBTYPE_* GUIDs share bytes 2..15 (Microsoft "WAVEFORMATEXTENSIBLE"). */
const SUBFORMAT_GUID_TAIL = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]);

/**
 * Finds the format and the data chunk in `head`, the first bytes of a file of `fileBytes` bytes.
 * Returns NeedMoreBytes when a chunk header lies beyond `head` but inside the file.
 */
export function locateWavData(head: Buffer, fileBytes: number, limits: WavLimits): WavLayout | NeedMoreBytes {
  if (fileBytes < RIFF_HEADER_BYTES || head.length < RIFF_HEADER_BYTES) {
    throw new WavError('MEDIA_WAV_TRUNCATED', `the file has ${fileBytes} bytes, fewer than a RIFF header`);
  }
  if (head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') {
    const magic = head.toString('latin1', 0, 4).replace(/[^\x20-\x7e]/g, '?');
    throw new WavError('MEDIA_WAV_NOT_WAVE', `not a RIFF/WAVE file (starts with "${magic}")`);
  }
  let format: WavFormat | null = null;
  let offset = RIFF_HEADER_BYTES;
  for (let chunks = 0; ; chunks++) {
    if (chunks >= limits.maxChunks) {
      throw new WavError('MEDIA_WAV_LIMIT', `no "data" chunk among the first ${limits.maxChunks} chunks (limit maxChunks)`);
    }
    if (offset + CHUNK_HEADER_BYTES > fileBytes) {
      throw new WavError('MEDIA_WAV_NO_DATA', format === null ? 'no "fmt " and no "data" chunk' : 'no "data" chunk');
    }
    if (offset + CHUNK_HEADER_BYTES > head.length) return { needBytes: offset + CHUNK_HEADER_BYTES };
    const id = head.toString('latin1', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    const body = offset + CHUNK_HEADER_BYTES;
    if (id === 'data') {
      if (format === null) throw new WavError('MEDIA_WAV_NO_FORMAT', 'the "data" chunk comes before any "fmt " chunk');
      const available = fileBytes - body;
      if (size !== UNKNOWN_SIZE && size > available) {
        throw new WavError('MEDIA_WAV_TRUNCATED', `the data chunk announces ${size} bytes but the file holds ${available}`);
      }
      const bytes = size === UNKNOWN_SIZE ? available : size;
      return { format, dataOffset: body, dataBytes: bytes - (bytes % format.blockAlign) };
    }
    if (id === 'fmt ') {
      if (body + size > fileBytes) throw new WavError('MEDIA_WAV_TRUNCATED', 'the "fmt " chunk runs past the end of the file');
      if (body + size > head.length) return { needBytes: body + size };
      format = parseFormatChunk(head.subarray(body, body + size), limits);
    }
    // RIFF: a chunk with an odd size is followed by one pad byte.
    offset = body + size + (size & 1);
  }
}

/** Parses a "fmt " chunk body into the encoding the decoder needs, checking it against the limits. */
export function parseFormatChunk(fmt: Buffer, limits: WavLimits): WavFormat {
  if (fmt.length < 16) throw new WavError('MEDIA_WAV_NO_FORMAT', `the "fmt " chunk has ${fmt.length} bytes, fewer than 16`);
  let tag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const blockAlign = fmt.readUInt16LE(12);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (tag === WAVE_FORMAT.EXTENSIBLE) {
    if (fmt.length < 40) throw new WavError('MEDIA_WAV_NO_FORMAT', 'WAVE_FORMAT_EXTENSIBLE "fmt " chunk shorter than 40 bytes');
    if (!fmt.subarray(26, 40).equals(SUBFORMAT_GUID_TAIL)) {
      throw new WavError('MEDIA_WAV_UNSUPPORTED', 'WAVE_FORMAT_EXTENSIBLE with a sub-format GUID that is not a standard wave format');
    }
    tag = fmt.readUInt16LE(24);
  }
  if (channels === 0) throw new WavError('MEDIA_WAV_BAD_FORMAT', 'the "fmt " chunk declares 0 channels');
  if (channels > limits.maxChannels) {
    throw new WavError('MEDIA_WAV_LIMIT', `${channels} channels exceed the limit of ${limits.maxChannels} (maxChannels)`);
  }
  if (sampleRate < limits.minSampleRate || sampleRate > limits.maxSampleRate) {
    throw new WavError('MEDIA_WAV_LIMIT', `sample rate ${sampleRate} Hz outside ${limits.minSampleRate}-${limits.maxSampleRate} Hz`);
  }
  if (blockAlign === 0 || blockAlign % channels !== 0) {
    throw new WavError('MEDIA_WAV_BAD_FORMAT', `block align ${blockAlign} is not a multiple of ${channels} channels`);
  }
  const container = blockAlign / channels;
  if (bitsPerSample === 0 || bitsPerSample > container * 8) {
    throw new WavError('MEDIA_WAV_BAD_FORMAT', `${bitsPerSample} bits per sample do not fit a ${container}-byte sample`);
  }
  const encoding = encodingOf(tag, container);
  return { encoding, channels, sampleRate, blockAlign, bitsPerSample };
}

function encodingOf(tag: number, container: number): SampleEncoding {
  const describe = `format tag 0x${tag.toString(16).padStart(4, '0')} with ${container * 8}-bit samples`;
  switch (tag) {
    case WAVE_FORMAT.PCM:
      if (container === 1) return 'pcm-u8';
      if (container === 2) return 'pcm-s16';
      if (container === 3) return 'pcm-s24';
      if (container === 4) return 'pcm-s32';
      break;
    case WAVE_FORMAT.IEEE_FLOAT:
      if (container === 4) return 'float32';
      if (container === 8) return 'float64';
      break;
    case WAVE_FORMAT.MULAW:
      if (container === 1) return 'mulaw';
      break;
    case WAVE_FORMAT.ALAW:
      if (container === 1) return 'alaw';
      break;
  }
  throw new WavError('MEDIA_WAV_UNSUPPORTED', `unsupported encoding (${describe}): convert it to 16-bit PCM`);
}
