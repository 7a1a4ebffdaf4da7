/**
 * The payload of each outgoing 20 ms frame: the encoder's output for audio, and for the ticks
 * with nothing to play the stock silence frame (silencePayload), which costs nothing to make.
 *
 * G.711 is stateless: that is all. G.722 is ADPCM: the peer's decoder adapts on every code it
 * receives, so the stock frames move its state away from our encoder's, and the first 100-200 ms
 * of the next prompt would decode distorted (an SNR near 0 dB instead of ~29). So the encoder
 * absorbs each stock frame sent (AudioEncoder.absorb: the decoder's updates on the same codes)
 * until one no longer changes its state (about 15 frames into a pause); from then on a pause
 * costs nothing per tick, and the encoder still matches the peer's decoder when audio resumes.
 *
 * (The encoder's own output for digital silence would keep the two in step too, but costs a
 * full encode per tick, and switching from it to the stock frame later rings at about -53 dBFS:
 * after it the decoder's pole predictor sits at its limit.)
 */
import { createEncoder, silencePayload } from '../codec/index.js';
import type { AudioEncoder, CodecName, SampleRate } from '../types.js';

/**
 * Stock frames the encoder absorbs at most per pause. The state stops changing within 15 frames
 * from every state we tried; the bound keeps a pause's cost fixed even if one never settled.
 */
const MAX_ABSORBED_FRAMES = 50;

export class FrameEncoder {
  readonly sampleRate: SampleRate;
  readonly #encoder: AudioEncoder;
  readonly #stock: Buffer;
  /** Stock frames absorbed since the last audio frame. */
  #absorbed = 0;
  /** True once the encoder's state no longer follows the stock frame (or it has no state). */
  #settled: boolean;

  constructor(codec: CodecName) {
    this.#encoder = createEncoder(codec);
    this.sampleRate = this.#encoder.sampleRate;
    this.#stock = silencePayload(codec, this.sampleRate);
    this.#settled = this.#encoder.absorb === undefined;
  }

  /** The payload of one frame of audio (samplesPerFrame(sampleRate) samples). */
  audio(pcm: Int16Array): Buffer {
    this.#absorbed = 0;
    this.#settled = this.#encoder.absorb === undefined;
    return this.#encoder.encode(pcm);
  }

  /** The payload of one frame of silence: nothing to play on this tick. Shared: do not modify. */
  silence(): Buffer {
    if (!this.#settled) {
      const unchanged = this.#encoder.absorb?.(this.#stock) ?? true;
      this.#settled = unchanged || ++this.#absorbed >= MAX_ABSORBED_FRAMES;
    }
    return this.#stock;
  }
}
