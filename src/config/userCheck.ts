import { Document } from 'yaml';
import { checkUserInDirectory, type DirectoryConfig } from './crossCheck.js';
import { describeIssue } from './describeIssue.js';
import { userSchema } from './directorySchema.js';
import type { PathIssue } from './issues.js';
import type { UserConfig } from './schema.js';

/**
 * A user given outside the configuration file (`openum user add`, later the API), checked exactly
 * as the file's users are: first the shape (userSchema, worded by describeIssue), then, when the
 * shape is right, crossCheck's rules against the rest of the directory (checkUserInDirectory).
 * Paths are the user's keys (`['email']`, `['dialPlan']`); messages never contain a PIN.
 */
export type UserCheck = { ok: true; user: UserConfig } | { ok: false; errors: PathIssue[] };

export function checkUser(candidate: unknown, directory: DirectoryConfig): UserCheck {
  const parsed = userSchema.safeParse(candidate);
  if (!parsed.success) {
    // describeIssue reads values through a YAML document; one made from the object serves.
    const doc = new Document(candidate);
    return { ok: false, errors: parsed.error.issues.flatMap((i) => describeIssue(i, doc, userSchema)) };
  }
  const errors = checkUserInDirectory(directory, parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, user: parsed.data };
}
