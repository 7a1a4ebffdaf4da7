import { isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import type { KeyPath, PathIssue } from './issues.js';
import { locate } from './locate.js';
import { keysAt } from './schemaKeys.js';
import { closest, suggestion } from './suggest.js';

/**
 * Words zod's issues the way an administrator reads them: what is wrong and what is allowed.
 * Values are quoted from the file to help find them, except under keys that hold secrets.
 */

const secretKey = /^(?:pin|pinHash|password|secret)$/i;

function isSecret(path: KeyPath): boolean {
  const last = path[path.length - 1];
  return typeof last === 'string' && secretKey.test(last);
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return `a ${typeof value}`;
}

const expectedWords: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of keys',
  record: 'a map of keys',
};

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;
}

function describeType(issue: z.core.$ZodIssueInvalidType, doc: Document, path: KeyPath): PathIssue {
  const where = locate(doc, path);
  const last = path[path.length - 1];
  if (!where.found && typeof last === 'string') {
    return { path, message: `missing required key "${last}"`, at: 'parent' };
  }
  const node = where.value;
  const value: unknown = isScalar(node) ? node.value : node ? doc.getIn(path) : undefined;
  const expected = expectedWords[issue.expected] ?? issue.expected;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const source = isScalar(node) && !isSecret(path) ? ` (${shown})` : '';
  if (issue.expected === 'int' && typeof value === 'number') {
    return { path, message: `must be a whole number${source}` };
  }
  if (issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    const text = isScalar(node) && typeof node.source === 'string' ? node.source : String(value);
    const example = isSecret(path) ? '' : ` ("${text}")`;
    return { path, message: `must be a string: put the value in quotes${example}` };
  }
  const got = value === null || value === undefined ? 'no value' : `${kindOf(value)}${source}`;
  const unquote = typeof value === 'string' && issue.expected !== 'object' && issue.expected !== 'array' ? ' (remove the quotes)' : '';
  return { path, message: `expected ${expected}, got ${got}${unquote}` };
}

function describeRange(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const inclusive = issue.inclusive !== false;
  const bound = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  switch (issue.origin) {
    case 'array':
      return small && limit === 1 ? 'must have at least one entry' : `must have ${bound} ${plural(limit, 'entry').replace('entrys', 'entries')}`;
    case 'string':
      return small && limit === 1 ? 'must not be empty' : `must be ${bound} ${plural(limit, 'character')}`;
    default:
      return `must be ${bound} ${limit}`;
  }
}

/** Turns one zod issue into one or more path issues (an unknown-keys issue becomes one per key). */
export function describeIssue(issue: z.core.$ZodIssue, doc: Document, schema: z.ZodType): PathIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key "${key}" ${suggestion(key, allowed)}`,
        at: 'key' as const,
      }));
    }
    case 'invalid_type':
      return [describeType(issue, doc, path)];
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const given = doc.getIn(path);
      const near = typeof given === 'string' ? closest(given, allowed) : undefined;
      const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
      const shown = isSecret(path) || given === undefined ? '' : `${JSON.stringify(given)} is not allowed: `;
      return [{ path, message: `${shown}use one of ${allowed.join(', ')}${hint}` }];
    }
    case 'too_small':
    case 'too_big':
      return [{ path, message: describeRange(issue) }];
    default:
      return [{ path, message: issue.message }];
  }
}
