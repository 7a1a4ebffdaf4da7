/**
 * multipart bodies (RFC 2046 §5.1): parts separated by "--boundary" delimiter lines, closed by
 * "--boundary--". Each part has MIME headers (same line rules as SIP headers), an empty line and
 * its octets. multipart/mixed, /alternative, /related and /signed share this syntax.
 *
 *   --boundary CRLF headers CRLF body CRLF --boundary CRLF ... CRLF --boundary-- [epilogue]
 */
import { fail, SipParseError } from './errors.js';
import { materialize, scanHeaderBlock } from './headerBlock.js';
import { SipHeaders } from './headers.js';
import { parseContentType, type ContentType } from './headers/contentType.js';
import { DEFAULT_MESSAGE_LIMITS } from './limits.js';

export interface MultipartPart {
  headers: SipHeaders;
  body: Buffer;
}

const code = 'SIP_PARSE_BAD_MULTIPART';

function partHeaders(raw: Buffer): SipHeaders {
  if (raw.length === 0) return new SipHeaders();
  const text = 'x\r\n' + raw.toString('utf8') + '\r\n';
  try {
    const block = scanHeaderBlock(text, 3, DEFAULT_MESSAGE_LIMITS);
    const [fields, keys] = materialize(block);
    return SipHeaders.fromParsed(fields, keys);
  } catch (err) {
    if (err instanceof SipParseError) fail(code, `bad part headers: ${err.reason}`);
    throw err;
  }
}

/** Splits a multipart body; `contentType` is the message's Content-Type (text or parsed). */
export function parseMultipart(contentType: string | ContentType, body: Buffer): MultipartPart[] {
  const ct = typeof contentType === 'string' ? parseContentType(contentType) : contentType;
  if (ct.type !== 'multipart') fail(code, `not a multipart body: ${ct.mediaType}`);
  const boundary = ct.params.get('boundary');
  if (boundary === undefined || boundary === null || boundary === '' || boundary.length > 70) {
    fail(code, 'multipart Content-Type without a valid boundary (RFC 2046 §5.1.1)');
  }
  const delimiter = Buffer.from('--' + boundary, 'utf8');
  // The first delimiter may start the body; later ones follow a CRLF.
  let at = body.subarray(0, delimiter.length).equals(delimiter) ? 0 : body.indexOf(Buffer.from('\r\n--' + boundary, 'utf8'));
  if (at < 0) fail(code, 'boundary not found in body');
  if (at > 0) at += 2;
  const parts: MultipartPart[] = [];
  const next = Buffer.from('\r\n--' + boundary, 'utf8');
  for (;;) {
    let p = at + delimiter.length;
    if (body[p] === 45 && body[p + 1] === 45) return parts; // close-delimiter
    while (body[p] === 32 || body[p] === 9) p++; // transport-padding
    if (body[p] !== 13 || body[p + 1] !== 10) fail(code, 'delimiter line not ended by CRLF');
    p += 2;
    const end = body.indexOf(next, p);
    if (end < 0) fail(code, 'missing close delimiter');
    let headEnd: number;
    let bodyStart: number;
    if (body[p] === 13 && body[p + 1] === 10) {
      headEnd = p;
      bodyStart = p + 2;
    } else {
      const blank = body.indexOf('\r\n\r\n', p, 'latin1');
      if (blank < 0 || blank > end) fail(code, 'part without an empty line after its headers');
      headEnd = blank;
      bodyStart = blank + 4;
    }
    parts.push({ headers: partHeaders(body.subarray(p, headEnd)), body: body.subarray(bodyStart, end) });
    at = end + 2;
  }
}
