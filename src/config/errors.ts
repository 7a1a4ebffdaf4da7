import { OpenUmError } from '../util/errors.js';
import { formatIssue, type ConfigIssue } from './issues.js';

/** Stable codes of the configuration loader (listed in docs/errors.md). */
export type ConfigErrorCode =
  /** The file parsed as YAML but does not describe a valid configuration. */
  | 'CONFIG_INVALID'
  /** The file is not well-formed YAML. */
  | 'CONFIG_YAML_SYNTAX'
  /** No file at the given path. */
  | 'CONFIG_NOT_FOUND'
  /** The file exists but could not be read (permissions, a directory, ...). */
  | 'CONFIG_UNREADABLE';

/**
 * A configuration that cannot be used. `issues` holds every problem found (at least one), each
 * with file, line and key path; `message` is the first of them as one line.
 */
export class ConfigError extends OpenUmError {
  override readonly name = 'ConfigError';
  declare readonly code: ConfigErrorCode;
  readonly issues: readonly ConfigIssue[];

  constructor(code: ConfigErrorCode, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(code, first === undefined ? code : `${formatIssue(first)}${more}`, options);
    this.issues = issues;
  }
}
