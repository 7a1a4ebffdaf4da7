/**
 * What the test caller hears: every received frame (one per 20 ms tick while the call is up) is
 * measured, fed to the beep detector and, with --record-heard, streamed to a WAV file. It tells the
 * caller when audio first arrives and when a beep ended, and sums how long audio was heard.
 */
import { meanSquare, powerToDbfs } from '../../media/dsp/index.js';
import type { SampleRate } from '../../media/types.js';
import { BeepDetector, type BeepEvent } from './beep.js';
import { HEARD_THRESHOLD_DBFS } from './limits.js';

export interface HeardAudioEvents {
  /** The first frame louder than the heard threshold. */
  firstAudio?(): void;
  /** A beep just ended. */
  beep?(event: BeepEvent): void;
}

/** Where heard frames are written (a WavRecorder). */
export interface FrameSink {
  write(frame: Int16Array): void;
}

export class HeardAudio {
  readonly #beep: BeepDetector;
  readonly #events: HeardAudioEvents;
  readonly #sink: FrameSink | null;
  #heardMs = 0;
  #framesMs = 0;
  #beeps: BeepEvent[] = [];

  constructor(sampleRate: SampleRate, events: HeardAudioEvents, sink: FrameSink | null = null) {
    this.#beep = new BeepDetector({ sampleRate });
    this.#events = events;
    this.#sink = sink;
  }

  /** One received frame. Listener errors are the caller's: this never throws for the audio itself. */
  process(frame: Int16Array): void {
    const ms = (frame.length * 1000) / this.#beep.sampleRate;
    this.#framesMs += ms;
    this.#sink?.write(frame);
    if (acLevelDbfs(frame) > HEARD_THRESHOLD_DBFS) {
      if (this.#heardMs === 0) this.#events.firstAudio?.();
      this.#heardMs += ms;
    }
    const beep = this.#beep.process(frame);
    if (beep) {
      this.#beeps.push(beep);
      this.#events.beep?.(beep);
    }
  }

  /** The call is over: a beep that lasted to the end still counts. */
  finish(): void {
    const beep = this.#beep.flush();
    if (beep) {
      this.#beeps.push(beep);
      this.#events.beep?.(beep);
    }
  }

  /** Audio louder than the threshold, in ms. */
  get heardMs(): number {
    return this.#heardMs;
  }

  /** Every frame received, in ms (the time the call had media). */
  get receivedMs(): number {
    return this.#framesMs;
  }

  get beeps(): readonly BeepEvent[] {
    return this.#beeps;
  }
}

/**
 * The frame's level without its DC offset (dBFS): some peers' "silence" is a constant offset
 * (a G.722 silence frame repeated decodes to about +170, -44 dBFS), which is nothing one hears.
 */
export function acLevelDbfs(frame: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i]!;
  const mean = frame.length === 0 ? 0 : sum / frame.length;
  return powerToDbfs(Math.max(0, meanSquare(frame) - mean * mean));
}
