/**
 * The MailboxStore: everything OpenUM keeps between calls. The embedded default is SQLite under the
 * data folder (sqlite/); PostgreSQL (a later issue) implements the same interface, which is why every
 * method returns a Promise even though better-sqlite3 is synchronous.
 *
 * Rules every implementation keeps:
 * - Audio lives under the data folder with generated names only (UUIDs); nothing from the network
 *   ever becomes a path. Callers hand over a finished temp file the store *moves* into place.
 * - A deposit (message row + its outbox entries) is one transaction, committed before the caller is
 *   told "your message was saved". Outbox entries are never deleted by a failure: they are retried
 *   with backoff, or marked failed and kept visible.
 * - Directory entries loaded from the YAML file are synced in (source 'config'); entries an
 *   administrator added by CLI/API (source 'admin') survive a restart.
 */
import type {
  AutoAttendantConfig,
  DialPlanConfig,
  GatewayConfig,
  HuntGroupConfig,
  MailboxPolicyConfig,
} from '../config/index.js';

// ---------------------------------------------------------------------------------------------
// Directory
// ---------------------------------------------------------------------------------------------

export type EntrySource = 'config' | 'admin';

/** A user (mailbox) as configured, plus the state that changes at run time. Never holds a clear PIN. */
export interface StoredUser {
  extension: string;
  name: string;
  email: string | null;
  dialPlan: string;
  mailboxPolicy: string;
  source: EntrySource;
  /** scrypt hash (`scrypt$N$r$p$salt$hash`, base64 parts) or null when no PIN was ever set. */
  pinHash: string | null;
  /** When the current PIN was set (PIN lifetime). */
  pinSetAt: Date | null;
  /** Hashes of previous PINs, newest first (pinHistoryCount). */
  pinHistory: string[];
  /** The PIN must be changed at next logon (first PIN set by an administrator, or expired). */
  pinMustChange: boolean;
  /** Consecutive failed logons; reset by a good one. */
  failedLogons: number;
  locked: boolean;
  awayGreetingEnabled: boolean;
  enabled: boolean;
}

/** A user as the YAML file or an administrator gives it: the PIN, when present, already hashed. */
export interface UserSpec {
  extension: string;
  name: string;
  email?: string | undefined;
  dialPlan: string;
  mailboxPolicy: string;
  /** Hash of the configured PIN. Sync applies it only when the user has no PIN yet or the configured one changed. */
  pinHash?: string | undefined;
}

/** The directory objects as the configuration file shapes them. */
export interface DirectorySnapshot {
  dialPlans: DialPlanConfig[];
  gateways: GatewayConfig[];
  huntGroups: HuntGroupConfig[];
  mailboxPolicies: MailboxPolicyConfig[];
  autoAttendants: AutoAttendantConfig[];
  users: StoredUser[];
}

export interface DirectorySpec {
  dialPlans: DialPlanConfig[];
  gateways: GatewayConfig[];
  huntGroups: HuntGroupConfig[];
  mailboxPolicies: MailboxPolicyConfig[];
  autoAttendants: AutoAttendantConfig[];
  users: UserSpec[];
}

export interface SyncReport {
  added: number;
  updated: number;
  removed: number;
}

/** The directory fields of a user an administrator may change (setUser); email null removes the address. */
export interface UserFieldsPatch {
  name?: string;
  email?: string | null;
  dialPlan?: string;
  mailboxPolicy?: string;
  enabled?: boolean;
}

/** What removeUser deleted with the user: rows of each kind (their audio files go after the commit). */
export interface RemovedUser {
  extension: string;
  /** Messages of every state, deleted ones included. */
  messages: number;
  missedCalls: number;
  greetings: number;
  outboxEntries: number;
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

export type MessageState = 'new' | 'saved' | 'deleted';

/** Why the call reached call answering (Diversion reason / History-Info cause). */
export type DivertReason = 'no-answer' | 'busy' | 'unconditional' | 'deflection' | 'unavailable' | 'unknown';

export interface StoredMessage {
  /** UUID, also the stem of the stable email Message-ID. */
  id: string;
  mailbox: string;
  callerNumber: string | null;
  callerName: string | null;
  reason: DivertReason;
  receivedAt: Date;
  durationMs: number;
  /** Absolute path of the WAV under the data folder (generated name). */
  audioPath: string;
  urgent: boolean;
  private: boolean;
  state: MessageState;
  transcript: string | null;
  /** SIP Call-ID of the call that left it (for logs and support). */
  callId: string | null;
}

export interface NewMessage {
  mailbox: string;
  callerNumber: string | null;
  callerName: string | null;
  reason: DivertReason;
  receivedAt: Date;
  durationMs: number;
  urgent: boolean;
  private: boolean;
  callId: string | null;
  /** A finished WAV (temp file on the same file system as the data folder); moved into place. */
  recordingPath: string;
}

export interface MessagePatch {
  state?: MessageState;
  urgent?: boolean;
  private?: boolean;
  transcript?: string | null;
}

export interface MessageCounts {
  new: number;
  saved: number;
  urgentNew: number;
}

export interface MissedCall {
  id: string;
  mailbox: string;
  callerNumber: string | null;
  callerName: string | null;
  reason: DivertReason;
  at: Date;
  callId: string | null;
}

export type NewMissedCall = Omit<MissedCall, 'id'>;

// ---------------------------------------------------------------------------------------------
// Greetings and recorded names
// ---------------------------------------------------------------------------------------------

/** normal: the voice mail greeting; away: extended absence; busy: used when the divert reason is busy; name: the recorded name. */
export type GreetingKind = 'normal' | 'away' | 'busy' | 'name';

// ---------------------------------------------------------------------------------------------
// Outbox
// ---------------------------------------------------------------------------------------------

/**
 * email: the voice mail email for a message; missed-call: the missed-call email; imap: IMAP APPEND
 * of the voice mail; mwi: tell the user's gateway (and subscribers) the current counts.
 */
export type OutboxKind = 'email' | 'missed-call' | 'imap' | 'mwi' | 'webhook';
export type OutboxState = 'pending' | 'delivered' | 'failed';

export interface NewOutboxEntry {
  kind: OutboxKind;
  mailbox: string;
  /** The message or missed call this entry is about (null for mwi). */
  subjectId: string | null;
  /** Kind-specific details, JSON-serializable. */
  payload?: Record<string, unknown>;
}

export interface OutboxEntry {
  id: string;
  kind: OutboxKind;
  mailbox: string;
  subjectId: string | null;
  payload: Record<string, unknown>;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface OutboxFilter {
  states?: OutboxState[];
  kinds?: OutboxKind[];
  mailbox?: string;
  limit?: number;
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

export interface MailboxStore {
  /** Creates or upgrades the schema (idempotent); call once before anything else. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  // Directory
  //
  // Every write that changes the directory (a sync that changed something, addUser, setUser,
  // removeUser, updateUser of name, email or enabled) bumps directoryVersion in its transaction,
  // so another process (a running node, after `openum user add`) can tell that it must reload.
  syncDirectory(spec: DirectorySpec, source: EntrySource): Promise<SyncReport>;
  loadDirectory(): Promise<DirectorySnapshot>;
  getUser(extension: string): Promise<StoredUser | null>;
  updateUser(extension: string, patch: Partial<Pick<StoredUser, 'pinHash' | 'pinSetAt' | 'pinHistory' | 'pinMustChange' | 'failedLogons' | 'locked' | 'awayGreetingEnabled' | 'enabled' | 'email' | 'name'>>): Promise<void>;
  /**
   * Adds a user an administrator created (CLI, API), enabled and unlocked; a `pinHash` is a first
   * PIN, to be changed at first logon. Callers validate it against the directory first (config's
   * checkUser); the store still refuses STORE_DUPLICATE (extension taken, in any dial plan),
   * STORE_BAD_MAILBOX (not digits) and STORE_BAD_INPUT (dial plan or mailbox policy not in the
   * directory, empty name).
   */
  addUser(spec: UserSpec, source: 'admin'): Promise<StoredUser>;
  /**
   * Changes a user's directory fields and returns the user. A user from the configuration file
   * keeps name, email, dial plan and policy as the file says (STORE_CONFIG_ENTRY: change it
   * there); enabling or disabling it is allowed (a sync never touches `enabled`).
   * STORE_MAILBOX_NOT_FOUND for an unknown extension.
   */
  setUser(extension: string, patch: UserFieldsPatch): Promise<StoredUser>;
  /**
   * Removes an administrator's user with everything of its mailbox (messages, missed calls,
   * greetings, outbox entries); the audio files are removed after the commit. Refuses a user from
   * the configuration file (STORE_CONFIG_ENTRY) and, unless `force`, a mailbox that still holds new
   * or saved messages (STORE_MAILBOX_NOT_EMPTY). STORE_MAILBOX_NOT_FOUND for an unknown extension.
   */
  removeUser(extension: string, options?: { force?: boolean }): Promise<RemovedUser>;
  /** A counter bumped by every directory write (see above); compare it, do not interpret it. */
  directoryVersion(): Promise<number>;

  // Messages
  /**
   * Moves the recording into place and commits the message row and `outbox` entries (their
   * subjectId null means "this message") in one transaction. Resolves only after the commit: a
   * resolved deposit is durable. Rejects with MAILBOX_FULL (StoreError) when the mailbox already
   * holds `quota` non-deleted messages.
   */
  deposit(message: NewMessage, outbox: NewOutboxEntry[], options?: { quota?: number }): Promise<StoredMessage>;
  getMessage(id: string): Promise<StoredMessage | null>;
  /** Newest first; by default every state but deleted. */
  listMessages(mailbox: string, options?: { states?: MessageState[]; limit?: number }): Promise<StoredMessage[]>;
  /** Applies the patch and enqueues `outbox` in one transaction (e.g. an mwi entry when state changes). */
  updateMessage(id: string, patch: MessagePatch, outbox?: NewOutboxEntry[]): Promise<StoredMessage | null>;
  countMessages(mailbox: string): Promise<MessageCounts>;

  recordMissedCall(call: NewMissedCall, outbox: NewOutboxEntry[]): Promise<MissedCall>;
  getMissedCall(id: string): Promise<MissedCall | null>;
  listMissedCalls(mailbox: string, options?: { limit?: number }): Promise<MissedCall[]>;

  // Greetings
  /** Moves the WAV into place, replacing (and removing the file of) the previous one. */
  setGreeting(mailbox: string, kind: GreetingKind, recordingPath: string): Promise<string>;
  /** Absolute path of the greeting's WAV, or null. */
  getGreeting(mailbox: string, kind: GreetingKind): Promise<string | null>;
  deleteGreeting(mailbox: string, kind: GreetingKind): Promise<void>;

  // Outbox
  enqueue(entries: NewOutboxEntry[]): Promise<OutboxEntry[]>;
  /**
   * Claims up to `limit` pending entries whose nextAttemptAt ≤ now, leasing each for `leaseMs`
   * (its nextAttemptAt moves to now + leaseMs, so a crashed worker's claim comes back).
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  /**
   * Puts back every entry a worker claimed and did not finish, due at `now`, and says how many.
   * For a node starting up that is the only worker on this store (SQLite: one process owns it):
   * its crashed predecessor's claims need not wait for their lease to run out.
   */
  releaseClaims(now: Date): Promise<number>;
  markDelivered(id: string, at: Date): Promise<void>;
  /** A temporary failure: attempts + 1, retry at `nextAttemptAt`. */
  markRetry(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  /** A permanent failure: state failed, kept and visible. */
  markFailed(id: string, error: string): Promise<void>;
  /** Puts a failed entry back to pending, due now (administrator retry). */
  retryFailed(id: string, now: Date): Promise<boolean>;
  listOutbox(filter?: OutboxFilter): Promise<OutboxEntry[]>;
  getOutboxEntry(id: string): Promise<OutboxEntry | null>;
}
