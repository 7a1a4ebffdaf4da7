import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { KeyPath } from './issues.js';

/**
 * Finds where a key path lives in the parsed YAML document, so that an issue found on the plain
 * data can name the line of the key or value it is about.
 */
export interface Location {
  /** The value node at the full path, if the path exists and has a value. */
  value: Node | undefined;
  /** The key node of the last path segment, if that key exists in a map. */
  key: Node | undefined;
  /** The deepest node reached: the parent map when the last key is missing. */
  deepest: Node | undefined;
  /** True when every segment of the path was found. */
  found: boolean;
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

export function locate(doc: Document, path: KeyPath): Location {
  let current = resolve(doc, doc.contents) as Node | null | undefined;
  let key: Node | undefined;
  let deepest: Node | undefined = current ?? undefined;
  for (const segment of path) {
    key = undefined;
    let next: unknown;
    if (isMap(current)) {
      const pair = current.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) return { value: undefined, key: undefined, deepest, found: false };
      key = (pair.key as Node | null) ?? undefined;
      next = pair.value;
    } else if (isSeq(current) && typeof segment === 'number' && segment < current.items.length) {
      next = current.items[segment];
    } else {
      return { value: undefined, key: undefined, deepest, found: false };
    }
    current = resolve(doc, next) as Node | null | undefined;
    if (current) deepest = current;
    else if (key) deepest = key;
  }
  return { value: current ?? undefined, key, deepest, found: true };
}

/** 1-based line and column of a node's first character. */
export function position(node: Node | undefined, lines: LineCounter): { line: number; column: number } | null {
  const offset = node?.range?.[0];
  if (offset === undefined) return null;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
