/**
 * Audio for call answering tests: what the caller says (espeak-ng speech, synthesized once per
 * text), what a greeting holds (a tone of a frequency nothing else plays, so the caller can tell
 * it from the system greeting), a calling fax's CNG, and measures of what the caller heard.
 */
import { writeFileSync } from 'node:fs';
import { goertzelPower, meanSquare, powerToDbfs, resample, toneFrames } from '../../../src/media/dsp/index.js';
import { synthesize } from '../../../src/media/prompts/index.js';
import { FRAME_MS } from '../../../src/media/types.js';
import { encodeWav } from '../../../src/media/wav/index.js';

export { FRAME_MS };

export interface Audio {
  samples: Int16Array;
  sampleRate: number;
  durationMs: number;
}

const spoken = new Map<string, Promise<Audio>>();

/** The sentence spoken by espeak-ng (the same engine as OpenUM's prompts), once per text. */
export function speech(text: string): Promise<Audio> {
  let audio = spoken.get(text);
  if (!audio) {
    audio = synthesize(text).then((a) => ({ samples: a.samples, sampleRate: a.sampleRate, durationMs: (a.samples.length * 1000) / a.sampleRate }));
    spoken.set(text, audio);
  }
  return audio;
}

/** A steady tone at 8 kHz (no greeting or prompt of OpenUM holds one, apart from the 1000 Hz beep). */
export function tone(hz: number, durationMs: number, levelDbfs = -16): Audio {
  return { samples: toneFrames([hz], durationMs, 8000, levelDbfs), sampleRate: 8000, durationMs };
}

/** `a` then `b`, at `a`'s rate (`b` converted when its rate differs). */
export function concat(a: Audio, b: Audio): Audio {
  const tail = b.sampleRate === a.sampleRate ? b.samples : resample(b.samples, b.sampleRate, a.sampleRate);
  const samples = new Int16Array(a.samples.length + tail.length);
  samples.set(a.samples);
  samples.set(tail, a.samples.length);
  return { samples, sampleRate: a.sampleRate, durationMs: (samples.length * 1000) / a.sampleRate };
}

/** ITU-T T.30 §5.2.3 CNG of a calling fax: 1100 Hz for 0.5 s, then 3 s of silence, `cycles` times. */
export function cng(cycles: number): Audio {
  const burst = toneFrames([1100], 500, 8000, -14);
  const period = 8000 * 3.5;
  const samples = new Int16Array(period * cycles);
  for (let i = 0; i < cycles; i++) samples.set(burst, i * period);
  return { samples, sampleRate: 8000, durationMs: cycles * 3500 };
}

/** Writes a 16-bit mono WAV (a greeting to hand to store.setGreeting). */
export function writeWav(path: string, audio: Audio): string {
  writeFileSync(path, encodeWav(audio.samples, audio.sampleRate));
  return path;
}

/** A frame is this tone when it is audible and nearly all of its power sits at `hz`. */
export function isTone(frame: Int16Array, hz: number, sampleRate: number): boolean {
  const power = meanSquare(frame);
  return powerToDbfs(power) > -40 && goertzelPower(frame, 0, frame.length, hz, sampleRate) >= 0.7 * power;
}

/** Milliseconds of `frames` (from index `from` to `to`) that are the tone `hz`. */
export function toneMs(frames: readonly Int16Array[], hz: number, sampleRate: number, from = 0, to = frames.length): number {
  let n = 0;
  for (let i = from; i < to; i++) if (isTone(frames[i]!, hz, sampleRate)) n++;
  return n * FRAME_MS;
}

/** Milliseconds of `frames` louder than -45 dBFS (what one hears as sound, not line noise). */
export function audibleMs(frames: readonly Int16Array[], from = 0, to = frames.length): number {
  let n = 0;
  for (let i = from; i < to; i++) if (powerToDbfs(meanSquare(frames[i]!)) > -45) n++;
  return n * FRAME_MS;
}
