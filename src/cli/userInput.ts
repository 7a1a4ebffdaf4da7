/**
 * A user typed on the command line, checked against the directory in the store exactly as the
 * configuration file's users are checked (config's checkUser: userSchema, then crossCheck's rules),
 * and the store's refusals turned into one line and an exit code.
 */
import { checkUser, type DirectoryConfig, type PathIssue, type UserConfig } from '../config/index.js';
import { StoreError, type DirectorySnapshot, type StoreErrorCode, type StoredUser } from '../store/index.js';
import { exitCodes, type CliContext } from './context.js';

/** The user's fields as `user add` / `user set` take them. */
export interface UserCandidate {
  extension: string;
  name: string;
  email?: string | undefined;
  dialPlan: string;
  mailboxPolicy: string;
}

/** Which command-line argument each key of a user comes from, to name it in a message. */
const argumentOf: Record<string, string> = {
  extension: '', // its messages name the extension already
  name: '--name',
  email: '--email',
  dialPlan: '--dial-plan',
  mailboxPolicy: '--policy',
};

function describe(issues: readonly PathIssue[]): string {
  return issues
    .map((issue) => {
      const key = issue.path[0];
      const label = typeof key === 'string' ? (argumentOf[key] ?? key) : '';
      return label === '' ? issue.message : `${label}: ${issue.message}`;
    })
    .join('; ');
}

/** The directory as the configuration's checks read it, without `except` (the user being changed). */
function directoryWithout(snapshot: DirectorySnapshot, except: string): DirectoryConfig {
  const users: UserConfig[] = snapshot.users
    .filter((u) => u.extension !== except)
    .map((u) => ({ extension: u.extension, name: u.name, email: u.email ?? undefined, dialPlan: u.dialPlan, mailboxPolicy: u.mailboxPolicy }));
  return {
    dialPlans: snapshot.dialPlans,
    gateways: snapshot.gateways,
    huntGroups: snapshot.huntGroups,
    mailboxPolicies: snapshot.mailboxPolicies,
    autoAttendants: snapshot.autoAttendants,
    users,
  };
}

/**
 * What is wrong with `candidate` in `snapshot`, as one line, or null when nothing is. `existing` is
 * the user being changed (`user set`), null for a new one: then an extension any user has (in any
 * dial plan: extensions are unique in the store) is a duplicate.
 */
export function userProblems(snapshot: DirectorySnapshot, candidate: UserCandidate, existing: StoredUser | null): string | null {
  if (snapshot.dialPlans.length === 0) {
    return 'the store has no directory yet: run `openum serve` with this configuration once (it copies the file\'s dial plans and policies into the store)';
  }
  const issues: PathIssue[] = [];
  const taken = existing === null ? snapshot.users.find((u) => u.extension === candidate.extension) : undefined;
  if (taken) {
    issues.push({ path: ['extension'], message: `duplicate extension "${taken.extension}" is already the extension of user "${taken.name}" (dial plan ${taken.dialPlan})` });
  }
  const checked = checkUser(candidate, directoryWithout(snapshot, candidate.extension));
  if (!checked.ok) issues.push(...checked.errors);
  return issues.length > 0 ? describe(issues) : null;
}

/** Store refusals that mean "change what you typed" (exit 2) rather than "something failed" (exit 1). */
const invalidInput: readonly StoreErrorCode[] = ['STORE_DUPLICATE', 'STORE_CONFIG_ENTRY', 'STORE_MAILBOX_NOT_EMPTY', 'STORE_BAD_MAILBOX', 'STORE_BAD_INPUT'];

/** Prints a StoreError the user can act on and sets the exit code; false for anything else (rethrow it). */
export function reportStoreRefusal(ctx: CliContext, err: unknown): boolean {
  if (!(err instanceof StoreError)) return false;
  const hint = err.code === 'STORE_MAILBOX_NOT_EMPTY' ? ': use --force to delete them with the user' : '';
  if (invalidInput.includes(err.code)) return fail(ctx, `${err.message}${hint}`, exitCodes.invalid);
  if (err.code === 'STORE_MAILBOX_NOT_FOUND') return fail(ctx, err.message, exitCodes.failure);
  return false;
}

/** One line on stderr (`openum: …`) and the exit code; true, for `return fail(...)`. */
export function fail(ctx: CliContext, message: string, code: number): true {
  ctx.io.stderr.write(`openum: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  ctx.exitCode = code;
  return true;
}
