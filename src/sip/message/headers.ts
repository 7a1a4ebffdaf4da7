/**
 * The ordered header list of one SIP message, as raw text. Order matters (§7.3.1: Via, Route and
 * Record-Route order is significant), names are case-insensitive, and compact forms are stored
 * under their long name so that `get('Via')` finds `v:` lines too.
 */
import { canonicalHeaderName, isListHeader } from './headerNames.js';
import { splitTopLevel } from './text.js';

export interface HeaderField {
  /** Canonical spelling (compact forms expanded). */
  name: string;
  /** Raw value: folding replaced by a single space, surrounding whitespace trimmed. */
  value: string;
}

export class SipHeaders {
  readonly #fields: HeaderField[] = [];

  constructor(fields?: Iterable<HeaderField>) {
    if (fields) for (const f of fields) this.#fields.push({ name: canonicalHeaderName(f.name), value: f.value });
  }

  get size(): number {
    return this.#fields.length;
  }

  /** The first field's value (for a list header, the whole first line), or undefined. */
  get(name: string): string | undefined {
    const key = canonicalHeaderName(name).toLowerCase();
    for (const f of this.#fields) if (f.name.toLowerCase() === key) return f.value;
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /**
   * Every value of the header in order. For list headers (Via, Route, Contact, …) each
   * comma-separated element is its own entry; quoted strings and <…> are respected.
   */
  getAll(name: string): string[] {
    const canonical = canonicalHeaderName(name);
    const key = canonical.toLowerCase();
    const list = isListHeader(canonical);
    const out: string[] = [];
    for (const f of this.#fields) {
      if (f.name.toLowerCase() !== key) continue;
      if (list) {
        for (const part of splitTopLevel(f.value, ',')) {
          const trimmed = part.trim();
          if (trimmed !== '') out.push(trimmed);
        }
      } else {
        out.push(f.value);
      }
    }
    return out;
  }

  /** Appends a field at the end. */
  append(name: string, value: string): this {
    this.#fields.push({ name: canonicalHeaderName(name), value });
    return this;
  }

  /** Inserts a field before all others (e.g. a new top Via or Route). */
  prepend(name: string, value: string): this {
    this.#fields.unshift({ name: canonicalHeaderName(name), value });
    return this;
  }

  /** Replaces every field of that name with one field (appended where the first one was). */
  set(name: string, value: string): this {
    const canonical = canonicalHeaderName(name);
    const key = canonical.toLowerCase();
    const at = this.#fields.findIndex((f) => f.name.toLowerCase() === key);
    this.delete(name);
    if (at < 0 || at > this.#fields.length) this.#fields.push({ name: canonical, value });
    else this.#fields.splice(at, 0, { name: canonical, value });
    return this;
  }

  /** Removes every field of that name; returns how many were removed. */
  delete(name: string): number {
    const key = canonicalHeaderName(name).toLowerCase();
    let removed = 0;
    for (let i = this.#fields.length - 1; i >= 0; i--) {
      if (this.#fields[i]!.name.toLowerCase() === key) {
        this.#fields.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  /** Fields in order (a copy). */
  fields(): HeaderField[] {
    return this.#fields.map((f) => ({ ...f }));
  }

  [Symbol.iterator](): Iterator<HeaderField> {
    return this.fields()[Symbol.iterator]();
  }

  clone(): SipHeaders {
    return new SipHeaders(this.#fields);
  }
}
