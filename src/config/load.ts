import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { crossCheck } from './crossCheck.js';
import { describeIssue } from './describeIssue.js';
import { ConfigError } from './errors.js';
import { formatPath, type ConfigIssue, type PathIssue } from './issues.js';
import { locate, position } from './locate.js';
import { configSchema, type Config } from './schema.js';

/**
 * Reads, parses and validates a configuration file. Every problem found is reported at once, each
 * with the file, line and key path; a file with errors throws ConfigError, a valid file returns
 * the configuration (defaults filled in, relative paths resolved) and its warnings.
 */
export interface LoadedConfig {
  config: Config;
  warnings: ConfigIssue[];
}

export interface ParseOptions {
  /** Folder that relative paths in the file (dataDir, TLS files) are resolved against. */
  baseDir?: string;
}

function place(issue: PathIssue, file: string, doc: Document, lines: LineCounter): ConfigIssue {
  const where = locate(doc, issue.path);
  const at = issue.at ?? 'value';
  const node =
    at === 'key' ? (where.key ?? where.deepest) : at === 'parent' ? where.deepest : (where.value ?? where.key ?? where.deepest);
  const pos = position(node, lines) ?? (doc.contents ? null : { line: 1, column: 1 });
  return { file, line: pos?.line ?? null, column: pos?.column ?? null, path: formatPath(issue.path), message: issue.message };
}

function byLine(a: ConfigIssue, b: ConfigIssue): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

function resolvePaths(config: Config, baseDir: string): void {
  const absolute = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  config.dataDir = absolute(config.dataDir);
  for (const listen of config.sip.listen) {
    if (listen.cert !== undefined) listen.cert = absolute(listen.cert);
    if (listen.key !== undefined) listen.key = absolute(listen.key);
    if (listen.ca !== undefined) listen.ca = absolute(listen.ca);
  }
}

/**
 * Validates configuration text. `file` names it in issues; relative paths inside resolve against
 * `options.baseDir`, by default the folder of `file`.
 */
export function parseConfig(text: string, file: string, options: ParseOptions = {}): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntaxIssue = (message: string, offset: number | undefined): ConfigIssue => {
    const pos = offset === undefined ? null : lines.linePos(offset);
    return { file, line: pos?.line ?? null, column: pos?.col ?? null, path: '', message };
  };
  if (doc.errors.length > 0) {
    throw new ConfigError(
      'CONFIG_YAML_SYNTAX',
      doc.errors.map((e) => syntaxIssue(`YAML: ${e.message.split('\n')[0] ?? e.code}`, e.pos[0])),
    );
  }
  const warnings = doc.warnings.map((w) => syntaxIssue(`YAML: ${w.message.split('\n')[0] ?? w.code}`, w.pos[0]));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigError('CONFIG_YAML_SYNTAX', [syntaxIssue(`YAML: ${message}`, undefined)], { cause });
  }

  const parsed = configSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i) => describeIssue(i, doc, configSchema));
    throw new ConfigError('CONFIG_INVALID', issues.map((i) => place(i, file, doc, lines)).sort(byLine));
  }
  const config = parsed.data;
  const checked = crossCheck(config);
  if (checked.errors.length > 0) {
    throw new ConfigError('CONFIG_INVALID', checked.errors.map((i) => place(i, file, doc, lines)).sort(byLine));
  }
  resolvePaths(config, options.baseDir ?? dirname(resolve(file)));
  return { config, warnings: [...warnings, ...checked.warnings.map((i) => place(i, file, doc, lines)).sort(byLine)] };
}

export interface LoadOptions {
  /** Folder a relative `path` is relative to (default: the process's working folder). */
  cwd?: string;
}

/**
 * Reads and validates the configuration file at `path` (see parseConfig). Issues name the file
 * as `path` was given.
 */
export function loadConfig(path: string, options: LoadOptions = {}): LoadedConfig {
  const absolute = resolve(options.cwd ?? process.cwd(), path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const notFound = code === 'ENOENT';
    const message = notFound ? 'no such file' : `cannot read the file (${code ?? String(cause)})`;
    throw new ConfigError(notFound ? 'CONFIG_NOT_FOUND' : 'CONFIG_UNREADABLE', [
      { file: path, line: null, column: null, path: '', message },
    ], { cause });
  }
  return parseConfig(text, path, { baseDir: dirname(absolute) });
}
