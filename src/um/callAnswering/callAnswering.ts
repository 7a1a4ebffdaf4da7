/**
 * Call answering: a call diverted to OpenUM because the user did not answer (or was busy) hears
 * the user's greeting, a beep, and leaves a message that lands in the store with its deliveries
 * (email, IMAP, MWI) queued in the same transaction. It behaves like Exchange UM:
 *
 * - Greeting: the away (extended absence) greeting when enabled; the busy greeting when the call
 *   was diverted on busy and one is recorded; the normal greeting; else the system greeting with
 *   the user's recorded name or directory name. During it: # skips to the beep, 0 reaches the
 *   operator when the dial plan has one, * logs on to the mailbox only when the policy allows
 *   depositor logon (off by default: toll fraud). A calling fax tone (CNG) sends the call to the
 *   dial plan's fax partner, else ends it.
 * - Beep, then record up to the policy's maximum; the recording ends on #, on silence, at the
 *   maximum or when the caller hangs up (the usual way). After # (or silence, or the maximum) a menu:
 *   send (#), listen (1), record again (2), urgent (3), private (4). No key → sent.
 * - Too short or no voice → not a message: a missed-call notice instead.
 * - Mailbox full → a prompt, no recording, a missed-call notice.
 *
 * The caller hears "sent" only after the store committed the message and its outbox entries.
 */
import { rm } from 'node:fs/promises';
import type { Call, CollectResult, PlayItem, RecordResult } from '../../calls/index.js';
import type { DialPlanConfig, MailboxPolicyConfig } from '../../config/index.js';
import type { DivertReason, MailboxStore, NewOutboxEntry, StoredMessage, StoredUser } from '../../store/index.js';
import { StoreError } from '../../store/index.js';
import { nameItems, prompts, systemGreeting } from './prompts.js';

export interface CallAnsweringLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** The mailbox a diverted call is for, resolved by routing. */
export interface CallAnsweringTarget {
  user: StoredUser;
  dialPlan: DialPlanConfig;
  policy: MailboxPolicyConfig;
  reason: DivertReason;
}

export interface Caller {
  callerNumber: string | null;
  callerName: string | null;
}

export interface CallAnsweringDeps {
  store: MailboxStore;
  /** Folder for recordings in progress, on the same file system as the data folder. */
  recordingsDir: string;
  logger: CallAnsweringLogger;
  /** The outbox entries a new message gets (email, IMAP, MWI as configured for this user). */
  messageOutbox(user: StoredUser): NewOutboxEntry[];
  /** The outbox entries a missed call gets (the missed-call email when enabled). */
  missedCallOutbox(user: StoredUser, policy: MailboxPolicyConfig): NewOutboxEntry[];
  /** Called after a deposit or a missed call was committed (starts the delivery workers at once). */
  committed?(): void;
  /** SIP URI of an extension of the dial plan, for transfers (operator). */
  transferTarget?(extension: string, dialPlan: DialPlanConfig): string;
  /** Voice access for the mailbox (`*` during the greeting when the policy allows it). */
  depositorLogon?(call: Call, user: StoredUser): Promise<void>;
  now?(): Date;
}

export type CallAnsweringOutcome =
  | { kind: 'message'; message: StoredMessage }
  | { kind: 'missed'; why: 'hangup-before-beep' | 'too-short' | 'mailbox-full' | 'no-message' }
  | { kind: 'transferred'; to: 'operator' | 'fax' }
  | { kind: 'fax-ended' }
  | { kind: 'logon' }
  | { kind: 'failed'; error: string };

/** Recording shorter than this much voice is "no voice": a hang-up in silence or line noise. */
const MIN_VOICED_MS = 250;
/** How often the after-recording menu is offered before the message is sent as it is. */
const MENU_ATTEMPTS = 2;
/** Attempts at recording when the caller pressed # without saying anything. */
const RECORD_ATTEMPTS = 2;

class Hangup extends Error {}

function callEnded(call: Call, err: unknown): boolean {
  return call.signal.aborted || (err instanceof Error && 'code' in err && (err as { code: string }).code === 'CALL_ENDED');
}

export async function answerCall(call: Call, target: CallAnsweringTarget, caller: Caller, deps: CallAnsweringDeps): Promise<CallAnsweringOutcome> {
  const flow = new CallAnsweringFlow(call, target, caller, deps);
  return flow.run();
}

class CallAnsweringFlow {
  readonly #call: Call;
  readonly #target: CallAnsweringTarget;
  readonly #caller: Caller;
  readonly #deps: CallAnsweringDeps;
  readonly #log: CallAnsweringLogger;
  #startedAt: Date;
  #urgent = false;
  #private = false;
  /** Where the caller is: a hang-up in the greeting and one after a silent recording are both missed calls. */
  #phase: 'greeting' | 'recording' = 'greeting';

  constructor(call: Call, target: CallAnsweringTarget, caller: Caller, deps: CallAnsweringDeps) {
    this.#call = call;
    this.#target = target;
    this.#caller = caller;
    this.#deps = deps;
    this.#log = deps.logger;
    this.#startedAt = this.#now();
  }

  #now(): Date {
    return this.#deps.now?.() ?? new Date();
  }

  #ctx(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { callId: this.#call.id, mailbox: this.#target.user.extension, ...extra };
  }

  async run(): Promise<CallAnsweringOutcome> {
    const { user, policy } = this.#target;
    await this.#call.answer();
    this.#startedAt = this.#now();
    this.#log.info(this.#ctx({ reason: this.#target.reason }), 'call answering');
    try {
      const recordedName = await this.#deps.store.getGreeting(user.extension, 'name');
      const name = nameItems(user.name, recordedName);
      const counts = await this.#deps.store.countMessages(user.extension);
      if (counts.new + counts.saved >= policy.quotaMessages) return await this.#mailboxFull(name);

      const greeting = await this.#greeting(name);
      if (greeting !== 'record') return greeting;
      return await this.#recordAndSend();
    } catch (err) {
      if (err instanceof Hangup || callEnded(this.#call, err)) return this.#missed(this.#phase === 'greeting' ? 'hangup-before-beep' : 'no-message');
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Greeting
  // -------------------------------------------------------------------------------------------

  async #greetingItems(name: PlayItem[]): Promise<PlayItem[]> {
    const { user, reason } = this.#target;
    const store = this.#deps.store;
    // The away greeting is switched on and off while the node runs (voice access, the API, the
    // CLI): the user as stored now, not as the directory stood when the node started.
    const current = (await store.getUser(user.extension)) ?? user;
    if (current.awayGreetingEnabled) {
      const away = await store.getGreeting(user.extension, 'away');
      if (away) return [{ recording: away }];
    }
    if (reason === 'busy') {
      const busy = await store.getGreeting(user.extension, 'busy');
      if (busy) return [{ recording: busy }];
    }
    const normal = await store.getGreeting(user.extension, 'normal');
    if (normal) return [{ recording: normal }];
    return systemGreeting(name, reason === 'busy');
  }

  /** Plays the greeting; 'record' when the caller should hear the beep next. */
  async #greeting(name: PlayItem[]): Promise<'record' | CallAnsweringOutcome> {
    const faxHeard = new AbortController();
    const stopFax = this.#call.onFaxTone(() => faxHeard.abort());
    try {
      let items = await this.#greetingItems(name);
      for (;;) {
        const { interruptedBy } = await this.#call.play(items, { signal: faxHeard.signal });
        if (faxHeard.signal.aborted) return await this.#fax();
        if (interruptedBy === null) return 'record';
        this.#call.digits.shift();
        if (interruptedBy === '0' && this.#target.dialPlan.operatorExtension) {
          const outcome = await this.#operator();
          if (outcome) return outcome;
          items = prompts.operatorUnavailable();
          continue;
        }
        if (interruptedBy === '*' && this.#target.policy.allowDepositorLogin && this.#deps.depositorLogon) {
          this.#log.info(this.#ctx(), 'depositor logon');
          await this.#deps.depositorLogon(this.#call, this.#target.user);
          return { kind: 'logon' };
        }
        // '#' (and any other key): skip the greeting, straight to the beep.
        return 'record';
      }
    } finally {
      stopFax();
    }
  }

  async #operator(): Promise<CallAnsweringOutcome | null> {
    const ext = this.#target.dialPlan.operatorExtension;
    if (!ext || !this.#deps.transferTarget) return null;
    const uri = this.#deps.transferTarget(ext, this.#target.dialPlan);
    this.#log.info(this.#ctx({ to: 'operator' }), 'transfer');
    return (await this.#call.transfer(uri)) ? { kind: 'transferred', to: 'operator' } : null;
  }

  async #fax(): Promise<CallAnsweringOutcome> {
    const partner = this.#target.dialPlan.faxPartnerUri;
    this.#log.info(this.#ctx({ faxPartner: partner !== undefined }), 'fax tone heard during the greeting');
    if (partner && (await this.#call.transfer(partner))) return { kind: 'transferred', to: 'fax' };
    await this.#call.hangup();
    return { kind: 'fax-ended' };
  }

  // -------------------------------------------------------------------------------------------
  // Recording and the menu after it
  // -------------------------------------------------------------------------------------------

  async #record(): Promise<RecordResult> {
    const { policy } = this.#target;
    return this.#call.record({
      dir: this.#deps.recordingsDir,
      maxSeconds: policy.maxMessageSeconds,
      silenceSeconds: policy.silenceTimeoutSeconds,
      terminators: '#',
    });
  }

  #isMessage(r: RecordResult): boolean {
    return r.durationMs >= this.#target.policy.minMessageSeconds * 1000 && r.voicedMs >= MIN_VOICED_MS;
  }

  async #recordAndSend(): Promise<CallAnsweringOutcome> {
    this.#phase = 'recording';
    for (let attempt = 1; ; attempt++) {
      this.#startedAt = this.#now();
      const recording = await this.#record();
      this.#log.info(this.#ctx({ durationMs: recording.durationMs, voicedMs: recording.voicedMs, endedBy: recording.endedBy }), 'recorded');
      if (!this.#isMessage(recording)) {
        await discard(recording.path);
        if (recording.endedBy === 'hangup' || this.#call.signal.aborted) return this.#missed(recording.voicedMs < MIN_VOICED_MS ? 'no-message' : 'too-short');
        if (attempt >= RECORD_ATTEMPTS) {
          await this.#sayAndHangUp([...prompts.noMessageHeard(), { text: 'Goodbye.' }]);
          return this.#missed('no-message');
        }
        await this.#playIgnoringHangup(prompts.noMessageHeard());
        continue;
      }
      if (recording.endedBy === 'hangup' || this.#call.signal.aborted) return this.#deposit(recording);
      const next = await this.#menu(recording);
      if (next === 'rerecord') {
        await discard(recording.path);
        continue;
      }
      return this.#deposit(recording, true);
    }
  }

  /** The after-recording menu. Resolves 'send' (also on timeout or hangup) or 'rerecord'. */
  async #menu(recording: RecordResult): Promise<'send' | 'rerecord'> {
    try {
      if (recording.endedBy === 'max') await this.#call.play(prompts.maxLength(), { bargeIn: false });
      for (let attempt = 0; attempt < MENU_ATTEMPTS; ) {
        await this.#call.play(prompts.afterRecording(this.#urgent, this.#private));
        const key: CollectResult = await this.#call.collectDigits({ max: 1, terminators: '#', firstTimeoutMs: 5000 });
        if (key.terminator === '#') return 'send';
        if (key.reason === 'timeout') {
          attempt++;
          continue;
        }
        switch (key.digits) {
          case '1':
            // A key pressed while it plays stops it and counts as the menu choice (# sends).
            await this.#call.play([{ recording: recording.path }]);
            break;
          case '2':
            return 'rerecord';
          case '3':
            this.#urgent = !this.#urgent;
            await this.#call.play(prompts.markedUrgent(this.#urgent), { bargeIn: false });
            break;
          case '4':
            this.#private = !this.#private;
            await this.#call.play(prompts.markedPrivate(this.#private), { bargeIn: false });
            break;
          default:
            await this.#call.play(prompts.invalidKey(), { bargeIn: false });
        }
      }
      return 'send';
    } catch (err) {
      // Hanging up in the menu sends the message, as it would have been sent without the menu.
      if (callEnded(this.#call, err)) return 'send';
      throw err;
    }
  }

  async #deposit(recording: RecordResult, tellCaller = false): Promise<CallAnsweringOutcome> {
    const { user, policy, reason } = this.#target;
    let message: StoredMessage;
    try {
      message = await this.#deps.store.deposit(
        {
          mailbox: user.extension,
          callerNumber: this.#caller.callerNumber,
          callerName: this.#caller.callerName,
          reason,
          receivedAt: this.#startedAt,
          durationMs: recording.durationMs,
          urgent: this.#urgent,
          private: this.#private,
          callId: this.#call.id,
          recordingPath: recording.path,
        },
        this.#deps.messageOutbox(user),
        { quota: policy.quotaMessages },
      );
    } catch (err) {
      const full = err instanceof StoreError && err.code === 'STORE_MAILBOX_FULL';
      this.#log.warn(this.#ctx({ err: err instanceof Error ? err.message : String(err) }), full ? 'mailbox full at deposit' : 'deposit failed');
      // The recording stays on disk where it is: an administrator can recover it; it is not lost.
      if (tellCaller) await this.#sayAndHangUp(full ? prompts.mailboxFull(nameItems(user.name, null)) : prompts.notSaved());
      // Filled up by another message during the recording: the user still learns of the call.
      if (full) return this.#missed('mailbox-full');
      return { kind: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
    this.#log.info(this.#ctx({ messageId: message.id, durationMs: message.durationMs, urgent: message.urgent, private: message.private }), 'message saved');
    this.#deps.committed?.();
    if (tellCaller) await this.#sayAndHangUp(prompts.sent());
    return { kind: 'message', message };
  }

  async #mailboxFull(name: PlayItem[]): Promise<CallAnsweringOutcome> {
    this.#log.info(this.#ctx(), 'mailbox full');
    await this.#sayAndHangUp(prompts.mailboxFull(name));
    return this.#missed('mailbox-full');
  }

  async #missed(why: 'hangup-before-beep' | 'too-short' | 'mailbox-full' | 'no-message'): Promise<CallAnsweringOutcome> {
    const { user, policy, reason } = this.#target;
    try {
      const missed = await this.#deps.store.recordMissedCall(
        { mailbox: user.extension, callerNumber: this.#caller.callerNumber, callerName: this.#caller.callerName, reason, at: this.#startedAt, callId: this.#call.id },
        this.#deps.missedCallOutbox(user, policy),
      );
      this.#log.info(this.#ctx({ missedCallId: missed.id, why }), 'missed call');
      this.#deps.committed?.();
    } catch (err) {
      this.#log.warn(this.#ctx({ err: err instanceof Error ? err.message : String(err) }), 'missed call not recorded');
    }
    return { kind: 'missed', why };
  }

  async #playIgnoringHangup(items: PlayItem[]): Promise<void> {
    try {
      await this.#call.play(items, { bargeIn: false });
    } catch (err) {
      if (!callEnded(this.#call, err)) throw err;
      throw new Hangup();
    }
  }

  /** Says goodbye-type prompts and hangs up; a caller who already hung up is fine. */
  async #sayAndHangUp(items: PlayItem[]): Promise<void> {
    try {
      await this.#call.play(items, { bargeIn: false });
      await this.#call.hangup();
    } catch (err) {
      if (!callEnded(this.#call, err)) throw err;
    }
  }
}

async function discard(path: string): Promise<void> {
  await rm(path, { force: true });
}
