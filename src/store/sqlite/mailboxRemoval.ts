/**
 * removeUser's transaction: the user's row and every row of its mailbox (messages of any state,
 * missed calls, greetings, outbox entries) go together, or nothing does. The audio files are not
 * touched here: the caller removes them after the commit, so a rolled-back removal never leaves a
 * message without its audio.
 */
import { StoreError } from '../errors.js';
import type { RemovedUser } from '../types.js';
import type { DirectoryTables } from './directoryTables.js';
import type { GreetingTable } from './greetingTable.js';
import type { MessageTable } from './messageTable.js';
import type { MissedCallTable } from './missedCallTable.js';
import type { OutboxTable } from './outboxTable.js';

export interface MailboxTables {
  directory: DirectoryTables;
  messages: MessageTable;
  missedCalls: MissedCallTable;
  greetings: GreetingTable;
  outbox: OutboxTable;
}

export interface MailboxRemoval {
  removed: RemovedUser;
  /** Relative audio paths (messages and greetings) to remove once committed. */
  files: string[];
}

/** Call inside a write transaction. */
export function removeMailboxRows(tables: MailboxTables, extension: string, force: boolean): MailboxRemoval {
  const user = tables.directory.removable(extension);
  const ext = user.extension;
  const kept = tables.messages.countKept(ext);
  if (kept > 0 && !force) {
    throw new StoreError('STORE_MAILBOX_NOT_EMPTY', `mailbox ${ext} still holds ${kept} message${kept === 1 ? '' : 's'} (new or saved)`);
  }
  const messageFiles = tables.messages.removeMailbox(ext);
  const greetingFiles = tables.greetings.removeMailbox(ext);
  const missedCalls = tables.missedCalls.removeMailbox(ext);
  const outboxEntries = tables.outbox.removeMailbox(ext);
  tables.directory.deleteUser(ext);
  return {
    removed: { extension: ext, messages: messageFiles.length, missedCalls, greetings: greetingFiles.length, outboxEntries },
    files: [...messageFiles, ...greetingFiles],
  };
}
