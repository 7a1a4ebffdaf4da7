import type { z } from 'zod';
import type { KeyPath } from './issues.js';

/**
 * The keys a schema allows at a path, for "did you mean" on unknown keys. Reads zod's schema
 * definitions (`_zod.def`), looking through optional/default wrappers, arrays and records.
 */
interface SchemaDef {
  type: string;
  innerType?: SchemaNode;
  in?: SchemaNode;
  shape?: Record<string, SchemaNode>;
  element?: SchemaNode;
  keyType?: SchemaNode;
  valueType?: SchemaNode;
  entries?: Record<string, string | number>;
}
interface SchemaNode {
  _zod: { def: SchemaDef };
}

const wrappers = new Set(['optional', 'default', 'prefault', 'nullable', 'nonoptional', 'readonly', 'catch']);

function unwrap(node: SchemaNode): SchemaNode {
  let current = node;
  for (;;) {
    const def = current._zod.def;
    if (wrappers.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

function child(node: SchemaNode, segment: string | number): SchemaNode | undefined {
  const def = unwrap(node)._zod.def;
  if (def.type === 'object') return def.shape?.[String(segment)];
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  return undefined;
}

/** Allowed keys of the map at `path`, or [] when the schema has no fixed keys there. */
export function keysAt(schema: z.ZodType, path: KeyPath): string[] {
  let node: SchemaNode | undefined = schema as unknown as SchemaNode;
  for (const segment of path) {
    node = node && child(node, segment);
  }
  if (!node) return [];
  const def = unwrap(node)._zod.def;
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'record' && def.keyType) {
    const keyDef = unwrap(def.keyType)._zod.def;
    if (keyDef.type === 'enum') return Object.values(keyDef.entries ?? {}).map(String);
  }
  return [];
}
