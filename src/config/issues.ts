/**
 * A configuration problem as the administrator sees it: which file, which line, which key, and
 * what to do about it. Errors and warnings share this shape; only errors make a file invalid.
 */
export interface ConfigIssue {
  /** The configuration file, as the caller named it (relative paths stay relative). */
  file: string;
  /** 1-based line of the offending node, or null when the problem has no place in the file. */
  line: number | null;
  /** 1-based column of the offending node, or null. */
  column: number | null;
  /** Key path in JavaScript notation, e.g. `gateways[0].dialPlan`; empty for the whole file. */
  path: string;
  /** One sentence naming what is wrong and what is allowed. Never contains a PIN or password. */
  message: string;
}

/** A path into the parsed configuration, as zod and the YAML document both understand it. */
export type KeyPath = readonly (string | number)[];

/** A problem found before it is placed in the file (schema and cross-reference checks). */
export interface PathIssue {
  path: KeyPath;
  message: string;
  /**
   * Where to point: `value` (default) at the value of the key, `key` at the key itself (unknown
   * keys), `parent` at the map that lacks the key (missing keys).
   */
  at?: 'value' | 'key' | 'parent';
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['gateways', 0, 'dialPlan']` → `gateways[0].dialPlan`; `['keys', '1']` → `keys["1"]`. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (identifier.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * One line for a person: `config/demo.yaml:14: gateways[0].dialPlan: unknown dial plan "HQX"`.
 * Warnings get `warning: ` after the location.
 */
export function formatIssue(issue: ConfigIssue, severity: 'error' | 'warning' = 'error'): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}`;
  const kind = severity === 'warning' ? 'warning: ' : '';
  const path = issue.path === '' ? '' : `${issue.path}: `;
  return `${where}: ${kind}${path}${issue.message}`;
}
