/**
 * parseMessage: one SIP message from a Buffer (RFC 3261 §7, §18.3, §20).
 *
 *   [CRLF...] start-line CRLF *( message-header ) CRLF [ message-body ]
 *
 * The header block is decoded once (latin1 when it is ASCII, else UTF-8). When it is ASCII, lines
 * are found and the core values read in the bytes themselves (one byte per char of the decoded
 * string, which values are cut from); otherwise the string is scanned. The core headers (Via,
 * From, To, Call-ID, CSeq, Max-Forwards, Content-Length) and the Request-URI are parsed and
 * validated, every other header stays raw in SipHeaders.
 * Content-Length counts bytes of the Buffer, never characters.
 */
import { isAscii } from 'node:buffer';
import { SipParseError, type ResponseContext } from './errors.js';
import { coreValue, materialize, scanHeaderBlock, type HeaderBlock } from './headerBlock.js';
import { SipHeaders } from './headers.js';
import { parseCSeq } from './headers/cseq.js';
import { parseNameAddr } from './headers/nameAddr.js';
import { parseCallId, parseContentLength, parseMaxForwards } from './headers/scalars.js';
import { parseUri, uriScheme } from './headers/uri.js';
import { parseViaList, readViaValue } from './headers/via.js';
import { resolveLimits, type MessageLimits } from './limits.js';
import { parseStartLine, type StartLine } from './startLine.js';
import { fastNameAddrBytes, fastSipUriBytes, fastViaBytes } from './fastPaths.js';
import { charClass, TOKEN } from './lex.js';
import type { CSeq, NameAddr, SipMessage, Uri, Via } from './types.js';

export interface ParseOptions {
  /**
   * True for a UDP datagram: a missing Content-Length means the body is the rest of the
   * datagram (RFC 3261 §18.3). False (default) for a message framed out of a stream, where a
   * missing Content-Length means no body.
   */
  datagram?: boolean;
  limits?: Partial<MessageLimits>;
}

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);

function startsLikeResponse(data: Buffer, at: number): boolean {
  return (data[at]! | 0x20) === 0x73 && (data[at + 1]! | 0x20) === 0x69 && (data[at + 2]! | 0x20) === 0x70 && data[at + 3] === 0x2f;
}

/** True when data[start, end) is ASCII (then its latin1 decoding has one char per byte). */
function asciiRange(data: Buffer, start: number, end: number): boolean {
  // Checking the whole buffer first avoids creating a subarray in the usual all-ASCII case.
  return isAscii(data) || isAscii(data.subarray(start, end));
}

export function parseMessage(data: Buffer, options?: ParseOptions): SipMessage {
  const limits = options?.limits === undefined ? resolveLimits() : resolveLimits(options.limits);
  let start = 0;
  while (data[start] === 13 && data[start + 1] === 10) start += 2; // RFC 3261 §7.5
  if (start >= data.length) throw new SipParseError('SIP_PARSE_EMPTY', 'empty message');
  const isResponse = startsLikeResponse(data, start);
  if (data.length > limits.maxMessageBytes) {
    throw new SipParseError('SIP_PARSE_LIMIT', `message of ${data.length} bytes exceeds maxMessageBytes ${limits.maxMessageBytes}`, 513, isResponse);
  }
  const headEnd = data.indexOf(CRLFCRLF, start);
  if (headEnd < 0) {
    throw new SipParseError('SIP_PARSE_TRUNCATED', 'no empty line after the headers (RFC 3261 §7)', 400, isResponse);
  }
  const ascii = asciiRange(data, start, headEnd + 2);
  const head = data.toString(ascii ? 'latin1' : 'utf8', start, headEnd + 2);
  let lineEnd = -1;
  let firstLf = -1;
  if (ascii) {
    // The first LF, found in the bytes (head ends with CRLF); when a CR precedes it, that is
    // also the first CRLF.
    let lf = start;
    while (data[lf] !== 10) lf++;
    firstLf = lf - start;
    if (lf > start && data[lf - 1] === 13) lineEnd = firstLf - 1;
  }
  if (lineEnd < 0) lineEnd = head.indexOf('\r\n');
  if (firstLf < 0) firstLf = head.indexOf('\n');
  let startLine: StartLine;
  let block: HeaderBlock;
  try {
    if (lineEnd > limits.maxLineLength) throw new SipParseError('SIP_PARSE_LIMIT', 'start line longer than maxLineLength', 513);
    if (firstLf !== lineEnd + 1) throw new SipParseError('SIP_PARSE_BAD_START_LINE', 'bare LF in start line');
    startLine = parseStartLine(head.slice(0, lineEnd));
    block = scanHeaderBlock(head, lineEnd + 2, limits, head.length, ascii ? data : null, start);
  } catch (err) {
    if (err instanceof SipParseError) err.isResponse = isResponse;
    throw err;
  }
  try {
    return build(data, headEnd + 4, startLine, block, limits, options?.datagram === true);
  } catch (err) {
    if (err instanceof SipParseError) {
      err.isResponse = isResponse;
      if (!isResponse) {
        const context = responseContext(block);
        if (context !== undefined) err.responseContext = context;
      }
    }
    throw err;
  }
}

function value(block: HeaderBlock, record: number): string {
  return record < 0 ? '' : coreValue(block, record);
}

function responseContext(block: HeaderBlock): ResponseContext | undefined {
  let via: Via[];
  try {
    via = parseViaList(block.via.map((r) => coreValue(block, r)));
  } catch {
    return undefined;
  }
  if (via.length === 0) return undefined;
  return {
    via,
    from: value(block, block.from),
    to: value(block, block.to),
    callId: value(block, block.callId),
    cseq: value(block, block.cseq),
  };
}

function missing(name: string): SipParseError {
  return new SipParseError('SIP_PARSE_MISSING_HEADER', `missing ${name} header (RFC 3261 §8.1.1)`);
}

function nameAddr(block: HeaderBlock, bytes: Uint8Array | null, record: number): NameAddr {
  if (bytes !== null) {
    const o = record * 3;
    const fast = fastNameAddrBytes(bytes, block.base, block.head, block.core[o + 1]!, block.core[o + 2]!);
    if (fast !== null) return fast;
  }
  return parseNameAddr(coreValue(block, record));
}

/** A Call-ID of visible ASCII (what parseCallId accepts), read from the bytes; null otherwise. */
function fastCallId(block: HeaderBlock, b: Uint8Array, record: number): string | null {
  const o = record * 3;
  const from = block.core[o + 1]!;
  const to = block.core[o + 2]!;
  if (to === from) return null;
  for (let i = block.base + from, n = block.base + to; i < n; i++) {
    const c = b[i]!;
    if (c <= 32 || c === 127) return null;
  }
  return block.head.slice(from, to);
}

/** CSeq in its usual spelling, "1*10DIGIT SP token", read from the bytes; null otherwise. */
function fastCSeq(block: HeaderBlock, b: Uint8Array, record: number): CSeq | null {
  const o = record * 3;
  const base = block.base;
  const n = base + block.core[o + 2]!;
  let i = base + block.core[o + 1]!;
  const digits = i;
  let seq = 0;
  for (; i < n; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    seq = seq * 10 + d;
  }
  if (i === digits || i - digits > 10 || seq > 0xffffffff || i >= n || b[i] !== 32) return null;
  const method = ++i;
  while (i < n && (charClass[b[i]!]! & TOKEN) !== 0) i++;
  if (i === method || i !== n) return null;
  return { seq, method: block.head.slice(method - base, n - base) };
}

function build(data: Buffer, bodyStart: number, startLine: StartLine, block: HeaderBlock, limits: MessageLimits, datagram: boolean): SipMessage {
  if (block.dup !== null) {
    if (block.dup === 'Content-Length') throw new SipParseError('SIP_PARSE_CONTENT_LENGTH', 'more than one Content-Length');
    throw new SipParseError('SIP_PARSE_DUPLICATE_HEADER', `more than one ${block.dup} header (RFC 3261 §7.3.1)`);
  }
  let uri: Uri | undefined;
  if (startLine.kind === 'request') {
    // §8.2.2.1: a Request-URI scheme the UAS does not understand is answered with 416.
    const scheme = uriScheme(startLine.uriText);
    if (scheme !== null && scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel') {
      throw new SipParseError('SIP_PARSE_UNSUPPORTED_URI_SCHEME', `unsupported Request-URI scheme "${scheme}"`, 416);
    }
    // The Request-URI follows "Method SP" at the start of the head.
    const uriFrom = startLine.method.length + 1;
    uri = (block.bytes === null ? null : fastSipUriBytes(block.bytes, block.base, block.head, uriFrom, uriFrom + startLine.uriText.length)) ??
      parseUri(startLine.uriText);
    if (uri.scheme !== 'tel' && 'headers' in uri && uri.headers.size > 0) {
      // §19.1.1 table: headers are "not allowed" in a Request-URI (RFC 4475 §3.1.2.11 escruri).
      throw new SipParseError('SIP_PARSE_BAD_URI', 'Request-URI must not contain URI headers (RFC 3261 §19.1.1)');
    }
  }
  if (block.via.length === 0) throw missing('Via');
  if (block.from < 0) throw missing('From');
  if (block.to < 0) throw missing('To');
  if (block.callId < 0) throw missing('Call-ID');
  if (block.cseq < 0) throw missing('CSeq');
  const via: Via[] = [];
  // The fast paths over the bytes when the head is one char per byte and nothing was folded;
  // the string parsers otherwise, and for anything the fast paths do not take.
  const bytes = block.folded === null ? block.bytes : null;
  if (bytes !== null) {
    const { base, head, core } = block;
    for (const r of block.via) {
      const fast = fastViaBytes(bytes, base, head, core[r * 3 + 1]!, core[r * 3 + 2]!);
      if (fast !== null) via.push(fast);
      else readViaValue(coreValue(block, r), via);
    }
  } else {
    for (const r of block.via) readViaValue(coreValue(block, r), via);
  }
  const from = nameAddr(block, bytes, block.from);
  const to = nameAddr(block, bytes, block.to);
  const callId = (bytes === null ? null : fastCallId(block, bytes, block.callId)) ?? parseCallId(coreValue(block, block.callId));
  const cseq = (bytes === null ? null : fastCSeq(block, bytes, block.cseq)) ?? parseCSeq(coreValue(block, block.cseq));
  const maxForwards = block.maxForwards < 0 ? undefined : parseMaxForwards(coreValue(block, block.maxForwards));

  const available = data.length - bodyStart;
  let body: Buffer;
  if (block.contentLength >= 0) {
    const length = parseContentLength(coreValue(block, block.contentLength));
    if (length > limits.maxBodyBytes) {
      throw new SipParseError('SIP_PARSE_LIMIT', `Content-Length ${length} exceeds maxBodyBytes ${limits.maxBodyBytes}`, 413);
    }
    if (length > available) {
      throw new SipParseError('SIP_PARSE_CONTENT_LENGTH', `Content-Length ${length} is larger than the ${available} body bytes received (RFC 3261 §18.3)`);
    }
    // Extra bytes after the body are discarded (§18.3; RFC 4475 §3.1.1.8 dblreq).
    body = length === 0 ? EMPTY : data.subarray(bodyStart, bodyStart + length);
  } else if (datagram && available > 0) {
    if (available > limits.maxBodyBytes) {
      throw new SipParseError('SIP_PARSE_LIMIT', `body of ${available} bytes exceeds maxBodyBytes ${limits.maxBodyBytes}`, 413);
    }
    body = data.subarray(bodyStart);
  } else {
    body = EMPTY;
  }
  const headers = SipHeaders.lazy(block, materialize);
  if (startLine.kind === 'request') {
    return {
      type: 'request', method: startLine.method, uri: uri!, version: startLine.version, headers, body,
      via, from, to, callId, cseq, maxForwards,
    };
  }
  return {
    type: 'response', status: startLine.status, reason: startLine.reason, version: startLine.version, headers, body,
    via, from, to, callId, cseq, maxForwards,
  };
}
