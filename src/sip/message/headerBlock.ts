/**
 * Scans the header block (RFC 3261 §7.3): one field per line, `name HCOLON value`, a line that
 * starts with SP/HTAB continuing the previous one (folding, replaced by one SP). Names are tokens
 * compared case-insensitively, compact forms expanded (§7.3.3). Fields are counted and lines
 * measured while scanning, so an oversized block is rejected before anything else is parsed.
 * The core headers are only located here (their value range), not parsed.
 */
import { SipParseError } from './errors.js';
import type { HeaderField } from './headers.js';
import { knownHeaderSpellings } from './headerNames.js';
import { charClass, TOKEN } from './lex.js';
import type { MessageLimits } from './limits.js';

/**
 * The scanned block. Only the core headers are located (their value range); the other fields
 * are validated and counted but not recorded, and materialize() finds them again by rescanning
 * the lines when someone reads the headers, so a message nobody inspects costs one scan.
 */
export interface HeaderBlock {
  head: string;
  /**
   * The bytes `head` was decoded from when that was one char per byte (ASCII, decoded as
   * latin1): head.charCodeAt(i) === bytes[base + i]. Null otherwise. The scanners index these
   * bytes (much cheaper than charCodeAt on a string) and cut values from `head`.
   */
  bytes: Uint8Array | null;
  base: number;
  /** Where the first header line starts, and the end of the block (after the last CRLF). */
  start: number;
  end: number;
  count: number;
  /**
   * Three numbers per located core field: field index, valueStart, valueEnd. `via` and the
   * single core headers below hold record numbers into this table (-1 when absent).
   */
  core: number[];
  /** Values of fields that had continuation lines (folding resolved), by field index. */
  folded: Map<number, string> | null;
  via: number[];
  from: number;
  to: number;
  callId: number;
  cseq: number;
  contentLength: number;
  maxForwards: number;
  /** The canonical name of the first single core header seen twice. */
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

/** True when s[from, from + lower.length) equals `lower` ignoring case (s holds token characters). */
function sameName(s: string, from: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    // For token characters, | 0x20 lower-cases letters and changes nothing that could equal one.
    if ((s.charCodeAt(from + k) | 0x20) !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** The core header named by the token s[from, from + len), if any (long and compact forms). */
function coreHeader(s: string, from: number, len: number): Core {
  const c = s.charCodeAt(from) | 0x20;
  switch (len) {
    case 1:
      switch (c) {
        case 0x76: return Core.Via; // v
        case 0x66: return Core.From; // f
        case 0x74: return Core.To; // t
        case 0x69: return Core.CallId; // i
        case 0x6c: return Core.ContentLength; // l
        default: return Core.None;
      }
    case 2: return c === 0x74 && sameName(s, from, 'to') ? Core.To : Core.None;
    case 3: return c === 0x76 && sameName(s, from, 'via') ? Core.Via : Core.None;
    case 4:
      if (c === 0x66) return sameName(s, from, 'from') ? Core.From : Core.None;
      return c === 0x63 && sameName(s, from, 'cseq') ? Core.CSeq : Core.None;
    case 7: return c === 0x63 && sameName(s, from, 'call-id') ? Core.CallId : Core.None;
    case 12: return c === 0x6d && sameName(s, from, 'max-forwards') ? Core.MaxForwards : Core.None;
    case 14: return c === 0x63 && sameName(s, from, 'content-length') ? Core.ContentLength : Core.None;
    default: return Core.None;
  }
}


/** sameName over bytes: b[from, from + lower.length) equals `lower` ignoring case. */
function sameNameB(b: Uint8Array, from: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    if ((b[from + k]! | 0x20) !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** coreHeader over bytes. */
function coreHeaderB(b: Uint8Array, from: number, len: number): Core {
  const c = b[from]! | 0x20;
  switch (len) {
    case 1:
      switch (c) {
        case 0x76: return Core.Via; // v
        case 0x66: return Core.From; // f
        case 0x74: return Core.To; // t
        case 0x69: return Core.CallId; // i
        case 0x6c: return Core.ContentLength; // l
        default: return Core.None;
      }
    case 2: return c === 0x74 && (b[from + 1]! | 0x20) === 0x6f ? Core.To : Core.None;
    case 3: return c === 0x76 && sameNameB(b, from, 'via') ? Core.Via : Core.None;
    case 4:
      if (c === 0x66) return sameNameB(b, from, 'from') ? Core.From : Core.None;
      return c === 0x63 && sameNameB(b, from, 'cseq') ? Core.CSeq : Core.None;
    case 7: return c === 0x63 && sameNameB(b, from, 'call-id') ? Core.CallId : Core.None;
    case 12: return c === 0x6d && sameNameB(b, from, 'max-forwards') ? Core.MaxForwards : Core.None;
    case 14: return c === 0x63 && sameNameB(b, from, 'content-length') ? Core.ContentLength : Core.None;
    default: return Core.None;
  }
}

const coreName = ['', 'Via', 'From', 'To', 'Call-ID', 'CSeq', 'Content-Length', 'Max-Forwards'] as const;

/** A known header spelling (what materialize() files a field under). */
interface Entry {
  /** The spelling this entry matches, lower-cased ("v" and "via" are two entries). */
  lower: string;
  name: string;
  key: string;
}

/**
 * Known names by a hash of their lower-cased characters, computed while the name is scanned,
 * so a known header is identified without slicing and hashing a new string (Map.get with a
 * fresh string key costs more than the whole scan of the line).
 */
const BUCKETS = 1024;
const buckets: Array<Entry[] | undefined> = new Array<Entry[] | undefined>(BUCKETS);

function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

for (const [spelling, h] of knownHeaderSpellings()) {
  if (spelling !== spelling.toLowerCase()) continue;
  let hash = 0;
  for (let i = 0; i < spelling.length; i++) hash = hashStep(hash, spelling.charCodeAt(i));
  (buckets[hash & (BUCKETS - 1)] ??= []).push({ lower: spelling, name: h.name, key: h.key });
}

function lookup(head: string, from: number, to: number, hash: number): Entry | undefined {
  const list = buckets[hash & (BUCKETS - 1)];
  if (list === undefined) return undefined;
  const len = to - from;
  for (const e of list) {
    if (e.lower.length === len && sameName(head, from, e.lower)) return e;
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

/** End of the header name (a token) starting at s[from], before `to`. */
function nameEnd(s: string, from: number, to: number): number {
  while (from < to) {
    const c = s.charCodeAt(from);
    if (c >= 256 || (charClass[c]! & TOKEN) === 0) break;
    from++;
  }
  return from;
}

/** The value of located core field `record` (folding resolved, surrounding whitespace trimmed). */
export function coreValue(block: HeaderBlock, record: number): string {
  const o = record * 3;
  if (block.folded !== null) {
    const folded = block.folded.get(block.core[o]!);
    if (folded !== undefined) return folded;
  }
  return block.head.slice(block.core[o + 1]!, block.core[o + 2]!);
}

/**
 * Builds the HeaderField list and lookup keys SipHeaders keeps, by rescanning the lines that
 * scanHeaderBlock() has already validated (so nothing here can fail).
 */
export function materialize(block: HeaderBlock): [HeaderField[], string[]] {
  const fields: HeaderField[] = new Array<HeaderField>(block.count);
  const keys: string[] = new Array<string>(block.count);
  const { head, folded } = block;
  let pos = block.start;
  let index = 0;
  while (pos < block.end) {
    const lf = head.indexOf('\n', pos);
    const end = lf - 1;
    const first = head.charCodeAt(pos);
    if (first !== 32 && first !== 9) {
      let hash = 0;
      let k = pos;
      for (; k < end; k++) {
        let c = head.charCodeAt(k);
        if (c >= 256 || (charClass[c]! & TOKEN) === 0) break;
        if (c >= 65 && c <= 90) c += 32;
        hash = hashStep(hash, c);
      }
      const from = trimStart(head, head.indexOf(':', k) + 1, end);
      const value = folded?.get(index) ?? head.slice(from, trimEnd(head, from, end));
      const known = lookup(head, pos, k, hash);
      if (known === undefined) {
        const name = head.slice(pos, k);
        fields[index] = { name, value };
        keys[index] = name.toLowerCase();
      } else {
        fields[index] = { name: known.name, value };
        keys[index] = known.key;
      }
      index++;
    }
    pos = lf + 1;
  }
  return [fields, keys];
}

/**
 * Scans `head` from `pos` (the first header line) to `end` (default: its length), which is just
 * after the CRLF of the last header line (the empty line is not included).
 */
export function scanHeaderBlock(
  head: string, pos: number, limits: MessageLimits, end = head.length, bytes: Uint8Array | null = null, base = 0,
): HeaderBlock {
  const block: HeaderBlock = {
    head, bytes, base, start: pos, end, count: 0, core: [], folded: null,
    via: [], from: -1, to: -1, callId: -1, cseq: -1, contentLength: -1, maxForwards: -1, dup: null,
  };
  // The byte scanner relies on the block ending with CRLF to stop its loops (a head cut by
  // parseMessage always does).
  if (bytes !== null && (end === pos || (bytes[base + end - 2] === 13 && bytes[base + end - 1] === 10))) {
    return scanBytes(block, bytes, base, limits);
  }
  block.bytes = null;
  const maxLine = limits.maxLineLength;
  const maxCount = limits.maxHeaderCount;
  // Value range of the last field, for folding.
  let lastFrom = 0;
  let lastTo = 0;
  while (pos < end) {
    const lf = head.indexOf('\n', pos);
    const cr = head.indexOf('\r', pos);
    if (lf < 0 || cr !== lf - 1) throw new SipParseError('SIP_PARSE_BAD_HEADER', 'bare CR or LF inside the header block (RFC 3261 §7.3)');
    const lineEnd = cr;
    if (lineEnd - pos > maxLine) throw limit(`header line longer than maxLineLength ${maxLine}`);
    const first = head.charCodeAt(pos);
    if (first === 32 || first === 9) {
      // Folding: "CRLF 1*WSP" is equivalent to a single SP (RFC 3261 §7.3.1).
      const last = block.count - 1;
      if (last < 0) throw new SipParseError('SIP_PARSE_BAD_HEADER', 'continuation line before any header');
      const from = trimStart(head, pos, lineEnd);
      const to = trimEnd(head, from, lineEnd);
      if (to > from) {
        const piece = head.slice(from, to);
        const before = block.folded?.get(last) ?? head.slice(lastFrom, lastTo);
        (block.folded ??= new Map()).set(last, before === '' ? piece : before + ' ' + piece);
      }
      pos = lf + 1;
      continue;
    }
    if (block.count >= maxCount) throw limit(`more than maxHeaderCount ${maxCount} header fields`);
    const nEnd = nameEnd(head, pos, lineEnd);
    let colon = nEnd;
    while (colon < lineEnd && (head.charCodeAt(colon) === 32 || head.charCodeAt(colon) === 9)) colon++;
    if (nEnd === pos || head.charCodeAt(colon) !== 58) {
      throw new SipParseError('SIP_PARSE_BAD_HEADER', `malformed header line "${head.slice(pos, Math.min(lineEnd, pos + 40))}"`);
    }
    lastFrom = trimStart(head, colon + 1, lineEnd);
    lastTo = trimEnd(head, lastFrom, lineEnd);
    const index = block.count++;
    const kind = coreHeader(head, pos, nEnd - pos);
    if (kind !== Core.None) record(block, kind, index, lastFrom, lastTo);
    pos = lf + 1;
  }
  return block;
}

/** Files field `index` (a core header of kind `kind`, value head[from, to)) in the block. */
function record(block: HeaderBlock, kind: Core, index: number, from: number, to: number): void {
  const core = block.core;
  const record = core.length / 3;
  core.push(index, from, to);
  switch (kind) {
    case Core.Via: block.via.push(record); break;
    case Core.From: if (block.from >= 0) block.dup ??= coreName[kind]; else block.from = record; break;
    case Core.To: if (block.to >= 0) block.dup ??= coreName[kind]; else block.to = record; break;
    case Core.CallId: if (block.callId >= 0) block.dup ??= coreName[kind]; else block.callId = record; break;
    case Core.CSeq: if (block.cseq >= 0) block.dup ??= coreName[kind]; else block.cseq = record; break;
    case Core.ContentLength: if (block.contentLength >= 0) block.dup ??= coreName[kind]; else block.contentLength = record; break;
    case Core.MaxForwards: if (block.maxForwards >= 0) block.dup ??= coreName[kind]; else block.maxForwards = record; break;
    default: break;
  }
}

let lastBuffer: ArrayBufferLike | null = null;
let lastWords: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

/** A Uint32Array over the whole 4-byte words of `buffer` (the last one is kept for the next message). */
function wordsOf(buffer: ArrayBufferLike): Uint32Array {
  if (buffer !== lastBuffer || lastWords.length !== buffer.byteLength >> 2) {
    lastWords = new Uint32Array(buffer, 0, buffer.byteLength >> 2);
    lastBuffer = buffer;
  }
  return lastWords;
}

/**
 * scanHeaderBlock over the bytes (head.charCodeAt(i) === b[base + i]): the same checks in the
 * same order, with the same errors; positions recorded in the block are positions in `head`.
 */
function scanBytes(block: HeaderBlock, b: Uint8Array, base: number, limits: MessageLimits): HeaderBlock {
  const head = block.head;
  const maxLine = limits.maxLineLength;
  const maxCount = limits.maxHeaderCount;
  let pos = block.start + base;
  const end = block.end + base;
  let lastFrom = 0;
  let lastTo = 0;
  // The bytes as 32-bit words (all of them ASCII here): words[w] holds b[4w - offset, 4w - offset + 4),
  // and words below wEnd lie entirely before `end`.
  const words = wordsOf(b.buffer);
  const offset = b.byteOffset;
  const wEnd = (offset + end) >> 2;
  while (pos < end) {
    // The header name (a token never contains CR or LF), then the end of the line.
    let nEnd = pos;
    let c = b[nEnd]!;
    while ((charClass[c]! & TOKEN) !== 0) c = b[++nEnd]!;
    // Four bytes at a time while none of them is below 14 (then none is CR or LF), one at a time
    // from there. Most bytes are above CR: one comparison each. The block ends with CRLF, so
    // the loops stop inside it.
    let cr = nEnd;
    if (c > 13 && end - cr > 16) {
      let w = (offset + cr + 3) >> 2;
      while (cr < w * 4 - offset && ((c = b[cr]!) > 13 || (c !== 13 && c !== 10))) cr++;
      if (cr === w * 4 - offset) {
        // hasless(x, 14) (bit-twiddling hacks): some byte of x is below 14 (exact for bytes < 128).
        while (w < wEnd && ((words[w]! - 0x0e0e0e0e) & ~words[w]! & 0x80808080) === 0) w++;
        cr = w * 4 - offset;
      }
      c = b[cr]!;
    }
    while (c > 13 || (c !== 13 && c !== 10)) c = b[++cr]!;
    if (c !== 13 || b[cr + 1] !== 10) throw new SipParseError('SIP_PARSE_BAD_HEADER', 'bare CR or LF inside the header block (RFC 3261 §7.3)');
    if (cr - pos > maxLine) throw limit(`header line longer than maxLineLength ${maxLine}`);
    const first = b[pos]!;
    if (first === 32 || first === 9) {
      // Folding: "CRLF 1*WSP" is equivalent to a single SP (RFC 3261 §7.3.1).
      const last = block.count - 1;
      if (last < 0) throw new SipParseError('SIP_PARSE_BAD_HEADER', 'continuation line before any header');
      const from = trimStart(head, pos - base, cr - base);
      const to = trimEnd(head, from, cr - base);
      if (to > from) {
        const piece = head.slice(from, to);
        const before = block.folded?.get(last) ?? head.slice(lastFrom, lastTo);
        (block.folded ??= new Map()).set(last, before === '' ? piece : before + ' ' + piece);
      }
      pos = cr + 2;
      continue;
    }
    if (block.count >= maxCount) throw limit(`more than maxHeaderCount ${maxCount} header fields`);
    let colon = nEnd;
    while (colon < cr && (b[colon] === 32 || b[colon] === 9)) colon++;
    if (nEnd === pos || b[colon] !== 58) {
      const p = pos - base;
      throw new SipParseError('SIP_PARSE_BAD_HEADER', `malformed header line "${head.slice(p, Math.min(cr - base, p + 40))}"`);
    }
    let from = colon + 1;
    while (from < cr && (b[from] === 32 || b[from] === 9)) from++;
    let to = cr;
    while (to > from && (b[to - 1] === 32 || b[to - 1] === 9)) to--;
    lastFrom = from - base;
    lastTo = to - base;
    const index = block.count++;
    const kind = coreHeaderB(b, pos, nEnd - pos);
    if (kind !== Core.None) record(block, kind, index, lastFrom, lastTo);
    pos = cr + 2;
  }
  return block;
}
