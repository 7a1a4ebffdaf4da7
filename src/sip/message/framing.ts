/**
 * Stream framing (RFC 3261 §18.3): where the next message of a TCP/TLS byte stream ends.
 * Leading CRLFs are skipped (RFC 3261 §7.5; RFC 5626 §3.5.1 keep-alives: a "CRLFCRLF" ping gets
 * a CRLF pong from the transport). Limits are enforced on what has been buffered so far, so a
 * peer cannot make the transport buffer more than maxMessageBytes for one message.
 */
import { SipParseError } from './errors.js';
import { resolveLimits, type MessageLimits } from './limits.js';

export type FrameResult =
  /** A whole message is buffered: `buf.subarray(0, messageLength)` (leading CRLFs included). */
  | { messageLength: number; keepaliveBytes: number }
  /** Not yet; the first `keepaliveBytes` bytes are CRLF keep-alives the caller may discard. */
  | { needMore: true; keepaliveBytes: number }
  /** The stream is broken or hostile; close the connection (after a 4xx/513 when possible). */
  | { error: SipParseError };

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

function limitError(reason: string, status: number): { error: SipParseError } {
  return { error: new SipParseError('SIP_PARSE_LIMIT', reason, status) };
}

/** The Content-Length of a header block (latin1 text, lines ending in CRLF); -1 when absent. */
function findContentLength(head: string): number | SipParseError {
  let found = -1;
  let pos = head.indexOf('\r\n') + 2;
  while (pos < head.length) {
    let lf = head.indexOf('\r\n', pos);
    if (lf < 0) lf = head.length;
    const c = head.charCodeAt(pos) | 0x20;
    if (c === 0x6c || c === 0x63) {
      const colon = head.indexOf(':', pos);
      if (colon > 0 && colon < lf) {
        const name = head.slice(pos, colon).trim().toLowerCase();
        if (name === 'content-length' || name === 'l') {
          let value = head.slice(colon + 1, lf);
          // Folded continuation lines belong to the value.
          while (lf + 2 < head.length && (head.charCodeAt(lf + 2) === 32 || head.charCodeAt(lf + 2) === 9)) {
            const next = head.indexOf('\r\n', lf + 2);
            const stop = next < 0 ? head.length : next;
            value += ' ' + head.slice(lf + 2, stop);
            lf = stop;
          }
          value = value.trim();
          if (!/^\d{1,15}$/.test(value)) return new SipParseError('SIP_PARSE_CONTENT_LENGTH', `bad Content-Length "${value.slice(0, 20)}"`);
          const n = Number(value);
          if (found >= 0 && found !== n) return new SipParseError('SIP_PARSE_CONTENT_LENGTH', 'conflicting Content-Length values');
          found = n;
        }
      }
    }
    pos = lf + 2;
  }
  return found;
}

export function frameStream(buf: Buffer, limits?: Partial<MessageLimits>): FrameResult {
  const l = limits === undefined ? resolveLimits() : resolveLimits(limits);
  let start = 0;
  while (buf[start] === 13 && buf[start + 1] === 10) start += 2;
  if (start >= buf.length || (buf[start] === 13 && start + 1 === buf.length)) return { needMore: true, keepaliveBytes: start };
  const headEnd = buf.indexOf(CRLFCRLF, start);
  if (headEnd < 0) {
    if (buf.length - start > l.maxMessageBytes) return limitError(`no end of headers within maxMessageBytes ${l.maxMessageBytes}`, 513);
    const lastLf = buf.lastIndexOf(10);
    const lineStart = lastLf < start ? start : lastLf + 1;
    if (buf.length - lineStart > l.maxLineLength) return limitError(`header line longer than maxLineLength ${l.maxLineLength}`, 513);
    return { needMore: true, keepaliveBytes: start };
  }
  const headBytes = headEnd + 4 - start;
  if (headBytes > l.maxMessageBytes) return limitError(`headers exceed maxMessageBytes ${l.maxMessageBytes}`, 513);
  const contentLength = findContentLength(buf.toString('latin1', start, headEnd + 2));
  if (contentLength instanceof SipParseError) return { error: contentLength };
  // §18.3: Content-Length is mandatory on streams; a message without it is taken as bodiless.
  const bodyLength = contentLength < 0 ? 0 : contentLength;
  if (bodyLength > l.maxBodyBytes) return limitError(`Content-Length ${bodyLength} exceeds maxBodyBytes ${l.maxBodyBytes}`, 413);
  if (headBytes + bodyLength > l.maxMessageBytes) return limitError(`message exceeds maxMessageBytes ${l.maxMessageBytes}`, 513);
  const end = headEnd + 4 + bodyLength;
  if (buf.length < end) return { needMore: true, keepaliveBytes: start };
  return { messageLength: end, keepaliveBytes: start };
}
