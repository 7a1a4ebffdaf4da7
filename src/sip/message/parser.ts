/**
 * parseMessage: one SIP message from a Buffer (RFC 3261 §7, §18.3, §20).
 *
 *   [CRLF...] start-line CRLF *( message-header ) CRLF [ message-body ]
 *
 * The header block is decoded once (latin1 when it is ASCII, else UTF-8); lines are found with
 * indexOf; the core headers (Via, From, To, Call-ID, CSeq, Max-Forwards, Content-Length) and the
 * Request-URI are parsed and validated, every other header stays raw in SipHeaders.
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
import type { SipMessage, Uri, Via } from './types.js';

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

function decode(data: Buffer, start: number, end: number): string {
  // Checking the whole buffer first avoids creating a subarray in the usual all-ASCII case.
  const ascii = isAscii(data) || isAscii(data.subarray(start, end));
  return data.toString(ascii ? 'latin1' : 'utf8', start, end);
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
  const head = decode(data, start, headEnd + 2);
  const lineEnd = head.indexOf('\r\n');
  let startLine: StartLine;
  let block: HeaderBlock;
  try {
    if (lineEnd > limits.maxLineLength) throw new SipParseError('SIP_PARSE_LIMIT', 'start line longer than maxLineLength', 513);
    if (head.indexOf('\n') !== lineEnd + 1) throw new SipParseError('SIP_PARSE_BAD_START_LINE', 'bare LF in start line');
    startLine = parseStartLine(head.slice(0, lineEnd));
    block = scanHeaderBlock(head, lineEnd + 2, limits);
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
    uri = parseUri(startLine.uriText);
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
  for (const r of block.via) readViaValue(coreValue(block, r), via);
  const from = parseNameAddr(coreValue(block, block.from));
  const to = parseNameAddr(coreValue(block, block.to));
  const callId = parseCallId(coreValue(block, block.callId));
  const cseq = parseCSeq(coreValue(block, block.cseq));
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
