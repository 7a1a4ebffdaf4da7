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
export function scanHeaderBlock(head: string, pos: number, limits: MessageLimits, end = head.length): HeaderBlock {
  const block: HeaderBlock = {
    head, start: pos, end, count: 0, core: [], folded: null,
    via: [], from: -1, to: -1, callId: -1, cseq: -1, contentLength: -1, maxForwards: -1, dup: null,
  };
  const core = block.core;
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
    if (kind !== Core.None) {
      const record = core.length / 3;
      core.push(index, lastFrom, lastTo);
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
    pos = lf + 1;
  }
  return block;
}
