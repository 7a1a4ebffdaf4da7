/** Shared set-up for the store tests: a temporary data folder, recordings to deposit, a hand-moved clock. */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteMailboxStore, type NewMessage, type StoreClock } from '../../src/store/index.js';

export class TestClock implements StoreClock {
  #ms: number;
  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.#ms = start;
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

export interface TestDirs {
  /** The store's data folder (created by the store). */
  dataDir: string;
  /** Where "finished recordings" wait before deposit (same file system as dataDir). */
  spool: string;
  remove(): void;
}

export function makeDirs(prefix = 'openum-store-'): TestDirs {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const spool = join(root, 'spool');
  mkdirSync(spool);
  return { dataDir: join(root, 'data'), spool, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes a small stand-in WAV into the spool (the store never parses audio). */
export function makeRecording(dirs: TestDirs, bytes: Buffer = Buffer.from(`RIFF${randomUUID()}WAVE`)): { path: string; bytes: Buffer } {
  const path = join(dirs.spool, `${randomUUID()}.wav`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

export function newMessage(mailbox: string, recordingPath: string, overrides: Partial<NewMessage> = {}): NewMessage {
  return {
    mailbox,
    callerNumber: '+4930123456',
    callerName: 'Ada Lovelace',
    reason: 'no-answer',
    receivedAt: new Date(Date.UTC(2025, 0, 6, 9, 0, 0)),
    durationMs: 12_340,
    urgent: false,
    private: false,
    callId: 'a84b4c76e66710@pc33.example.com',
    recordingPath,
    ...overrides,
  };
}

/** Every file under `dir`, relative and sorted ([] when the folder does not exist). */
export function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names.filter((n) => statSync(join(dir, n)).isFile()).sort();
}

export function openTestStore(dirs: TestDirs, clock: StoreClock = new TestClock()): SqliteMailboxStore {
  return SqliteMailboxStore.open({ dataDir: dirs.dataDir, clock });
}
