/**
 * The ordered header list of one SIP message, as raw text. Order matters (§7.3.1: Via, Route and
 * Record-Route order is significant), names are case-insensitive, and compact forms are stored
 * under their long name so that `get('Via')` finds `v:` lines too.
 */
import { canonicalHeaderName, headerKey, isListHeader } from './headerNames.js';
import { splitTopLevel } from './text.js';

export interface HeaderField {
  /** Canonical spelling (compact forms expanded). */
  name: string;
  /** Raw value: folding replaced by a single space, surrounding whitespace trimmed. */
  value: string;
}

/** Marks a SipHeaders built by lazy(): its arrays are set by #ensure() before any use. */
const UNBUILT: HeaderField[] = Object.freeze([]) as unknown as HeaderField[];

export class SipHeaders {
  #fields: HeaderField[];
  /** headerKey() of each field, parallel to #fields, so lookups compare without lower-casing. */
  #keys: string[];
  /** Builds #fields/#keys on first use (the parser hands headers over unbuilt). */
  #source: unknown = null;
  #load: ((source: never) => [HeaderField[], string[]]) | null = null;

  constructor(fields?: Iterable<HeaderField>) {
    if (fields === UNBUILT) {
      this.#fields = UNBUILT;
      this.#keys = UNBUILT as unknown as string[];
      return;
    }
    this.#fields = [];
    this.#keys = [];
    if (fields) {
      for (const f of fields) {
        this.#fields.push({ name: canonicalHeaderName(f.name), value: f.value });
        this.#keys.push(headerKey(f.name));
      }
    }
  }

  /**
   * Adopts arrays built by the parser: names already canonical, keys already headerKey(name).
   * The arrays are owned by the new instance afterwards.
   */
  static fromParsed(fields: HeaderField[], keys: string[]): SipHeaders {
    const h = new SipHeaders();
    h.#fields = fields;
    h.#keys = keys;
    return h;
  }

  /**
   * Headers whose field list is built by `load` on first use: parsing a message does not pay
   * for objects nobody reads.
   */
  static lazy<T>(source: T, load: (source: T) => [HeaderField[], string[]]): SipHeaders {
    const h = new SipHeaders(UNBUILT);
    h.#source = source;
    h.#load = load as (source: never) => [HeaderField[], string[]];
    return h;
  }

  #ensure(): void {
    if (this.#load !== null) {
      [this.#fields, this.#keys] = this.#load(this.#source as never);
      this.#load = null;
      this.#source = null;
    }
  }

  get size(): number {
    this.#ensure();
    return this.#fields.length;
  }

  /** The first field's value (for a list header, the whole first line), or undefined. */
  get(name: string): string | undefined {
    this.#ensure();
    const key = headerKey(name);
    const at = this.#keys.indexOf(key);
    return at < 0 ? undefined : this.#fields[at]!.value;
  }

  has(name: string): boolean {
    this.#ensure();
    return this.#keys.includes(headerKey(name));
  }

  /** How many fields (lines) of that name there are. */
  count(name: string): number {
    this.#ensure();
    const key = headerKey(name);
    let n = 0;
    for (const k of this.#keys) if (k === key) n++;
    return n;
  }

  /**
   * Every value of the header in order. For list headers (Via, Route, Contact, …) each
   * comma-separated element is its own entry; quoted strings and <…> are respected.
   */
  getAll(name: string): string[] {
    this.#ensure();
    const key = headerKey(name);
    const list = isListHeader(canonicalHeaderName(name));
    const out: string[] = [];
    for (let i = 0; i < this.#keys.length; i++) {
      if (this.#keys[i] !== key) continue;
      const value = this.#fields[i]!.value;
      if (list && value.includes(',')) {
        for (const part of splitTopLevel(value, ',')) {
          const trimmed = part.trim();
          if (trimmed !== '') out.push(trimmed);
        }
      } else if (!list || value !== '') {
        out.push(value);
      }
    }
    return out;
  }

  /** Appends a field at the end. */
  append(name: string, value: string): this {
    this.#ensure();
    this.#fields.push({ name: canonicalHeaderName(name), value });
    this.#keys.push(headerKey(name));
    return this;
  }

  /** Inserts a field before all others (e.g. a new top Via or Route). */
  prepend(name: string, value: string): this {
    this.#ensure();
    this.#fields.unshift({ name: canonicalHeaderName(name), value });
    this.#keys.unshift(headerKey(name));
    return this;
  }

  /** Replaces every field of that name with one field (appended where the first one was). */
  set(name: string, value: string): this {
    this.#ensure();
    const key = headerKey(name);
    const at = this.#keys.indexOf(key);
    this.delete(name);
    const field = { name: canonicalHeaderName(name), value };
    if (at < 0 || at > this.#fields.length) {
      this.#fields.push(field);
      this.#keys.push(key);
    } else {
      this.#fields.splice(at, 0, field);
      this.#keys.splice(at, 0, key);
    }
    return this;
  }

  /** Removes every field of that name; returns how many were removed. */
  delete(name: string): number {
    this.#ensure();
    const key = headerKey(name);
    let removed = 0;
    for (let i = this.#keys.length - 1; i >= 0; i--) {
      if (this.#keys[i] === key) {
        this.#fields.splice(i, 1);
        this.#keys.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  /** Fields in order (a copy). */
  fields(): HeaderField[] {
    this.#ensure();
    return this.#fields.map((f) => ({ ...f }));
  }

  [Symbol.iterator](): Iterator<HeaderField> {
    return this.fields()[Symbol.iterator]();
  }

  clone(): SipHeaders {
    this.#ensure();
    return SipHeaders.fromParsed(this.fields(), [...this.#keys]);
  }
}
