/**
 * The receive side's play-out: packets go into the jitter buffer as they arrive, and each media
 * clock tick takes out exactly one 20 ms frame of PCM (decoded, concealed or silence), so a
 * recording is as long as the call. Pure: the stream feeds it packets and calls `tick()`.
 *
 * The jitter buffer's own clock moves one frame per pop() (its contract: one pop per tick). A
 * packet longer than a frame (ptime 30 or 40 from some gateways) comes out whole and waits here,
 * decoded, to be handed out 20 ms at a time; so every tick pops once, whether or not this queue
 * already holds a frame, and pops again in the same tick only while the queue is short (packets
 * shorter than a frame). Popping only when short, as before, stopped the jitter buffer's clock
 * on the ticks served from the queue: with 30 ms packets it then fell a third behind, dropped
 * the oldest packets when full and left ticks silent (about 1 s lost in an 8 s call).
 */
import type { JitterBuffer } from '../jitter/index.js';
import type { AudioDecoder } from '../types.js';

/** Consecutive concealed frames before we output plain silence (no endless buzz). */
const MAX_CONCEALED_FRAMES = 3;

export class Playout {
  readonly #jitter: JitterBuffer;
  readonly #decoder: AudioDecoder;
  /** PCM samples per RTP timestamp unit (2 for G.722's 16 kHz on its 8 kHz clock). */
  readonly #pcmPerUnit: number;
  readonly #silence: Int16Array;
  readonly #lastFrame: Int16Array;
  /** Decoded audio not yet handed out. */
  #queue: Int16Array = new Int16Array(0);
  #concealed = 0;

  /** `frameSamples`: PCM samples per 20 ms frame; `clockRate`: the RTP clock (8000). */
  constructor(jitter: JitterBuffer, decoder: AudioDecoder, frameSamples: number, clockRate = 8000) {
    this.#jitter = jitter;
    this.#decoder = decoder;
    this.#pcmPerUnit = decoder.sampleRate / clockRate;
    this.#silence = new Int16Array(frameSamples);
    this.#lastFrame = new Int16Array(frameSamples);
  }

  /** The shared frame of silence `tick()` returns when it has no audio (never modified). */
  get silence(): Int16Array {
    return this.#silence;
  }

  /** One tick: the next frame of received audio, or `silence` when there is none yet. */
  tick(): Int16Array {
    const need = this.#silence.length;
    let out = this.#jitter.pop();
    while (out !== null) {
      if (out.kind === 'frame') {
        this.#append(this.#decoder.decode(out.payload));
        this.#concealed = 0;
      } else {
        this.#append(this.#conceal(out.samples * this.#pcmPerUnit));
      }
      if (this.#queue.length >= need) break;
      out = this.#jitter.pop();
    }
    if (this.#queue.length < need) return this.#silence;
    const frame = this.#queue.subarray(0, need);
    this.#queue = this.#queue.subarray(need);
    this.#lastFrame.set(frame);
    return frame;
  }

  #append(pcm: Int16Array): void {
    if (this.#queue.length === 0) {
      this.#queue = pcm;
      return;
    }
    const merged = new Int16Array(this.#queue.length + pcm.length);
    merged.set(this.#queue);
    merged.set(pcm, this.#queue.length);
    this.#queue = merged;
  }

  /** Simple concealment: repeat the last frame at falling level, then silence. */
  #conceal(samples: number): Int16Array {
    const out = new Int16Array(samples);
    if (this.#concealed >= MAX_CONCEALED_FRAMES) return out;
    this.#concealed++;
    const gain = 0.5 ** this.#concealed;
    for (let i = 0; i < samples; i++) out[i] = (this.#lastFrame[i % this.#lastFrame.length]! * gain) | 0;
    return out;
  }
}
