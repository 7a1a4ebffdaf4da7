/**
 * The test call as the user reads it: one line per step with its time from the INVITE
 * ("   4.830  beep detected (250 ms)"), then a summary; and, with --json, the same facts as one
 * JSON object. Lines are written as they happen, so a slow step shows where the call is.
 */
import type { Writer } from '../context.js';
import type { DtmfMode } from './options.js';

export interface TranscriptEvent {
  /** Seconds from the INVITE (null for lines before it). */
  t: number | null;
  /** Stable name of the step: invite, provisional, answered, audio, beep, play, dtmf, bye, ended, failed, note. */
  event: string;
  text: string;
}

export interface TestCallSummary {
  target: string;
  ok: boolean;
  callId: string | null;
  answered: boolean;
  /** Final status of the INVITE (200, 480, …), null when none arrived. */
  status: number | null;
  reason: string | null;
  codec: string | null;
  /** Seconds from the INVITE to the 200. */
  answeredAfterSeconds: number | null;
  beep: boolean;
  /** When the beep ended, seconds from the INVITE. */
  beepAtSeconds: number | null;
  /** Audio heard (louder than line noise), seconds. */
  heardSeconds: number;
  /** What we said and for how long. */
  played: string | null;
  playedSeconds: number;
  dtmf: { keys: string; mode: DtmfMode; sent: string };
  /** Who ended the call: "us" (BYE after the last step or --hangup-after), "server" (its BYE). */
  endedBy: 'us' | 'server' | null;
  durationSeconds: number;
  recordedHeard: string | null;
  error: { code: string; message: string } | null;
  events: TranscriptEvent[];
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

export class Transcript {
  readonly #out: Writer;
  readonly #events: TranscriptEvent[] = [];
  #origin: number | null = null;
  readonly #now: () => number;

  /** `out` receives the human lines (stdout, or stderr when stdout carries JSON). */
  constructor(out: Writer, now: () => number = () => performance.now()) {
    this.#out = out;
    this.#now = now;
  }

  /** Times from here on are relative to now (the INVITE). */
  start(): void {
    this.#origin = this.#now();
  }

  /** Seconds since the INVITE, or null before it. */
  elapsed(): number | null {
    return this.#origin === null ? null : (this.#now() - this.#origin) / 1000;
  }

  line(event: string, text: string): void {
    const t = this.elapsed();
    this.#events.push({ t: t === null ? null : round(t, 3), event, text });
    const stamp = t === null ? '        ' : t.toFixed(3).padStart(8);
    this.#out.write(`${stamp}  ${text}\n`);
  }

  get events(): readonly TranscriptEvent[] {
    return this.#events;
  }

  /** The closing line (once the INVITE was sent: a bad option needs none) and the summary. */
  summary(s: Omit<TestCallSummary, 'events'>): TestCallSummary {
    const result = { ...s, heardSeconds: round(s.heardSeconds), playedSeconds: round(s.playedSeconds), durationSeconds: round(s.durationSeconds, 3), events: [...this.#events] };
    if (this.#origin === null) return result;
    const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
    const dtmf = s.dtmf.keys === '' ? 'none' : `"${s.dtmf.sent}" of "${s.dtmf.keys}" (${s.dtmf.mode})`;
    this.#out.write(
      `summary: answered ${yesNo(s.answered)}${s.codec ? ` (${s.codec})` : ''}, beep ${yesNo(s.beep)}, heard ${s.heardSeconds.toFixed(1)} s of audio, ` +
      `played ${s.playedSeconds.toFixed(1)} s, DTMF ${dtmf}` +
      `${s.endedBy ? `, ended by ${s.endedBy === 'us' ? 'us (BYE)' : 'the server'}` : ''}` +
      `${s.recordedHeard ? `, heard audio saved to ${s.recordedHeard}` : ''}\n`,
    );
    return result;
  }
}
