/**
 * A scripted caller for call answering tests, built from the same pieces as `openum test-call`
 * (our UserAgent, an RtpStream on its own media clock, the test-call beep detector) but driven
 * step by step: wait for the greeting or the beep, speak, send a fax tone, press keys (RFC 4733),
 * hang up, or wait for OpenUM to hang up. Everything heard is kept frame by frame (for tone and
 * length checks), and every SIP request OpenUM sends within the call is kept (to see a REFER,
 * which our UserAgent answers 405 as any caller without transfer support would).
 *
 * Waits are bounded by generous deadlines that only turn a hang into a clear failure; no test
 * asserts how fast anything happened.
 */
import { BeepDetector } from '../../../src/cli/testCall/beep.js';
import { redirectHeaders, fromNameAddr, toNameAddr } from '../../../src/cli/testCall/headers.js';
import { CallerMedia } from '../../../src/cli/testCall/media.js';
import type { DiversionReason, TestCallOptions } from '../../../src/cli/testCall/options.js';
import { acLevelDbfs } from '../../../src/cli/testCall/listener.js';
import { MediaClock } from '../../../src/media/clock/index.js';
import { resample } from '../../../src/media/dsp/index.js';
import type { RtpStream } from '../../../src/media/stream/rtpStream.js';
import type { AudioSource } from '../../../src/media/stream/types.js';
import type { CodecName, DtmfDigit } from '../../../src/media/types.js';
import type { NegotiatedMedia } from '../../../src/sdp/index.js';
import type { ClientEndReason, ClientInviteSession } from '../../../src/sip/dialog/index.js';
import { parseMessage, serializeMessage, type SipRequest } from '../../../src/sip/message/index.js';
import { TransportManager, type Endpoint } from '../../../src/sip/transport/index.js';
import { TrustedPeers, UserAgent } from '../../../src/sip/ua/index.js';
import { systemClock } from '../../../src/util/clock.js';
import { createLogger } from '../../../src/util/logger.js';
import { FRAME_MS } from './audio.js';

export interface DialSpec {
  /** OpenUM's UDP listener. */
  server: Endpoint;
  /** The number called (Request-URI user); default the pilot 8500. */
  to?: string;
  /** Caller number; default 2000. */
  from?: string;
  /** Caller display name. */
  name?: string;
  /** Forwarded from this extension with Diversion (RFC 5806). */
  diversion?: string;
  /** Forwarded from this extension with History-Info (RFC 7044). */
  historyInfo?: string;
  reason?: DiversionReason;
  codecs?: CodecName[];
}

/** How long a wait may take before it is a failure (a loaded 2-core machine included). */
export const WAIT_MS = 45_000;

/** A beep heard: the index of the first frame after it (frames[] before it were heard before it ended). */
export interface HeardBeep {
  endFrame: number;
  durationMs: number;
}

class SamplesSource implements AudioSource {
  #at = 0;
  constructor(readonly samples: Int16Array) {}
  read(frame: Int16Array): boolean {
    if (this.#at >= this.samples.length) return false;
    const part = this.samples.subarray(this.#at, this.#at + frame.length);
    frame.set(part);
    frame.fill(0, part.length);
    this.#at += frame.length;
    return true;
  }
}

/** What the SIP listener saw before the UserAgent handled it. */
interface RequestTap {
  requests: SipRequest[];
  onRequest(): void;
}

const logger = createLogger({ level: 'silent' });

export class TestCaller {
  readonly session: ClientInviteSession;
  readonly stream: RtpStream;
  readonly negotiated: NegotiatedMedia;
  /** Every frame received from OpenUM, in order (copies), one per 20 ms tick of our clock. */
  readonly frames: Int16Array[] = [];
  readonly beeps: HeardBeep[] = [];
  /** Requests OpenUM sent to us after the answer (BYE, REFER, INFO, ...), before our UserAgent answered them. */
  readonly requests: SipRequest[];
  readonly #detector: BeepDetector;
  readonly #sip: TransportManager;
  readonly #ua: UserAgent;
  readonly #media: CallerMedia;
  readonly #clock: MediaClock;
  #changed: Array<() => void> = [];
  #closed: Promise<void> | null = null;

  private constructor(parts: { session: ClientInviteSession; stream: RtpStream; negotiated: NegotiatedMedia; sip: TransportManager; ua: UserAgent; media: CallerMedia; clock: MediaClock; tap: RequestTap }) {
    this.session = parts.session;
    this.stream = parts.stream;
    this.negotiated = parts.negotiated;
    this.#sip = parts.sip;
    this.#ua = parts.ua;
    this.#media = parts.media;
    this.#clock = parts.clock;
    this.requests = parts.tap.requests;
    parts.tap.onRequest = () => this.#wake();
    this.#detector = new BeepDetector({ sampleRate: parts.stream.sampleRate });
    parts.stream.onFrame((frame) => {
      this.frames.push(frame.slice());
      const beep = this.#detector.process(frame);
      if (beep) this.beeps.push({ endFrame: this.frames.length - 1, durationMs: beep.durationMs });
      this.#wake();
    });
    parts.session.signal.addEventListener('abort', () => this.#wake(), { once: true });
  }

  /** Places the call and starts media once it is answered (200 OK). */
  static async dial(spec: DialSpec): Promise<TestCaller> {
    const tap: RequestTap = { requests: [], onRequest: () => undefined };
    let ua: UserAgent | null = null;
    const target: Endpoint = { transport: 'UDP', address: spec.server.address, port: spec.server.port };
    const sip = new TransportManager({
      listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
      codec: { parse: (data, datagram) => parseMessage(data, { datagram }), serialize: serializeMessage },
      logger,
      onMessage: (inbound) => {
        if (inbound.message.type === 'request' && inbound.message.method !== 'ACK') {
          tap.requests.push(inbound.message);
          tap.onRequest();
        }
        ua?.receive(inbound);
      },
      onParseError: (err, raw, source) => ua?.parseError(err, raw, source),
    });
    ua = new UserAgent({
      transport: sip,
      clock: systemClock,
      logger,
      trusted: new TrustedPeers([{ name: 'openum', address: target.address, port: target.port, transport: 'udp' }]),
      untrusted: 'drop',
      maxCalls: 1,
      product: 'callAnswering-test',
      sessionTimer: { sessionExpires: 1800, minSe: 90 },
      onInvite: (session) => session.reject(486),
    });
    await sip.start();
    const local = sip.localEndpoints()[0]!;
    const media = await CallerMedia.reserve('127.0.0.1', logger);
    const clock = new MediaClock({ logger });
    const options: Pick<TestCallOptions, 'target' | 'redirect' | 'from' | 'name'> = {
      target: { uri: `sip:${spec.to ?? '8500'}@${target.address}:${target.port}`, user: spec.to ?? '8500', host: target.address, port: target.port },
      redirect: spec.diversion !== undefined
        ? { kind: 'diversion', extension: spec.diversion, reason: spec.reason ?? 'no-answer' }
        : spec.historyInfo !== undefined ? { kind: 'history-info', extension: spec.historyInfo, reason: spec.reason ?? 'no-answer' } : null,
      from: spec.from ?? '2000',
      name: spec.name ?? null,
    };
    try {
      const session = await ua.invite({
        target,
        requestUri: options.target.uri,
        from: fromNameAddr(options, local.address),
        to: toNameAddr(options),
        sdp: Buffer.from(media.offer(spec.codecs ?? ['PCMU'])),
        headers: redirectHeaders(options),
      });
      const negotiated = media.accept(session.remoteSdp);
      const stream = media.start(negotiated, clock, logger);
      return new TestCaller({ session, stream, negotiated, sip, ua, media, clock, tap });
    } catch (err) {
      media.close();
      clock.stop();
      await ua.close();
      await sip.close();
      throw err;
    }
  }

  get sampleRate(): number {
    return this.stream.sampleRate;
  }

  get callId(): string {
    return this.session.callId;
  }

  /** True once the call is over (either side hung up). */
  get ended(): boolean {
    return this.session.signal.aborted;
  }

  get endReason(): ClientEndReason | null {
    return this.session.endReason;
  }

  /** Frames heard so far; a mark for "what was heard after this point". */
  get heardFrames(): number {
    return this.frames.length;
  }

  /** Resolves once `done()` holds; fails after `timeoutMs` with `what` and `context()`. */
  async until(done: () => boolean, what: string, context: () => string = () => '', timeoutMs = WAIT_MS): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!done()) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (heard ${this.frames.length * FRAME_MS} ms, beeps ${this.beeps.length}, ended ${String(this.endReason)})\n${context()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.#changed.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the n-th beep (1-based) to end; fails if the call ends first. */
  async waitForBeep(n = 1, context?: () => string): Promise<HeardBeep> {
    await this.until(() => this.beeps.length >= n || this.ended, `beep ${n}`, context);
    const beep = this.beeps[n - 1];
    if (!beep) throw new Error(`the call ended (${String(this.endReason)}) before beep ${n}\n${context?.() ?? ''}`);
    return beep;
  }

  /** Waits until OpenUM has sent audible audio (the greeting has begun). */
  async waitForAudio(context?: () => string): Promise<void> {
    await this.until(() => this.frames.some((f) => acLevelDbfs(f) > -45) || this.ended, 'audio from OpenUM', context);
    if (this.ended) throw new Error(`the call ended (${String(this.endReason)}) before any audio\n${context?.() ?? ''}`);
  }

  /** Waits until OpenUM hangs up; returns how the call ended. */
  async waitForEnd(context?: () => string, timeoutMs = WAIT_MS): Promise<ClientEndReason | null> {
    await this.until(() => this.ended, 'the end of the call', context, timeoutMs);
    return this.endReason;
  }

  /** Waits for a request of `method` from OpenUM within the call. */
  async waitForRequest(method: string, context?: () => string): Promise<SipRequest> {
    await this.until(() => this.requests.some((r) => r.method === method && r.callId === this.callId), `${method} from OpenUM`, context);
    return this.requests.find((r) => r.method === method && r.callId === this.callId)!;
  }

  /** Sends these samples (at `rate`, converted to the call's) and resolves once the last frame went out. */
  async say(samples: Int16Array, rate: number): Promise<void> {
    const audio = rate === this.sampleRate ? samples : resample(samples, rate, this.sampleRate);
    await this.stream.play(new SamplesSource(audio));
  }

  /** Sends `ms` of digital silence (paced by our media clock). */
  async silence(ms: number): Promise<void> {
    await this.stream.play(new SamplesSource(new Int16Array(Math.round((ms * this.sampleRate) / 1000))));
  }

  /** Presses the keys by RFC 4733, 100 ms each with 100 ms between them. */
  async press(keys: string): Promise<void> {
    for (const key of keys as Iterable<DtmfDigit>) {
      const sent = await this.stream.sendDtmf(key, 100);
      if (!sent) throw new Error(`key ${key} could not be sent (call ended: ${String(this.endReason)})`);
      await this.silence(100);
    }
  }

  /** BYE (idempotent; nothing when OpenUM already hung up). */
  async hangUp(): Promise<void> {
    await this.session.bye();
  }

  /** Hangs up if needed and releases the SIP stack, the media and the clock. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.session.bye().catch(() => undefined);
      this.#media.close();
      this.#clock.stop();
      await this.#ua.close();
      await this.#sip.close();
    })();
    return this.#closed;
  }

  #wake(): void {
    const waiters = this.#changed;
    this.#changed = [];
    for (const w of waiters) w();
  }
}
