/**
 * The audio files of the store under the data folder, with generated names only:
 *
 *   <dataDir>/messages/<sha256(mailbox), 32 hex>/<uuid>.wav
 *   <dataDir>/greetings/<uuid>.wav
 *
 * The database keeps the path relative to the data folder (the folder can move). A recording is
 * *moved* in: fsync the file, rename it, fsync the folder that gained it, so a crash after the move
 * leaves the whole file or none (POSIX: a name lives in its folder). No name comes from outside:
 * the mailbox is checked to be digits and then only hashed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { lstat, mkdir, open, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StoreError } from './errors.js';
import { checkMailbox } from './validate.js';

export const MESSAGES_DIR = 'messages';
export const GREETINGS_DIR = 'greetings';

/** Exactly the relative paths this module generates; anything else read from a row is refused. */
const GENERATED = /^(?:messages\/[0-9a-f]{32}|greetings)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.wav$/;

/** fsyncs a folder so the names created or removed in it survive a crash. */
export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function fileError(action: string, err: unknown): StoreError {
  const code = (err as { code?: unknown }).code;
  return new StoreError('STORE_FILE_FAILED', `${action} failed${typeof code === 'string' ? ` (${code})` : ''}`, { cause: err });
}

export class AudioFiles {
  readonly dataDir: string;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  /** Creates the data folder and its audio folders (idempotent) and makes their names durable. */
  prepareSync(): void {
    mkdirSync(this.dataDir, { recursive: true });
    for (const sub of [MESSAGES_DIR, GREETINGS_DIR]) mkdirSync(join(this.dataDir, sub), { recursive: true, mode: 0o700 });
    const fd = openSync(this.dataDir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** The folder of one mailbox's messages, named by a hash of the (digits-only) extension. */
  static mailboxFolder(mailbox: string): string {
    const ext = checkMailbox(mailbox);
    return createHash('sha256').update(`openum mailbox\0${ext}`).digest('hex').slice(0, 32);
  }

  static newMessagePath(mailbox: string, id: string = randomUUID()): string {
    return `${MESSAGES_DIR}/${AudioFiles.mailboxFolder(mailbox)}/${id}.wav`;
  }

  static newGreetingPath(): string {
    return `${GREETINGS_DIR}/${randomUUID()}.wav`;
  }

  /** The absolute path of a stored relative path (one this module generated). */
  absolute(relative: string): string {
    if (!GENERATED.test(relative)) {
      throw new StoreError('STORE_FILE_FAILED', 'the database holds an audio path OpenUM did not generate');
    }
    return join(this.dataDir, ...relative.split('/'));
  }

  /**
   * Moves the finished recording at `source` to `relative` under the data folder, durably. On
   * failure the recording is still at `source` (or was never there) and STORE_FILE_FAILED is thrown.
   */
  async moveIn(source: string, relative: string): Promise<void> {
    const target = this.absolute(relative);
    const folder = dirname(target);
    let info;
    try {
      info = await lstat(source);
    } catch (err) {
      throw fileError('reading the recording', err);
    }
    if (!info.isFile()) throw new StoreError('STORE_FILE_FAILED', 'the recording is not a regular file');
    try {
      const handle = await open(source, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      const created = await mkdir(folder, { recursive: true, mode: 0o700 });
      if (created !== undefined) await syncFolder(dirname(folder));
    } catch (err) {
      throw fileError('preparing the recording', err);
    }
    try {
      await rename(source, target);
    } catch (err) {
      throw fileError(
        (err as { code?: unknown }).code === 'EXDEV' ? 'moving the recording (it must be on the file system of the data folder)' : 'moving the recording',
        err,
      );
    }
    try {
      await syncFolder(folder);
    } catch (err) {
      await this.moveBack(relative, source);
      throw fileError('syncing the audio folder', err);
    }
  }

  /**
   * Undoes moveIn after a failed commit: the file goes back to `source`, or is deleted when that
   * fails, so the data folder never keeps audio without a row. Never throws.
   */
  async moveBack(relative: string, source: string): Promise<'returned' | 'deleted' | 'lost'> {
    const target = this.absolute(relative);
    try {
      await rename(target, source);
      return 'returned';
    } catch {
      try {
        await rm(target, { force: true });
        return 'deleted';
      } catch {
        return 'lost';
      }
    }
  }

  /** Removes a mailbox's message folder once it is empty (a removed user); false when it could not be. Never throws. */
  async removeMailboxFolder(mailbox: string): Promise<boolean> {
    const folder = join(this.dataDir, MESSAGES_DIR, AudioFiles.mailboxFolder(mailbox));
    try {
      await rmdir(folder);
      return true;
    } catch (err) {
      return (err as { code?: unknown }).code === 'ENOENT';
    }
  }

  /** Removes a stored file (a replaced greeting); "already gone" is fine. */
  async remove(relative: string): Promise<void> {
    try {
      await rm(this.absolute(relative), { force: true });
    } catch (err) {
      throw fileError('removing an old audio file', err);
    }
  }
}
