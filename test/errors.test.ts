/**
 * STYLE.md §7: every stable error code used in src/ is listed in docs/errors.md, and every code
 * listed there exists in src/ (fastify's test/internals/errors.test.js does the same).
 *
 * A code is found in the source with the TypeScript parser, so comments and template text never
 * count. The code families are learnt from the places that can only hold error codes:
 *   - the first argument of `new XError(…)` where XError extends OpenUmError (directly or not),
 *   - the elements of an array constant named `…_CODES`,
 *   - the members of a string-literal union type named `…Code` (`TransactionErrorCode`, …),
 * plus the families SIP_ and CONFIG_. Every string literal of a known family (the text before its
 * first underscore) is then a code, which also catches `fail('SIP_PARSE_BAD_VIA', …)` and
 * `const code = 'SIP_PARSE_BAD_MULTIPART'`. Names of environment variables (`env['OPENUM_DEBUG']`)
 * are never codes.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { MEDIA_CODEC_ERROR_CODES } from '../src/media/codec/errors.js';
import { MEDIA_DSP_ERROR_CODES } from '../src/media/dsp/errors.js';
import { DTMF_ERROR_CODES } from '../src/media/dtmf/errors.js';
import { JITTER_ERROR_CODES } from '../src/media/jitter/errors.js';
import { PORT_ERROR_CODES } from '../src/media/ports/errors.js';
import { PROMPT_ERROR_CODES } from '../src/media/prompts/errors.js';
import { RECORDER_ERROR_CODES } from '../src/media/recorder/errors.js';
import { RTCP_ERROR_CODES } from '../src/media/rtcp/errors.js';
import { RTP_ERROR_CODES } from '../src/media/rtp/errors.js';
import { SRTP_ERROR_CODES } from '../src/media/srtp/errors.js';
import { WAV_ERROR_CODES } from '../src/media/wav/errors.js';
import { SDP_ERROR_CODES, SDP_REJECT_CODES } from '../src/sdp/errors.js';
import { DIGEST_ERROR_CODES } from '../src/sip/auth/index.js';
import { SIP_PARSE_ERROR_CODES } from '../src/sip/message/index.js';
import { findRepoRoot, tsFiles } from './helpers/sourceTree.js';

/** The repository root: the first folder above this (compiled) test holding package.json and src/. */
// ---------------------------------------------------------------------------------------------
// Codes in the source
// ---------------------------------------------------------------------------------------------

const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** Families that are codes whatever the source says (STYLE.md §7 examples). */
const BUILT_IN_FAMILIES = ['SIP', 'CONFIG'];
const BASE_ERROR = 'OpenUmError';

interface Source {
  /** Shown in messages, e.g. `src/sip/message/parser.ts`. */
  name: string;
  text: string;
}

interface FoundCodes {
  /** Every code, with the places (`file:line`) it appears. */
  codes: Map<string, string[]>;
  /** The families (text before the first underscore) learnt from unambiguous places. */
  families: Set<string>;
  /** The error classes found (OpenUmError and its descendants). */
  errorClasses: Set<string>;
}

function familyOf(code: string): string {
  return code.slice(0, code.indexOf('_'));
}

function stringText(node: ts.Node): string | null {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : null;
}

/** Every code-shaped string literal inside `node` (a conditional like `a ? 'X_Y' : 'X_Z'` gives both). */
function codeLiteralsIn(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    const text = stringText(n);
    if (text !== null && CODE.test(text)) out.push(text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** `process.env['X']`, `io.env['X']`, `env['X']`: the literal names an environment variable. */
function isEnvironmentKey(node: ts.Node): boolean {
  const parent = node.parent;
  if (parent === undefined || !ts.isElementAccessExpression(parent) || parent.argumentExpression !== node) return false;
  const object = parent.expression;
  const name = ts.isPropertyAccessExpression(object) ? object.name.text : ts.isIdentifier(object) ? object.text : '';
  return name === 'env';
}

function findCodes(sources: readonly Source[]): FoundCodes {
  const parsed = sources.map((s) => ({ ...s, sf: ts.createSourceFile(s.name, s.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS) }));

  // Pass 1: the error classes, by following `class X extends Y` from OpenUmError down.
  const parentOf = new Map<string, string>();
  for (const { sf } of parsed) {
    const visit = (n: ts.Node): void => {
      if (ts.isClassDeclaration(n) && n.name !== undefined) {
        const ext = n.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        if (ext !== undefined && ts.isIdentifier(ext)) parentOf.set(n.name.text, ext.text);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  const errorClasses = new Set([BASE_ERROR]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parentOf) {
      if (errorClasses.has(parent) && !errorClasses.has(child)) {
        errorClasses.add(child);
        grew = true;
      }
    }
  }

  // Pass 2: families from the unambiguous places, and every code-shaped literal with its place.
  const families = new Set(BUILT_IN_FAMILIES);
  const literals: { code: string; where: string }[] = [];
  for (const { name, sf } of parsed) {
    const where = (n: ts.Node): string => `${name}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const learn = (n: ts.Node): void => {
      for (const code of codeLiteralsIn(n)) families.add(familyOf(code));
    };
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && errorClasses.has(n.expression.text)) {
        const first = n.arguments?.[0];
        if (first !== undefined) learn(first);
      } else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text.endsWith('_CODES') && n.initializer !== undefined) {
        learn(n.initializer);
      } else if (ts.isTypeAliasDeclaration(n) && n.name.text.endsWith('Code')) {
        learn(n.type);
      }
      const text = stringText(n);
      if (text !== null && CODE.test(text) && !isEnvironmentKey(n)) literals.push({ code: text, where: where(n) });
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }

  const codes = new Map<string, string[]>();
  for (const { code, where } of literals) {
    if (!families.has(familyOf(code))) continue;
    const places = codes.get(code) ?? [];
    places.push(where);
    codes.set(code, places);
  }
  return { codes, families, errorClasses };
}

// ---------------------------------------------------------------------------------------------
// Codes in docs/errors.md
// ---------------------------------------------------------------------------------------------

interface DocRow {
  code: string;
  line: number;
  cells: string[];
}

/** The rows of every table in the document whose first cell is a code in backticks. */
function documentedRows(markdown: string): DocRow[] {
  const rows: DocRow[] = [];
  markdown.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line.startsWith('|')) return;
    const cells = line
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    const m = /^`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`$/.exec(cells[0] ?? '');
    if (m?.[1] !== undefined) rows.push({ code: m[1], line: i + 1, cells });
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------

const root = findRepoRoot();
const srcSources: Source[] = tsFiles(join(root, 'src')).map((f) => ({
  name: relative(root, f).split(sep).join('/'),
  text: readFileSync(f, 'utf8'),
}));
const inSource = findCodes(srcSources);
const docPath = join(root, 'docs', 'errors.md');
const docRows = existsSync(docPath) ? documentedRows(readFileSync(docPath, 'utf8')) : [];
const documented = new Set(docRows.map((r) => r.code));

describe('error-code extraction (the tool the registry check relies on)', () => {
  it('takes codes from error constructors, *_CODES arrays, *Code unions and same-family literals, and nothing else', () => {
    const fixture: Source = {
      name: 'fixture.ts',
      text: [
        "import { OpenUmError } from './errors.js';",
        'class StoreError extends OpenUmError {}',
        'class MailboxError extends StoreError {}',
        'class PlainError extends Error {}',
        "export const QUEUE_CODES = ['QUEUE_FULL'] as const;",
        "type DirectoryErrorCode = 'DIR_NO_USER' | 'DIR_LOCKED';",
        "throw new MailboxError(missing ? 'STORE_MAILBOX_NOT_FOUND' : 'STORE_MAILBOX_LOCKED', 'x');",
        "const code = 'STORE_DISK_FULL';",
        "new PlainError('PLAIN_NOT_A_CODE');",
        "const header = 'MAX_FORWARDS';",
        "if (process.env['OPENUM_DEBUG'] === '1' || env['SIP_TRACE']) {}",
        "// throw new MailboxError('STORE_ONLY_IN_A_COMMENT');",
        "const raised = new ConfigError(`CONFIG_${kind}`, []);",
      ].join('\n'),
    };
    const found = findCodes([fixture]);
    assert.deepEqual([...found.errorClasses].sort(), ['MailboxError', 'OpenUmError', 'StoreError']);
    assert.deepEqual([...found.codes.keys()].sort(), [
      'DIR_LOCKED',
      'DIR_NO_USER',
      'QUEUE_FULL',
      'STORE_DISK_FULL',
      'STORE_MAILBOX_LOCKED',
      'STORE_MAILBOX_NOT_FOUND',
    ]);
    assert.deepEqual(found.codes.get('STORE_DISK_FULL'), ['fixture.ts:8']);
  });

  it('finds in src/ every code of the layers\' *_CODES arrays (SIP parser, digest, media, SDP)', () => {
    const declared: readonly string[] = [
      ...SIP_PARSE_ERROR_CODES,
      ...DIGEST_ERROR_CODES,
      ...MEDIA_CODEC_ERROR_CODES,
      ...MEDIA_DSP_ERROR_CODES,
      ...DTMF_ERROR_CODES,
      ...JITTER_ERROR_CODES,
      ...PORT_ERROR_CODES,
      ...PROMPT_ERROR_CODES,
      ...RECORDER_ERROR_CODES,
      ...RTCP_ERROR_CODES,
      ...RTP_ERROR_CODES,
      ...SRTP_ERROR_CODES,
      ...WAV_ERROR_CODES,
      ...SDP_ERROR_CODES,
      ...SDP_REJECT_CODES,
    ];
    const missed = declared.filter((c) => !inSource.codes.has(c));
    assert.deepEqual(missed, [], 'the extractor misses codes that src/ declares');
  });
});

describe('docs/errors.md is the registry of error codes (STYLE.md §7)', () => {
  it('exists and has a table row per code', () => {
    assert.ok(existsSync(docPath), `${relative(root, docPath)} is missing`);
    assert.ok(docRows.length > 0, `${relative(root, docPath)} has no row whose first cell is a \`CODE\``);
  });

  it('lists every error code used in src/', () => {
    const missing = [...inSource.codes.keys()]
      .filter((c) => !documented.has(c))
      .sort()
      .map((c) => `${c} (used at ${(inSource.codes.get(c) ?? []).join(', ')})`);
    assert.equal(missing.length, 0, `codes used in src/ but missing from docs/errors.md (${missing.length}):\n  ${missing.join('\n  ')}`);
  });

  it('lists only codes that exist in src/', () => {
    const extra = docRows
      .filter((r) => !inSource.codes.has(r.code))
      .map((r) => `${r.code} (docs/errors.md:${r.line})`);
    assert.equal(extra.length, 0, `codes in docs/errors.md that src/ never uses (${extra.length}):\n  ${extra.join('\n  ')}`);
  });

  it('gives each code exactly one row, with a meaning and what to do', () => {
    const seen = new Map<string, number>();
    const bad: string[] = [];
    for (const row of docRows) {
      const first = seen.get(row.code);
      if (first !== undefined) bad.push(`${row.code}: listed twice (lines ${first} and ${row.line})`);
      seen.set(row.code, row.line);
      if (row.cells.length !== 3 || row.cells.slice(1).some((c) => c === '')) {
        bad.push(`${row.code} (docs/errors.md:${row.line}): needs three cells: code | meaning | what to do`);
      }
    }
    assert.equal(bad.length, 0, bad.join('\n'));
  });
});
