/**
 * Message boundaries on a byte stream (RFC 3261 §18.3): over TCP and TLS a message is its header
 * block up to the empty line, then exactly Content-Length bytes of body.
 *
 *   [CRLF…]  start-line CRLF *(header CRLF) CRLF  body(Content-Length bytes)  [next message…]
 *
 * Between messages, RFC 5626 §3.5.1 keep-alives may appear: a double CRLF "ping", which the
 * receiver answers with a single CRLF "pong"; a lone CRLF (a pong, or the stray CRLF RFC 3261
 * §7.5 says to ignore) is dropped. Limits are checked before more bytes are kept: a header block
 * may not pass maxHeaderBytes, and a body larger than maxBodyBytes is refused as soon as its
 * Content-Length is read, before any of it is buffered.
 *
 * Pure: bytes in, events out. After a framing error the stream cannot be resynchronized, so the
 * framer stays broken and the connection must be closed.
 */
import { TransportError } from './errors.js';

export type FramerEvent =
  /** One whole message: header block + body, leading keep-alive CRLFs removed. */
  | { kind: 'message'; data: Buffer }
  /** A double-CRLF keep-alive ping; answer it with a single CRLF (RFC 5626 §3.5.1). */
  | { kind: 'ping' };

export interface StreamFramerLimits {
  maxHeaderBytes: number;
  maxBodyBytes: number;
}

const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** Ten digits already exceed any body limit; longer digit runs are refused as malformed. */
const MAX_LENGTH_DIGITS = 10;

export class StreamFramer {
  readonly #limits: StreamFramerLimits;
  #buf: Buffer = EMPTY;
  /** Bytes of #buf already searched for the empty line without finding it. */
  #scanned = 0;
  /** Total length of the message being received, once its header block is complete. */
  #expected: number | null = null;
  #broken: TransportError | null = null;

  constructor(limits: StreamFramerLimits) {
    this.#limits = limits;
  }

  /** Bytes received and not yet part of a whole message. */
  get bufferedLength(): number {
    return this.#buf.length;
  }

  /** A copy of the bytes received and not yet part of a whole message (for error reports). */
  buffered(): Buffer {
    return Buffer.from(this.#buf);
  }

  /**
   * Adds received bytes; returns the messages and pings they complete, in order.
   * Throws TransportError (HEADER_TOO_LARGE, BODY_TOO_LARGE, BAD_CONTENT_LENGTH) when the stream
   * is broken; every later call throws the same error.
   */
  push(chunk: Buffer): FramerEvent[] {
    if (this.#broken) throw this.#broken;
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const events: FramerEvent[] = [];
    try {
      while (this.#next(events));
    } catch (err) {
      if (err instanceof TransportError) this.#broken = err;
      throw err;
    }
    return events;
  }

  /** Takes one event off the front of the buffer; false when more bytes are needed. */
  #next(events: FramerEvent[]): boolean {
    const buf = this.#buf;
    if (this.#expected === null && this.#scanned === 0 && buf.length > 0 && buf[0] === CR) {
      if (buf.length < 2) return false;
      if (buf[1] === LF) {
        if (buf.length >= 4 && buf[2] === CR && buf[3] === LF) {
          events.push({ kind: 'ping' });
          this.#consume(4);
          return true;
        }
        // "\r\n" alone or "\r\n\r": wait, it may be the start of a ping.
        if (buf.length === 2 || (buf.length === 3 && buf[2] === CR)) return false;
        this.#consume(2);
        return true;
      }
    }
    if (buf.length === 0) return false;

    if (this.#expected === null) {
      const from = Math.max(0, this.#scanned - 3);
      const at = buf.indexOf(HEADER_END, from);
      const headerBytes = at < 0 ? buf.length : at + 4;
      if (headerBytes > this.#limits.maxHeaderBytes) {
        throw new TransportError(
          'SIP_TRANSPORT_HEADER_TOO_LARGE',
          `header block exceeds ${this.#limits.maxHeaderBytes} bytes without its empty line (RFC 3261 §18.3)`,
          { status: 513 },
        );
      }
      if (at < 0) {
        this.#scanned = buf.length;
        return false;
      }
      const length = contentLengthOf(buf.subarray(0, at));
      if (length > this.#limits.maxBodyBytes) {
        throw new TransportError(
          'SIP_TRANSPORT_BODY_TOO_LARGE',
          `Content-Length ${length} exceeds the ${this.#limits.maxBodyBytes}-byte body limit`,
          { status: 513 },
        );
      }
      this.#expected = at + 4 + length;
    }
    if (buf.length < this.#expected) return false;
    events.push({ kind: 'message', data: Buffer.from(buf.subarray(0, this.#expected)) });
    this.#consume(this.#expected);
    return true;
  }

  #consume(n: number): void {
    this.#buf = n >= this.#buf.length ? EMPTY : this.#buf.subarray(n);
    this.#scanned = 0;
    this.#expected = null;
  }
}

/**
 * The body length announced in a header block (without its final empty line): Content-Length or
 * its compact form `l`, names case-insensitive (§7.3.1, §7.3.3). Absent → 0; the message layer
 * decides whether a stream message without it is acceptable (§20.14 says it MUST be present).
 * Non-digits, too many digits or two different values → BAD_CONTENT_LENGTH.
 */
export function contentLengthOf(headerBlock: Buffer): number {
  const text = headerBlock.toString('latin1').replace(/\r\n[ \t]+/g, ' ');
  const lines = text.split('\r\n');
  let found: number | null = null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name !== 'content-length' && name !== 'l') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^[0-9]+$/.test(value) || value.length > MAX_LENGTH_DIGITS) {
      throw badLength(`Content-Length "${value.slice(0, 20)}" is not a decimal byte count`);
    }
    const n = Number(value);
    if (found !== null && found !== n) throw badLength(`conflicting Content-Length values ${found} and ${n}`);
    found = n;
  }
  return found ?? 0;
}

function badLength(detail: string): TransportError {
  return new TransportError('SIP_TRANSPORT_BAD_CONTENT_LENGTH', `${detail} (RFC 3261 §18.3)`, { status: 400 });
}
