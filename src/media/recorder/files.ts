/**
 * The file steps of a recording: a temporary file created exclusively under a generated name, and
 * the commit that makes it durable under its final generated name (fsync file, rename, fsync the
 * folder, so a crash leaves either no message or the whole message). No name comes from outside.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export const TEMP_SUFFIX = '.tmp';
export const FINAL_SUFFIX = '.wav';

export interface TempFile {
  id: string;
  fh: FileHandle;
  tempPath: string;
  finalPath: string;
}

/** Creates `<uuid>.tmp` in `dir` with O_CREAT|O_EXCL (never reuses or follows an existing name). */
export async function createTempFile(dir: string): Promise<TempFile> {
  const id = randomUUID();
  const tempPath = join(dir, `${id}${TEMP_SUFFIX}`);
  // 'wx' = O_WRONLY|O_CREAT|O_EXCL; 0o600: a voice message is for its mailbox owner only.
  const fh = await open(tempPath, 'wx', 0o600);
  return { id, fh, tempPath, finalPath: join(dir, `${id}${FINAL_SUFFIX}`) };
}

/** fsyncs a folder so a rename inside it survives a crash (POSIX: the entry lives in the folder). */
export async function syncDirectory(dir: string): Promise<void> {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/** Moves the synced temporary file to its final name and makes the rename durable. */
export async function commitFile(tempPath: string, finalPath: string, dir: string): Promise<void> {
  await rename(tempPath, finalPath);
  await syncDirectory(dir);
}

/** Removes a file, ignoring "already gone". */
export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}
