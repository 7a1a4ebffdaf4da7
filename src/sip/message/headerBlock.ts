/**
 * Scans the header block (RFC 3261 §7.3): one field per line, `name HCOLON value`, a line that
 * starts with SP/HTAB continuing the previous one (folding, replaced by one SP). Names are tokens
 * compared case-insensitively, compact forms expanded (§7.3.3). Fields are counted and lines
 * measured while scanning, so an oversized block is rejected before anything else is parsed.
 * The core headers are only located here (their field index), not parsed.
 */
import { SipParseError } from './errors.js';
import type { HeaderField } from './headers.js';
import { knownHeaderSpellings } from './headerNames.js';
import { charClass, TOKEN } from './lex.js';
import type { MessageLimits } from './limits.js';

/**
 * The scanned block. Fields are kept as offsets into `head` and only turned into HeaderField
 * objects when someone reads the headers (materialize), so non-core headers cost one scan.
 * Index of each core header's field; -1 when absent. `dup` names a repeated single header.
 */
export interface HeaderBlock {
  head: string;
  /**
   * Five numbers per field: nameStart, nameEnd, valueStart, valueEnd and the id of the known
   * header (index in `entries`), or -1 for a name we do not know.
   */
  offsets: number[];
  /** Values of fields that had continuation lines (folding resolved), by field index. */
  folded: Map<number, string> | null;
  count: number;
  via: number[];
  from: number;
  to: number;
  callId: number;
  cseq: number;
  contentLength: number;
  maxForwards: number;
  dup: string | null;
}

const enum Core {
  None,
  Via,
  From,
  To,
  CallId,
  CSeq,
  ContentLength,
  MaxForwards,
}

const coreOf: Readonly<Record<string, Core>> = {
  via: Core.Via,
  from: Core.From,
  to: Core.To,
  'call-id': Core.CallId,
  cseq: Core.CSeq,
  'content-length': Core.ContentLength,
  'max-forwards': Core.MaxForwards,
};

export interface Entry {
  /** The spelling this entry matches, lower-cased ("v" and "via" are two entries). */
  lower: string;
  name: string;
  key: string;
  core: Core;
  /** Index in `entries`, stored in the offsets table. */
  id: number;
}

/**
 * Known names by a hash of their lower-cased characters, computed while the name is scanned,
 * so a known header is identified without slicing and hashing a new string (Map.get with a
 * fresh string key costs more than the whole scan of the line).
 */
const BUCKETS = 1024;
const buckets: Array<Entry[] | undefined> = new Array<Entry[] | undefined>(BUCKETS);
const entries: Entry[] = [];

function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

for (const [spelling, h] of knownHeaderSpellings()) {
  if (spelling !== spelling.toLowerCase()) continue;
  let hash = 0;
  for (let i = 0; i < spelling.length; i++) hash = hashStep(hash, spelling.charCodeAt(i));
  const slot = hash & (BUCKETS - 1);
  const entry: Entry = { lower: spelling, name: h.name, key: h.key, core: coreOf[h.key] ?? Core.None, id: entries.length };
  (buckets[slot] ??= []).push(entry);
  entries.push(entry);
}


function lookup(head: string, from: number, to: number, hash: number): Entry | undefined {
  const list = buckets[hash & (BUCKETS - 1)];
  if (list === undefined) return undefined;
  const len = to - from;
  outer: for (const e of list) {
    if (e.lower.length !== len) continue;
    if (e.name.length === len && head.startsWith(e.name, from)) return e;
    for (let k = 0; k < len; k++) {
      let c = head.charCodeAt(from + k);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== e.lower.charCodeAt(k)) continue outer;
    }
    return e;
  }
  return undefined;
}

function limit(reason: string): SipParseError {
  return new SipParseError('SIP_PARSE_LIMIT', reason, 513);
}

function trimEnd(s: string, from: number, to: number): number {
  while (to > from) {
    const c = s.charCodeAt(to - 1);
    if (c !== 32 && c !== 9) break;
    to--;
  }
  return to;
}

function trimStart(s: string, from: number, to: number): number {
  while (from < to) {
    const c = s.charCodeAt(from);
    if (c !== 32 && c !== 9) break;
    from++;
  }
  return from;
}

/** The value of field `index` (folding resolved, surrounding whitespace trimmed). */
export function fieldValue(block: HeaderBlock, index: number): string {
  const folded = block.folded?.get(index);
  if (folded !== undefined) return folded;
  const o = index * 5;
  return block.head.slice(block.offsets[o + 2]!, block.offsets[o + 3]!);
}

/** Builds the HeaderField list and lookup keys SipHeaders keeps. */
export function materialize(block: HeaderBlock): [HeaderField[], string[]] {
  const fields: HeaderField[] = new Array<HeaderField>(block.count);
  const keys: string[] = new Array<string>(block.count);
  for (let i = 0; i < block.count; i++) {
    const id = block.offsets[i * 5 + 4]!;
    const known = id < 0 ? undefined : entries[id];
    const value = fieldValue(block, i);
    if (known === undefined) {
      const name = block.head.slice(block.offsets[i * 5]!, block.offsets[i * 5 + 1]!);
      fields[i] = { name, value };
      keys[i] = name.toLowerCase();
    } else {
      fields[i] = { name: known.name, value };
      keys[i] = known.key;
    }
  }
  return [fields, keys];
}

/**
 * Scans `head` from `pos` (the first header line) to its end; `head` ends with the CRLF of the
 * last header line (the empty line is not included).
 */
export function scanHeaderBlock(head: string, pos: number, limits: MessageLimits): HeaderBlock {
  const block: HeaderBlock = {
    head, offsets: [], folded: null, count: 0,
    via: [], from: -1, to: -1, callId: -1, cseq: -1, contentLength: -1, maxForwards: -1, dup: null,
  };
  const { offsets } = block;
  const n = head.length;
  const maxLine = limits.maxLineLength;
  const maxCount = limits.maxHeaderCount;
  while (pos < n) {
    const lf = head.indexOf('\n', pos);
    const cr = head.indexOf('\r', pos);
    if (lf < 0 || cr !== lf - 1) throw new SipParseError('SIP_PARSE_BAD_HEADER', 'bare CR or LF inside the header block (RFC 3261 §7.3)');
    const end = cr;
    if (end - pos > maxLine) throw limit(`header line longer than maxLineLength ${maxLine}`);
    const first = head.charCodeAt(pos);
    if (first === 32 || first === 9) {
      // Folding: "CRLF 1*WSP" is equivalent to a single SP (RFC 3261 §7.3.1).
      const last = block.count - 1;
      if (last < 0) throw new SipParseError('SIP_PARSE_BAD_HEADER', 'continuation line before any header');
      const from = trimStart(head, pos, end);
      const to = trimEnd(head, from, end);
      if (to > from) {
        const piece = head.slice(from, to);
        const before = fieldValue(block, last);
        (block.folded ??= new Map()).set(last, before === '' ? piece : before + ' ' + piece);
      }
      pos = lf + 1;
      continue;
    }
    if (block.count >= maxCount) throw limit(`more than maxHeaderCount ${maxCount} header fields`);
    let nameEnd = pos;
    let hash = 0;
    while (nameEnd < end) {
      let c = head.charCodeAt(nameEnd);
      if (c >= 256 || (charClass[c]! & TOKEN) === 0) break;
      if (c >= 65 && c <= 90) c += 32;
      hash = hashStep(hash, c);
      nameEnd++;
    }
    let colon = nameEnd;
    while (colon < end && (head.charCodeAt(colon) === 32 || head.charCodeAt(colon) === 9)) colon++;
    if (nameEnd === pos || head.charCodeAt(colon) !== 58) {
      throw new SipParseError('SIP_PARSE_BAD_HEADER', `malformed header line "${head.slice(pos, Math.min(end, pos + 40))}"`);
    }
    const from = trimStart(head, colon + 1, end);
    const known = lookup(head, pos, nameEnd, hash);
    const index = block.count++;
    offsets.push(pos, nameEnd, from, trimEnd(head, from, end), known === undefined ? -1 : known.id);
    if (known !== undefined) {
      const core = known.core;
      if (core !== Core.None) {
        switch (core) {
          case Core.Via: block.via.push(index); break;
          case Core.From: if (block.from >= 0) block.dup ??= known.name; else block.from = index; break;
          case Core.To: if (block.to >= 0) block.dup ??= known.name; else block.to = index; break;
          case Core.CallId: if (block.callId >= 0) block.dup ??= known.name; else block.callId = index; break;
          case Core.CSeq: if (block.cseq >= 0) block.dup ??= known.name; else block.cseq = index; break;
          case Core.ContentLength: if (block.contentLength >= 0) block.dup ??= known.name; else block.contentLength = index; break;
          case Core.MaxForwards: if (block.maxForwards >= 0) block.dup ??= known.name; else block.maxForwards = index; break;
          default: break;
        }
      }
    }
    pos = lf + 1;
  }
  return block;
}
