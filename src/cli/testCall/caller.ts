/**
 * The test call, step by step, as a PBX would place a forwarded call and a person would leave a
 * message: INVITE → provisional responses → 200 OK and the negotiated codec → listen to the
 * greeting until the beep → speak (the WAV) → press the keys (RFC 4733 or SIP INFO) → wait for the
 * server to hang up, or hang up ourselves (--hangup-after) → summary. Each step writes one
 * transcript line; the first step that fails ends the call and becomes the one error line.
 */
import { rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MediaClock } from '../../media/clock/index.js';
import { WavRecorder } from '../../media/recorder/index.js';
import type { RtpStream } from '../../media/stream/rtpStream.js';
import type { DtmfDigit } from '../../media/types.js';
import type { NegotiatedMedia } from '../../sdp/index.js';
import type { ClientInviteSession } from '../../sip/dialog/index.js';
import type { Logger } from '../../util/logger.js';
import type { Writer } from '../context.js';
import { builtInAudio, openPlayFile, type PlayAudio } from './audio.js';
import { dial } from './dial.js';
import { TestCallError } from './errors.js';
import { HeardAudio } from './listener.js';
import { DTMF_GAP_MS, DTMF_KEY_MS, MAX_RECORD_HEARD_SECONDS } from './limits.js';
import { CallerMedia } from './media.js';
import type { DtmfMode, TestCallOptions } from './options.js';
import { resolveTargetHost, routeAddress, startSipStack, type SipStack } from './sipStack.js';
import { Transcript, type TestCallSummary } from './transcript.js';

export interface TestCallDeps {
  /** Where the transcript lines go. */
  out: Writer;
  logger: Logger;
  /** Ctrl-C: cancel the INVITE or hang up, then report. */
  interrupt?: AbortSignal;
  /** User-Agent product token. */
  product: string;
}

export interface TestCallResult {
  summary: TestCallSummary;
  /** The failure, or null when the call was answered and every step ran. */
  error: TestCallError | null;
}

/** Resolves with the key of the first settled wait, or 'timeout' after `ms` (timer cleared). */
async function first<K extends string>(ms: number, waits: Record<K, Promise<unknown>>): Promise<K | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const entries = Object.entries(waits) as [K, Promise<unknown>][];
  try {
    return await Promise.race([
      ...entries.map(([key, p]) => p.then(() => key, () => key)),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((r) => signal.addEventListener('abort', () => r(), { once: true }));
}

const never = new Promise<void>(() => undefined);
const s1 = (ms: number): string => (ms / 1000).toFixed(1);

export async function runTestCall(options: TestCallOptions, deps: TestCallDeps): Promise<TestCallResult> {
  return new TestCallRun(options, deps).run();
}

class TestCallRun {
  readonly #o: TestCallOptions;
  readonly #deps: TestCallDeps;
  readonly #t: Transcript;
  readonly #interrupted: Promise<void>;
  #audio: PlayAudio | null = null;
  #sip: SipStack | null = null;
  #media: CallerMedia | null = null;
  #clock: MediaClock | null = null;
  #recorder: WavRecorder | null = null;
  #session: ClientInviteSession | null = null;
  #stream: RtpStream | null = null;
  #heard: HeardAudio | null = null;
  #status: { status: number; reason: string } | null = null;
  #negotiated: NegotiatedMedia | null = null;
  #answeredAt: number | null = null;
  #beepAt: number | null = null;
  #played: string | null = null;
  #playedMs = 0;
  #dtmfSent = '';
  #dtmfMode: DtmfMode;
  #endedBy: 'us' | 'server' | null = null;
  #recordedHeard: string | null = null;
  /** Resolves when the first beep ends. */
  readonly #beepHeard: Promise<void>;
  #onBeep: () => void = () => undefined;

  constructor(options: TestCallOptions, deps: TestCallDeps) {
    this.#o = options;
    this.#deps = deps;
    this.#t = new Transcript(deps.out);
    this.#dtmfMode = options.dtmfMode;
    this.#interrupted = deps.interrupt ? aborted(deps.interrupt) : never;
    this.#beepHeard = new Promise((r) => (this.#onBeep = r));
  }

  async run(): Promise<TestCallResult> {
    let error: TestCallError | null = null;
    try {
      await this.#prepare();
      await this.#call();
    } catch (err) {
      // Anything else is a bug: after cleanup, the CLI reports it as an unexpected failure (exit 1).
      if (!(err instanceof TestCallError)) throw err;
      error = err;
      if (this.#t.elapsed() !== null) this.#t.line('failed', error.message);
    } finally {
      await this.#close();
    }
    return { summary: this.#summary(error), error };
  }

  /** Everything that can fail on a bad option, before a single packet is sent. */
  async #prepare(): Promise<void> {
    const o = this.#o;
    if (o.recordHeard !== null) await checkWritableFile(o.recordHeard);
    this.#audio = o.play !== null ? await openPlayFile(o.play) : builtInAudio();
    const targetIp = await resolveTargetHost(o.target.host);
    const localHost = o.bind.host ?? (await routeAddress(targetIp, o.target.port));
    const log = this.#deps.logger;
    const target = { transport: o.transport === 'tcp' ? 'TCP' as const : 'UDP' as const, address: targetIp, port: o.target.port };
    this.#sip = await startSipStack({ transport: o.transport, host: localHost, port: o.bind.port, target, product: this.#deps.product, logger: log.child({ layer: 'sip' }) });
    this.#media = await CallerMedia.reserve(localHost, log.child({ layer: 'media' }));
  }

  async #call(): Promise<void> {
    const o = this.#o;
    const sip = this.#sip!;
    const media = this.#media!;
    const redirect = o.redirect ? `, ${o.redirect.kind === 'diversion' ? 'Diversion' : 'History-Info'} from ${o.redirect.extension} (${o.redirect.reason})` : '';
    this.#t.line('note', `calling ${o.target.uri} from ${o.from}${o.name ? ` "${o.name}"` : ''}${redirect} over ${o.transport.toUpperCase()}`);
    this.#t.start();
    const answered = await dial({
      options: o, sip, sdp: Buffer.from(media.offer(o.codecs)), transcript: this.#t, interrupt: this.#deps.interrupt,
    });
    this.#session = answered.session;
    this.#status = { status: answered.session.status, reason: answered.session.reason };
    this.#answeredAt = this.#t.elapsed();
    this.#audio!.warmUp();
    await this.#startMedia(answered.session);
    const ended = aborted(answered.session.signal);
    if (o.waitBeep) await this.#waitForBeep(ended);
    await this.#speak(ended);
    if (o.dtmf !== '') await this.#pressKeys(ended);
    await this.#waitForEnd(ended);
  }

  async #startMedia(session: ClientInviteSession): Promise<void> {
    let negotiated: NegotiatedMedia;
    try {
      negotiated = this.#media!.accept(session.remoteSdp);
    } catch (err) {
      this.#t.line('answered', `${session.status} ${session.reason}, but the SDP answer cannot be used: hanging up`);
      await this.#hangUp();
      throw err;
    }
    this.#negotiated = negotiated;
    this.#clock = new MediaClock({ logger: this.#deps.logger.child({ layer: 'media' }) });
    const stream = this.#media!.start(negotiated, this.#clock, this.#deps.logger.child({ layer: 'media' }));
    this.#stream = stream;
    if (this.#o.recordHeard !== null) {
      try {
        this.#recorder = await WavRecorder.create({ dir: dirname(this.#o.recordHeard), sampleRate: stream.sampleRate, maxSeconds: MAX_RECORD_HEARD_SECONDS });
      } catch (err) {
        this.#t.line('note', `not recording what we hear: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.#heard = new HeardAudio(stream.sampleRate, {
      firstAudio: () => this.#t.line('audio', 'hearing greeting…'),
      beep: (b) => {
        this.#beepAt ??= this.#t.elapsed();
        this.#t.line('beep', `beep detected (${b.durationMs} ms, ${b.levelDbfs.toFixed(1)} dBFS)`);
        this.#onBeep();
      },
    }, this.#recorder);
    stream.onFrame((frame) => this.#heard?.process(frame));
    const te = negotiated.telephoneEvent ? `, telephone-event/8000 (PT ${negotiated.telephoneEvent.payloadType})` : ', no telephone-event';
    this.#t.line('answered', `${session.status} ${session.reason}: ${codecLabel(negotiated)}${te}, RTP to ${negotiated.remote.address}:${negotiated.remote.rtpPort}`);
    if (negotiated.direction !== 'sendrecv') this.#t.line('note', `the server set the media ${negotiated.direction}`);
  }

  async #waitForBeep(ended: Promise<void>): Promise<void> {
    const outcome = await first(this.#o.timeoutSeconds * 1000, { beep: this.#beepHeard, ended, interrupted: this.#interrupted });
    if (outcome === 'beep') return;
    if (outcome === 'ended') throw this.#serverHungUp('before the beep');
    if (outcome === 'interrupted') throw await this.#interrupt();
    await this.#hangUp();
    throw new TestCallError('TESTCALL_NO_BEEP', `no beep within ${this.#o.timeoutSeconds} s of the answer (heard ${s1(this.#heard!.heardMs)} s of audio); use --no-wait-beep for a number that does not record`);
  }

  async #speak(ended: Promise<void>): Promise<void> {
    const stream = this.#stream!;
    const audio = await this.#audio!.open(stream.sampleRate);
    this.#played = audio.label;
    this.#t.line('play', `playing ${audio.label} (${s1(audio.durationMs)} s)`);
    const started = performance.now();
    const done = stream.play(audio.source);
    const outcome = await first(audio.durationMs + 5000, { done, ended, interrupted: this.#interrupted });
    this.#playedMs = outcome === 'done' ? audio.durationMs : Math.min(audio.durationMs, performance.now() - started);
    if (outcome === 'done') return;
    stream.stopPlayback();
    if (outcome === 'ended') throw this.#serverHungUp(`after ${s1(this.#playedMs)} s of ${audio.label}`);
    if (outcome === 'interrupted') throw await this.#interrupt();
  }

  async #pressKeys(ended: Promise<void>): Promise<void> {
    const keys = this.#o.dtmf;
    if (this.#dtmfMode === 'rfc4733' && !this.#negotiated?.telephoneEvent) {
      this.#t.line('note', 'the server did not accept telephone-event (RFC 4733): sending the keys by SIP INFO');
      this.#dtmfMode = 'info';
    }
    for (const key of keys as Iterable<DtmfDigit>) {
      const sent = this.#sendKey(key);
      const outcome = await first(5000, { sent, ended, interrupted: this.#interrupted });
      if (outcome === 'ended') throw this.#serverHungUp(`after the keys "${this.#dtmfSent}"`);
      if (outcome === 'interrupted') throw await this.#interrupt();
      if (outcome === 'timeout' || !(await sent)) {
        await this.#hangUp();
        throw new TestCallError('TESTCALL_REJECTED', `key "${key}" could not be sent by ${this.#dtmfMode === 'info' ? 'SIP INFO' : 'RFC 4733'}`);
      }
      this.#dtmfSent += key;
      await first(DTMF_GAP_MS, { ended });
    }
    this.#t.line('dtmf', `DTMF "${this.#dtmfSent}" sent (${this.#dtmfMode === 'info' ? 'SIP INFO, application/dtmf-relay' : 'RFC 4733'})`);
  }

  /** One key: RFC 4733 events on the stream, or an INFO with a dtmf-relay body answered 2xx. */
  async #sendKey(key: DtmfDigit): Promise<boolean> {
    if (this.#dtmfMode === 'rfc4733') return this.#stream!.sendDtmf(key, DTMF_KEY_MS);
    try {
      const status = await this.#session!.info('application/dtmf-relay', `Signal=${key}\r\nDuration=${DTMF_KEY_MS}\r\n`);
      if (status >= 300) this.#t.line('note', `INFO for key "${key}" was answered ${status}`);
      return status < 300;
    } catch {
      return false;
    }
  }

  async #waitForEnd(ended: Promise<void>): Promise<void> {
    const outcome = await first(this.#o.hangupAfterSeconds * 1000, { ended, interrupted: this.#interrupted });
    if (outcome === 'ended') {
      this.#endedBy = 'server';
      this.#t.line('ended', `the server hung up (${this.#endReason()})`);
      return;
    }
    if (outcome === 'interrupted') throw await this.#interrupt();
    await this.#hangUp();
  }

  async #hangUp(): Promise<void> {
    const session = this.#session;
    if (!session || session.signal.aborted) return;
    this.#endedBy = 'us';
    this.#t.line('bye', 'BYE sent');
    await session.bye();
  }

  async #interrupt(): Promise<TestCallError> {
    await this.#hangUp();
    return new TestCallError('TESTCALL_INTERRUPTED', 'interrupted: the call was ended with BYE');
  }

  #serverHungUp(when: string): TestCallError {
    this.#endedBy = 'server';
    this.#t.line('ended', `the server hung up ${when} (${this.#endReason()})`);
    return new TestCallError('TESTCALL_ENDED_EARLY', `the server ended the call ${when}`);
  }

  #endReason(): string {
    const reason = this.#session?.endReason;
    return reason === 'remote-bye' ? 'BYE' : reason === 'failed' ? 'the dialog failed' : String(reason);
  }

  async #close(): Promise<void> {
    this.#heard?.finish();
    this.#media?.close();
    this.#clock?.stop();
    if (this.#recorder) {
      try {
        const result = await this.#recorder.finish();
        await rename(result.path, this.#o.recordHeard!);
        this.#recordedHeard = this.#o.recordHeard;
      } catch (err) {
        this.#t.line('note', `the heard audio could not be saved: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    await this.#sip?.close();
    await this.#audio?.close();
  }

  #summary(error: TestCallError | null): TestCallSummary {
    const o = this.#o;
    return this.#t.summary({
      target: o.target.uri,
      ok: error === null,
      callId: this.#session?.callId ?? null,
      answered: this.#session !== null,
      status: this.#status?.status ?? error?.status ?? null,
      reason: this.#status?.reason ?? error?.reason ?? null,
      codec: this.#negotiated ? codecLabel(this.#negotiated) : null,
      answeredAfterSeconds: this.#answeredAt,
      beep: this.#beepAt !== null,
      beepAtSeconds: this.#beepAt,
      heardSeconds: (this.#heard?.heardMs ?? 0) / 1000,
      played: this.#played,
      playedSeconds: this.#playedMs / 1000,
      dtmf: { keys: o.dtmf, mode: this.#dtmfMode, sent: this.#dtmfSent },
      endedBy: this.#endedBy,
      durationSeconds: this.#t.elapsed() ?? 0,
      recordedHeard: this.#recordedHeard,
      error: error ? { code: error.code, message: error.message } : null,
    });
  }
}

function codecLabel(media: NegotiatedMedia): string {
  return media.codec === 'G722' ? 'G.722' : media.codec;
}

/** --record-heard: the folder must exist and the name must not be a folder. */
async function checkWritableFile(path: string): Promise<void> {
  const folder = await stat(dirname(path)).catch(() => null);
  if (!folder?.isDirectory()) throw new TestCallError('TESTCALL_BAD_OPTION', `--record-heard ${path}: the folder ${dirname(path)} does not exist`);
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw new TestCallError('TESTCALL_BAD_OPTION', `--record-heard ${path}: is a folder`);
}
