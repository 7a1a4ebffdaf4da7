/**
 * A Call is one SIP dialog plus one media session, with verbs that read like a script:
 * answer, play, collectDigits, record, transfer, hangup. The applications in um/ see nothing else
 * of SIP or RTP. `signal` fires when the call ends for any reason (the caller hangs up, CANCEL,
 * a dead peer); every verb then stops promptly and releases what it holds.
 */
import type { InviteSession } from '../sip/dialog/index.js';
import type { SipRequest } from '../sip/message/index.js';
import type { DtmfDigit, SampleRate } from '../media/types.js';
import type { MediaSession } from '../media/stream/types.js';
import type { Clock } from '../util/clock.js';
import { OpenUmError } from '../util/errors.js';
import { FaxToneDetector } from '../media/dsp/index.js';
import { callInfoOf, type CallInfo } from './callInfo.js';
import { DigitQueue } from './digits.js';
import { recordMessage, type RecordOptions, type RecordResult } from './record.js';
import type { PlayItem, PromptRenderer } from './prompts.js';
import { negotiateCallMedia, type MediaFactory } from './setup.js';

export class CallError extends OpenUmError {
  override readonly name = 'CallError';
}

export interface CallLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export interface CallDeps {
  clock: Clock;
  logger: CallLogger;
  media: MediaFactory;
  prompts: PromptRenderer;
}

export interface PlayOptions {
  /** A key press stops the prompt (the digit stays queued for collectDigits). Default true. */
  bargeIn?: boolean;
  /** Stops the prompt early when it fires (e.g. a fax tone was heard); resolves like a finished prompt. */
  signal?: AbortSignal;
}

export interface CollectOptions {
  /** Stop after this many digits. */
  max: number;
  /** Keys that end input early (not included in `digits`). Default '#'. */
  terminators?: string;
  /** Wait this long for the first digit (ms). Default 5000. */
  firstTimeoutMs?: number;
  /** Wait this long between digits (ms). Default 3000. */
  interDigitTimeoutMs?: number;
}

export interface CollectResult {
  digits: string;
  terminator: DtmfDigit | null;
  reason: 'max' | 'terminator' | 'timeout';
}

export class Call {
  readonly session: InviteSession;
  readonly digits = new DigitQueue();
  readonly #deps: CallDeps;
  #media: MediaSession | null = null;
  #hungUp = false;
  #info: CallInfo | undefined;

  constructor(session: InviteSession, deps: CallDeps) {
    this.session = session;
    this.#deps = deps;
    session.signal.addEventListener('abort', () => this.#release(), { once: true });
  }

  get id(): string {
    return this.session.callId;
  }

  /** Fires when the call is over, whoever ended it. */
  get signal(): AbortSignal {
    return this.session.signal;
  }

  get invite(): SipRequest {
    return this.session.invite;
  }

  /** The INVITE as plain facts (caller, called number, diversion), read once on first use. */
  get info(): CallInfo {
    return (this.#info ??= callInfoOf(this.session.invite));
  }

  get sampleRate(): SampleRate {
    return this.#requireMedia().sampleRate;
  }

  get media(): MediaSession | null {
    return this.#media;
  }

  /**
   * Negotiates media (answer to the INVITE's offer, or our offer in the 200 and the answer in the
   * ACK), answers 200, waits for the ACK and starts the media session. A failed negotiation
   * answers 488 (or 400) and throws CALL_MEDIA_REJECTED.
   */
  async answer(): Promise<void> {
    this.#assertLive();
    const media = await negotiateCallMedia(this.session, this.#deps.media, this.#deps.logger);
    this.#media = media;
    media.onDtmf((e) => {
      this.#deps.logger.debug({ callId: this.id, digit: e.digit, source: e.source }, 'DTMF');
      this.digits.push(e.digit);
    });
    if (this.signal.aborted) this.#release();
  }

  /** Plays prompts in order; resolves with the digit that interrupted them, if any. */
  async play(items: readonly PlayItem[], options: PlayOptions = {}): Promise<{ interruptedBy: DtmfDigit | null }> {
    this.#assertLive();
    const media = this.#requireMedia();
    const bargeIn = options.bargeIn ?? true;
    // Type-ahead: a key already pressed skips the prompt, as a key pressed during it would.
    if (bargeIn && this.digits.length > 0) return { interruptedBy: this.digits.peek() ?? null };
    const source = await this.#deps.prompts.render(items, media.sampleRate);
    this.#assertLive();
    let interrupted = false;
    let finished = false;
    const done = media.play(source);
    const races: Promise<unknown>[] = [done, this.#ended()];
    const stop = options.signal;
    let onStop: (() => void) | null = null;
    if (stop) {
      if (stop.aborted) media.stopPlayback();
      else stop.addEventListener('abort', (onStop = () => media.stopPlayback()), { once: true });
    }
    if (bargeIn) {
      races.push(this.digits.whenAvailable().then(() => {
        // The waiter outlives this play when it ends first: it must not stop a later one.
        if (finished) return;
        interrupted = true;
        media.stopPlayback();
      }));
    }
    await Promise.race(races);
    finished = true;
    if (onStop) stop?.removeEventListener('abort', onStop);
    this.#assertLive();
    return { interruptedBy: interrupted ? (this.digits.peek() ?? null) : null };
  }

  /** Collects up to `max` digits, ending on a terminator key or a timeout (RFC-neutral; Exchange-like defaults). */
  async collectDigits(options: CollectOptions): Promise<CollectResult> {
    this.#assertLive();
    const terminators = options.terminators ?? '#';
    const firstTimeout = options.firstTimeoutMs ?? 5000;
    const interTimeout = options.interDigitTimeoutMs ?? 3000;
    let digits = '';
    for (;;) {
      const got = await this.#nextDigit(digits === '' ? firstTimeout : interTimeout);
      if (got === null) return { digits, terminator: null, reason: 'timeout' };
      if (terminators.includes(got)) return { digits, terminator: got, reason: 'terminator' };
      digits += got;
      if (digits.length >= options.max) return { digits, terminator: null, reason: 'max' };
    }
  }

  /** Records the caller (see record.ts); a hangup ends the recording normally. */
  record(options: RecordOptions): Promise<RecordResult> {
    this.#assertLive();
    return recordMessage(this, this.#requireMedia(), this.#deps, options);
  }

  /**
   * Listens for a calling fax (CNG, T.30) on what the caller sends; `listener` runs once when it
   * is heard. Returns a function that stops listening. Exchange UM redirects such calls to the
   * fax partner during the greeting.
   */
  onFaxTone(listener: () => void): () => void {
    const media = this.#requireMedia();
    const detector = new FaxToneDetector(media.sampleRate);
    let fired = false;
    const unsubscribe = media.onFrame((frame) => {
      if (fired || !detector.process(frame)) return;
      fired = true;
      unsubscribe();
      listener();
    });
    return unsubscribe;
  }

  /**
   * Blind transfer: before answer a 302 to the target; after answer REFER (RFC 3515) and hang up
   * once the peer reports success. Resolves true when the transfer went through.
   */
  async transfer(target: string): Promise<boolean> {
    this.#assertLive();
    if (this.session.state === 'pending') {
      this.session.reject(302, 'Moved Temporarily', { headers: [['Contact', `<${target}>`]] });
      return true;
    }
    const outcome = await this.session.refer(target);
    const ok = outcome.accepted && (outcome.status === null || outcome.status < 300);
    if (ok) await this.hangup();
    return ok;
  }

  async hangup(): Promise<void> {
    if (this.#hungUp) return;
    this.#hungUp = true;
    await this.session.bye();
    this.#release();
  }

  /** Resolves when the call's signal fires. */
  #ended(): Promise<void> {
    if (this.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  #nextDigit(timeoutMs: number): Promise<DtmfDigit | null> {
    const queued = this.digits.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise<DtmfDigit | null>((resolve, reject) => {
      const timer = this.#deps.clock.setTimer(timeoutMs, () => finish(() => resolve(null)));
      const onAbort = (): void => finish(() => reject(this.#endedError()));
      let done = false;
      const finish = (fn: () => void): void => {
        if (done) return;
        done = true;
        timer.cancel();
        this.signal.removeEventListener('abort', onAbort);
        fn();
      };
      this.signal.addEventListener('abort', onAbort, { once: true });
      void this.digits.whenAvailable().then(() => {
        if (done) return;
        const d = this.digits.shift();
        if (d !== undefined) finish(() => resolve(d));
      });
    });
  }

  #requireMedia(): MediaSession {
    if (!this.#media) throw new CallError('CALL_NOT_ANSWERED', `call ${this.id} has no media: answer() first`);
    return this.#media;
  }

  #assertLive(): void {
    if (this.signal.aborted) throw this.#endedError();
  }

  #endedError(): CallError {
    return new CallError('CALL_ENDED', `call ${this.id} ended (${String(this.session.endReason)})`);
  }

  #release(): void {
    this.#media?.close();
  }
}
