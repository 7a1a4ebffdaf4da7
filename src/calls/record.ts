/**
 * Recording the caller after the beep (Exchange UM's call answering): frames go straight to a WAV
 * file on disk as they arrive (temp file, fsync, rename; never the whole message in memory); the
 * recording ends on a terminator key, after `silenceSeconds` of silence, at `maxSeconds`, or when
 * the caller hangs up (the usual way to finish a voice mail). The result says how much of it was
 * voice, so that call answering can tell a message from a hang-up.
 */
import { SilenceDetector } from '../media/dsp/index.js';
import { WavRecorder } from '../media/recorder/index.js';
import type { MediaSession } from '../media/stream/types.js';
import type { DtmfDigit } from '../media/types.js';
import { FRAME_MS } from '../media/types.js';
import type { Call, CallDeps } from './call.js';

export interface RecordOptions {
  /** Folder for the file (under the data folder). */
  dir: string;
  /** Hard limit (the mailbox policy's maxMessageSeconds). */
  maxSeconds: number;
  /** End after this much silence once voice was heard (policy; default 5 s). 0 disables. */
  silenceSeconds?: number;
  /** Play the record beep first (default true). */
  beep?: boolean;
  /** Keys that end the recording (default '#'); the key is not recorded as a digit. */
  terminators?: string;
}

export type RecordEnd = 'terminator' | 'silence' | 'max' | 'hangup';

export interface RecordResult {
  path: string;
  durationMs: number;
  /** Time the caller actually spoke (voice activity), for the "no voice → missed call" rule. */
  voicedMs: number;
  /** Wall-clock time from the first recorded frame to the end of the recording. */
  wallMs: number;
  endedBy: RecordEnd;
  terminator: DtmfDigit | null;
}

export async function recordMessage(call: Call, media: MediaSession, deps: CallDeps, options: RecordOptions): Promise<RecordResult> {
  if (options.beep ?? true) await call.play([{ toneHz: [1000], durationMs: 250, levelDbfs: -12 }], { bargeIn: false });
  const recorder = await WavRecorder.create({ dir: options.dir, sampleRate: media.sampleRate, maxSeconds: options.maxSeconds });
  const vad = new SilenceDetector({ sampleRate: media.sampleRate });
  const terminators = options.terminators ?? '#';
  const silenceMs = (options.silenceSeconds ?? 5) * 1000;
  const maxMs = options.maxSeconds * 1000;
  let recordedMs = 0;
  let voicedMs = 0;
  let firstFrameAt: number | null = null;
  let endedAt = 0;

  const ended = await new Promise<{ by: RecordEnd; digit: DtmfDigit | null }>((resolve) => {
    let done = false;
    const finish = (by: RecordEnd, digit: DtmfDigit | null = null): void => {
      if (done) return;
      done = true;
      endedAt = performance.now();
      unsubscribe();
      call.signal.removeEventListener('abort', onHangup);
      resolve({ by, digit });
    };
    const onHangup = (): void => finish('hangup');
    const unsubscribe = media.onFrame((frame) => {
      firstFrameAt ??= performance.now() - FRAME_MS;
      recorder.write(frame);
      recordedMs += FRAME_MS;
      const decision = vad.process(frame);
      voicedMs = decision.voicedMsTotal;
      if (recordedMs >= maxMs) finish('max');
      else if (silenceMs > 0 && decision.voicedMsTotal > 0 && decision.silentForMs >= silenceMs) finish('silence');
    });
    call.signal.addEventListener('abort', onHangup, { once: true });
    if (call.signal.aborted) onHangup();
    const watchDigits = (): void => {
      if (done) return;
      void call.digits.whenAvailable().then(() => {
        if (done) return;
        const digit = call.digits.shift();
        if (digit !== undefined && terminators.includes(digit)) finish('terminator', digit);
        else watchDigits();
      });
    };
    watchDigits();
  });
  const result = await recorder.finish();
  deps.logger.info({ callId: call.id, durationMs: result.durationMs, voicedMs, endedBy: ended.by }, 'recording finished');
  const wallMs = firstFrameAt === null ? 0 : Math.round(endedAt - firstFrameAt);
  return { path: result.path, durationMs: result.durationMs, voicedMs, wallMs, endedBy: ended.by, terminator: ended.digit };
}
