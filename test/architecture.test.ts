/**
 * STYLE.md §1 and ARCHITECTURE.md: "arrows point only downward". Every import of every .ts file
 * under src/ is read with the TypeScript parser (static imports, `export … from`, `import('…')` in
 * code and in types), resolved to a file, and checked against the layer rules below. Each failure
 * names the importing file, its line and the import, so the fix is obvious.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { findRepoRoot, tsFiles } from './helpers/sourceTree.js';

// ---------------------------------------------------------------------------------------------
// Reading the source tree
// ---------------------------------------------------------------------------------------------

/** The repository root: the first folder above this (compiled) test holding package.json and src/. */
const root = findRepoRoot();
const srcDir = join(root, 'src');

/** A path under src/ in POSIX form, e.g. `sip/ua/userAgent.ts`. */
function srcRel(abs: string): string {
  return relative(srcDir, abs).split(sep).join('/');
}

// ---------------------------------------------------------------------------------------------
// Finding imports
// ---------------------------------------------------------------------------------------------

interface ImportRef {
  /** The module specifier, or null for `import(expr)` whose argument is not a string literal. */
  specifier: string | null;
  /** 1-based line of the import. */
  line: number;
  /** `import type`, `export type`, `import { type A }` with only type names, or `import('x').T`. */
  typeOnly: boolean;
  kind: 'import' | 'export' | 'dynamic' | 'type-import' | 'require';
}

/** The import specifiers of one TypeScript source, in source order. Comments and strings are not imports. */
function importsOf(fileName: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const lineOf = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const literal = (node: ts.Node | undefined): string | null =>
    node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null;

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedAreTypes =
        clause !== undefined &&
        clause.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      refs.push({ specifier: literal(node.moduleSpecifier), line: lineOf(node), typeOnly: clause?.isTypeOnly === true || allNamedAreTypes, kind: 'import' });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      const named = node.exportClause;
      const allNamedAreTypes = named !== undefined && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      refs.push({ specifier: literal(node.moduleSpecifier), line: lineOf(node), typeOnly: node.isTypeOnly || allNamedAreTypes, kind: 'export' });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      refs.push({ specifier: literal(node.arguments[0]), line: lineOf(node), typeOnly: false, kind: 'dynamic' });
    } else if (ts.isImportTypeNode(node)) {
      const arg = ts.isLiteralTypeNode(node.argument) ? literal(node.argument.literal) : null;
      refs.push({ specifier: arg, line: lineOf(node), typeOnly: true, kind: 'type-import' });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      refs.push({ specifier: literal(node.moduleReference.expression), line: lineOf(node), typeOnly: node.isTypeOnly, kind: 'require' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

// ---------------------------------------------------------------------------------------------
// The import graph of src/
// ---------------------------------------------------------------------------------------------

interface Edge {
  /** Importing file, relative to src/ (`sip/ua/userAgent.ts`). */
  from: string;
  /** Imported file, relative to src/ (`sip/dialog/dialog.ts`). */
  to: string;
  ref: ImportRef;
}

interface Problem {
  from: string;
  ref: ImportRef;
  why: string;
}

const files = tsFiles(srcDir);
const edges: Edge[] = [];
/** Imports that could not be checked: unresolvable, outside src/, or `import(expr)`. */
const unresolved: Problem[] = [];

for (const file of files) {
  const from = srcRel(file);
  for (const ref of importsOf(file, readFileSync(file, 'utf8'))) {
    if (ref.specifier === null) {
      unresolved.push({ from, ref, why: 'import() of a computed specifier cannot be checked against the layer rules' });
      continue;
    }
    if (!ref.specifier.startsWith('.')) continue; // node: built-ins and packages
    const target = resolve(dirname(file), ref.specifier);
    if (!target.startsWith(srcDir + sep)) {
      unresolved.push({ from, ref, why: `resolves outside src/ (${relative(root, target)})` });
      continue;
    }
    if (!ref.specifier.endsWith('.js')) {
      unresolved.push({ from, ref, why: 'a relative import must name the emitted .js file (ESM)' });
      continue;
    }
    const tsTarget = target.slice(0, -'.js'.length) + '.ts';
    if (!existsSync(tsTarget)) {
      unresolved.push({ from, ref, why: `no file src/${srcRel(tsTarget)}` });
      continue;
    }
    edges.push({ from, to: srcRel(tsTarget), ref });
  }
}

/** `src/sip/ua/userAgent.ts:12 imports '../dialog/dialog.js' (src/sip/dialog/dialog.ts)`. */
function describeEdge(from: string, ref: ImportRef, to?: string): string {
  const spec = ref.specifier === null ? 'import(<computed>)' : `'${ref.specifier}'`;
  const target = to === undefined ? '' : ` (src/${to})`;
  const kind = ref.typeOnly ? ' [type-only]' : ref.kind === 'export' ? ' [re-export]' : ref.kind === 'dynamic' ? ' [dynamic]' : '';
  return `src/${from}:${ref.line} imports ${spec}${target}${kind}`;
}

function report(title: string, lines: readonly string[]): string {
  return `${title} (${lines.length}):\n  ${lines.join('\n  ')}`;
}

/** `sip`, `media`, `config`, …, or a file directly in src/ (`server.ts`). */
function topOf(rel: string): string {
  return rel.split('/')[0] ?? rel;
}

/**
 * The layer that owns a file for the index.ts rule: a sub-folder of sip/ or media/ (`sip/ua`,
 * `media/rtp`), else the top folder (`config`, `cli`), else the file itself (`server.ts`).
 */
function unitOf(rel: string): string {
  const parts = rel.split('/');
  const top = parts[0] ?? rel;
  if ((top === 'sip' || top === 'media') && parts.length >= 3) return `${top}/${parts[1]}`;
  return parts.length === 1 ? rel : top;
}

/** The sip/ sub-layer of a file (`message`, `ua`, …), or `root` for a file directly in src/sip/. */
function sipLayerOf(rel: string): string {
  const parts = rel.split('/');
  return parts.length >= 3 ? (parts[1] ?? 'root') : 'root';
}

// ---------------------------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------------------------

/**
 * RFC 3261's layers, lowest first: what each sip/ sub-layer may import besides itself and util/.
 * `root` (a file directly in src/sip/, e.g. a future src/sip/index.ts) may import every sub-layer.
 */
const sipLayers: Readonly<Record<string, readonly string[]>> = {
  message: [],
  transport: ['message'],
  transaction: ['message', 'transport'],
  auth: ['message'],
  dialog: ['message', 'transport', 'transaction', 'auth'],
  ua: ['message', 'transport', 'transaction', 'auth', 'dialog'],
};

/** Deliberate upward imports, each with its reason. They also bypass the index.ts rule. */
const allowedUpward: readonly { fromLayer: string; to: string; reason: string }[] = [
  { fromLayer: 'dialog', to: 'sip/ua/capabilities.ts', reason: 'capability lists are shared data' },
];

function isAllowedUpward(from: string, to: string): boolean {
  return topOf(from) === 'sip' && allowedUpward.some((a) => a.fromLayer === sipLayerOf(from) && a.to === to);
}

/** Everything um/, the applications, may import besides itself: what a call flow is written over. */
const umMayImport = ['calls', 'directory', 'store', 'config', 'util'];

/** What sip/ and media/, the libraries, must never import (ARCHITECTURE.md "Rules"). */
const aboveTheLibraries = ['um', 'calls', 'store', 'delivery', 'directory', 'api', 'cli', 'config', 'server.ts'];

describe('import scanner (the tool the architecture rules rely on)', () => {
  it('finds static, re-export, type-only, dynamic and type-position imports, and ignores comments and strings', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "import { type C, type D } from './c.js';",
      "import { type E, f } from './e.js';",
      "export { g } from './g.js';",
      "export type { H } from './h.js';",
      "// import { x } from './commented.js';",
      "const s = \"import { y } from './in-a-string.js'\";",
      'async function load(name: string) {',
      "  await import('./lazy.js');",
      '  await import(name);',
      '}',
      "type T = import('./typed.js').T;",
      "import * as ns from 'node:fs';",
    ].join('\n');
    const found = importsOf('fixture.ts', source).map((r) => [r.specifier, r.line, r.typeOnly, r.kind]);
    assert.deepEqual(found, [
      ['./a.js', 1, false, 'import'],
      ['../b.js', 2, true, 'import'],
      ['./c.js', 3, true, 'import'],
      ['./e.js', 4, false, 'import'],
      ['./g.js', 5, false, 'export'],
      ['./h.js', 6, true, 'export'],
      ['./lazy.js', 10, false, 'dynamic'],
      [null, 11, false, 'dynamic'],
      ['./typed.js', 13, true, 'type-import'],
      ['node:fs', 14, false, 'import'],
    ]);
  });

  it('reads every .ts file under src/ and finds the imports between them', () => {
    assert.ok(files.length > 0, `no .ts files under ${srcDir}`);
    assert.ok(edges.length > 0, 'no import between files of src/ was found: the scanner or the resolver is broken');
  });
});

describe('architecture: arrows point only downward (STYLE.md §1, ARCHITECTURE.md)', () => {
  it('resolves every relative import of src/ to a .ts file inside src/, named by its .js path', () => {
    // The CLI loads one module per file of src/cli/commands/ (STYLE.md §11); that is the one
    // computed import() allowed, and the top layer may import anything anyway.
    const computedAllowed = new Set(['cli/program.ts']);
    const bad = unresolved
      .filter((p) => !(p.ref.specifier === null && computedAllowed.has(p.from)))
      .map((p) => `${describeEdge(p.from, p.ref)}: ${p.why}`);
    assert.equal(bad.length, 0, report('imports that cannot be checked', bad));
  });

  it('keeps sip/ and media/ free of imports from um, calls, store, delivery, directory, api, cli, config and server.ts', () => {
    const bad = edges
      .filter((e) => ['sip', 'media'].includes(topOf(e.from)) && aboveTheLibraries.includes(topOf(e.to)))
      .map((e) => `${describeEdge(e.from, e.ref, e.to)}: src/${topOf(e.from)} is a library and must not depend on src/${topOf(e.to)}`);
    assert.equal(bad.length, 0, report('library layers importing application layers', bad));
  });

  it('keeps media/ free of imports from sip/ (media "knows nothing of SIP")', () => {
    const bad = edges
      .filter((e) => topOf(e.from) === 'media' && topOf(e.to) === 'sip')
      .map((e) => `${describeEdge(e.from, e.ref, e.to)}: media/ must not know SIP`);
    assert.equal(bad.length, 0, report('media importing sip', bad));
  });

  it('knows every folder under src/sip/ as a layer of the sip order table', () => {
    const sipDir = join(srcDir, 'sip');
    const folders = existsSync(sipDir) ? readdirSync(sipDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
    const unknown = folders.filter((f) => !(f in sipLayers)).map((f) => `src/sip/${f}/ is not in sipLayers: decide where it sits in message < transport < transaction < dialog/auth < ua`);
    assert.equal(unknown.length, 0, report('sip folders without a place in the layer order', unknown));
  });

  it('orders sip/ as message < transport < transaction < dialog/auth < ua: no layer imports one above it', () => {
    const bad: string[] = [];
    for (const e of edges) {
      if (topOf(e.from) !== 'sip' || topOf(e.to) !== 'sip') continue;
      const fromLayer = sipLayerOf(e.from);
      const toLayer = sipLayerOf(e.to);
      if (fromLayer === toLayer || fromLayer === 'root') continue;
      if (isAllowedUpward(e.from, e.to)) continue;
      const allowed = sipLayers[fromLayer];
      if (allowed === undefined) {
        bad.push(`${describeEdge(e.from, e.ref, e.to)}: sip/${fromLayer} has no place in the layer order`);
      } else if (!allowed.includes(toLayer)) {
        const may = allowed.length === 0 ? 'nothing else in sip/' : allowed.map((l) => `sip/${l}`).join(', ');
        bad.push(`${describeEdge(e.from, e.ref, e.to)}: sip/${fromLayer} may import only ${may}`);
      }
    }
    assert.equal(bad.length, 0, report('sip layers importing upward', bad));
  });

  it('records every allowed upward import with its reason, and each still names an existing file', () => {
    for (const a of allowedUpward) {
      assert.ok(a.reason.length > 0, `allowed import of ${a.to} from sip/${a.fromLayer} has no reason`);
      assert.ok(existsSync(join(srcDir, a.to)), `allowed import target src/${a.to} no longer exists: remove the exception`);
      assert.ok(a.fromLayer in sipLayers, `allowed import from unknown layer sip/${a.fromLayer}`);
    }
  });

  it('keeps util/ free of imports from any other src/ folder', () => {
    const bad = edges
      .filter((e) => topOf(e.from) === 'util' && topOf(e.to) !== 'util')
      .map((e) => `${describeEdge(e.from, e.ref, e.to)}: util/ is the bottom layer`);
    assert.equal(bad.length, 0, report('util importing other layers', bad));
  });

  it('keeps um/ to the Call API, the directory, the store, config/ and util/ (never sip/, media/ or sdp/ directly)', () => {
    // ARCHITECTURE.md: "um/ never touches a socket, a SIP header or an RTP packet".
    const bad = edges
      .filter((e) => topOf(e.from) === 'um' && topOf(e.to) !== 'um' && !umMayImport.includes(topOf(e.to)))
      .map((e) => `${describeEdge(e.from, e.ref, e.to)}: um/ may import only ${umMayImport.map((l) => `${l}/`).join(', ')}`);
    assert.equal(bad.length, 0, report('um importing below the Call API', bad));
  });

  it('keeps config/ free of imports from sip/', () => {
    const bad = edges
      .filter((e) => topOf(e.from) === 'config' && topOf(e.to) === 'sip')
      .map((e) => `${describeEdge(e.from, e.ref, e.to)}: config/ must not depend on sip/`);
    assert.equal(bad.length, 0, report('config importing sip', bad));
  });

  it("imports a layer from outside only through that layer's index.ts, when it has one", () => {
    const bad: string[] = [];
    for (const e of edges) {
      const fromUnit = unitOf(e.from);
      const toUnit = unitOf(e.to);
      if (fromUnit === toUnit || toUnit === e.to) continue; // same layer, or a file directly in src/
      const index = `${toUnit}/index.ts`;
      if (e.to === index || !existsSync(join(srcDir, index))) continue;
      if (isAllowedUpward(e.from, e.to)) continue;
      bad.push(`${describeEdge(e.from, e.ref, e.to)}: import src/${index.replace(/\.ts$/, '.js')} instead`);
    }
    assert.equal(bad.length, 0, report('imports that bypass a layer index.ts', bad));
  });
});
