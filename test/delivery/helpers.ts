// Shared fixtures of the delivery tests: WAV files, stored messages, a logger that records lines,
// a wall clock moved by hand, and the real SQLite store in a temp folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '../../src/media/wav/index.js';
import { SqliteMailboxStore, type StoredMessage, type UserSpec } from '../../src/store/index.js';

/** A mono 16-bit WAV of a 440 Hz tone with a little noise (so every file differs), written to path. */
export function writeToneWav(path: string, seconds: number, sampleRate = 8000): Buffer {
  const samples = new Int16Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i++) {
    samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate) + (Math.random() - 0.5) * 200);
  }
  const bytes = encodeWav(samples, sampleRate);
  writeFileSync(path, bytes);
  return bytes;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `openum-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function storedMessage(overrides: Partial<StoredMessage> & Pick<StoredMessage, 'audioPath'>): StoredMessage {
  return {
    id: '0b6f3a8e-6f1e-4c61-9d0c-2a8f5e4d1c10',
    mailbox: '1001',
    callerNumber: '+15551234567',
    callerName: 'Bob Sample',
    reason: 'no-answer',
    receivedAt: new Date('2026-11-25T14:32:10Z'),
    durationMs: 32_400,
    urgent: false,
    private: false,
    state: 'new',
    transcript: null,
    callId: 'abc@gw',
    ...overrides,
  };
}

export interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

/** A DeliveryLogger that keeps every line. */
export function recordingLogger(): { lines: LogLine[]; debug: Fn; info: Fn; warn: Fn; error: Fn } {
  const lines: LogLine[] = [];
  const at = (level: string): Fn => (obj, msg) => {
    lines.push({ level, obj, msg });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
type Fn = (obj: Record<string, unknown>, msg?: string) => void;

/** Wall-clock time that moves only when told to. */
export class ManualWallClock {
  #ms: number;
  constructor(start = Date.parse('2026-11-25T12:00:00Z')) {
    this.#ms = start;
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

export const alice: UserSpec = { extension: '1001', name: 'Alice Example', email: 'alice@example.test', dialPlan: 'HQ', mailboxPolicy: 'Default' };
export const noMail: UserSpec = { extension: '1002', name: 'Nomail User', dialPlan: 'HQ', mailboxPolicy: 'Default' };

/** The real SQLite store in a fresh temp folder, migrated, with users 1001 (alice) and 1002 (no email). */
export async function openTestStore(clock?: { now(): Date }, users: UserSpec[] = [alice, noMail]): Promise<{ store: SqliteMailboxStore; dir: string; close(): Promise<void> }> {
  const dir = tempDir('delivery-store');
  const store = SqliteMailboxStore.open({ dataDir: join(dir.path, 'data'), ...(clock !== undefined ? { clock } : {}) });
  await store.migrate();
  await store.syncDirectory(
    {
      dialPlans: [],
      gateways: [],
      huntGroups: [],
      mailboxPolicies: [],
      autoAttendants: [],
      users,
    },
    'config',
  );
  return {
    store,
    dir: dir.path,
    async close() {
      await store.close();
      dir.remove();
    },
  };
}

/** Deposits a message with a fresh tone WAV; returns the message and the WAV bytes. */
export async function depositTone(
  store: SqliteMailboxStore,
  dir: string,
  options: { mailbox?: string; callerName?: string | null; seconds?: number; kinds?: ('email' | 'imap' | 'mwi')[]; receivedAt?: Date } = {},
): Promise<{ message: StoredMessage; wav: Buffer }> {
  const path = join(dir, `rec-${Math.random().toString(36).slice(2)}.wav`);
  const wav = writeToneWav(path, options.seconds ?? 0.5);
  const mailbox = options.mailbox ?? '1001';
  const message = await store.deposit(
    {
      mailbox,
      callerNumber: '+15551234567',
      callerName: options.callerName === undefined ? 'Bob Sample' : options.callerName,
      reason: 'no-answer',
      receivedAt: options.receivedAt ?? new Date('2026-11-25T14:32:10Z'),
      durationMs: Math.round((options.seconds ?? 0.5) * 1000),
      urgent: false,
      private: false,
      callId: null,
      recordingPath: path,
    },
    (options.kinds ?? ['email']).map((kind) => ({ kind, mailbox, subjectId: null })),
  );
  return { message, wav };
}
