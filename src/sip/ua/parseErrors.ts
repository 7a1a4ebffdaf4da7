/**
 * A request that could not be parsed still deserves an answer when its transaction identity could
 * be read (RFC 3261 §8.2.6 via RFC 4475 §3.1.2: "respond with 400 Bad Request"); a broken
 * response is dropped (§18.1.2 / RFC 4475). The 400 is built from the raw context the parser
 * salvaged, since there is no SipRequest to copy from.
 */
import { randomBytes } from 'node:crypto';
import { formatVia, SipParseError } from '../message/index.js';
import { responseTarget } from '../transport/index.js';
import type { Endpoint } from '../transport/index.js';

export interface ParseErrorAnswer {
  data: Buffer;
  target: Endpoint;
}

/** Strips CR/LF so that salvaged text can never add a header line to our answer. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

/**
 * §8.2.6.2: "the UAS MUST add a tag to the To header field in the response" when the request's To
 * has none. Header parameters follow the closing `>`, or the whole value in addr-spec form (§20).
 */
function withToTag(to: string): string {
  const params = to.includes('>') ? to.slice(to.lastIndexOf('>') + 1) : to;
  return /;\s*tag\s*=/i.test(params) ? to : `${to};tag=${randomBytes(8).toString('hex')}`;
}

/** The bytes of the answer to a broken request, or null when it must be dropped. */
export function answerForParseError(err: unknown, source: Endpoint, server: string): ParseErrorAnswer | null {
  if (!(err instanceof SipParseError) || err.isResponse) return null;
  const ctx = err.responseContext;
  const top = ctx?.via[0];
  if (!ctx || !top || !ctx.callId || !ctx.cseq || !ctx.from || !ctx.to) return null;
  const lines = [`SIP/2.0 ${err.status} ${err.reasonPhrase}`];
  for (const via of ctx.via) lines.push(`Via: ${formatVia(via)}`);
  lines.push(`From: ${oneLine(ctx.from)}`, `To: ${withToTag(oneLine(ctx.to))}`, `Call-ID: ${oneLine(ctx.callId)}`, `CSeq: ${oneLine(ctx.cseq)}`);
  // RFC 3261 §21.4.1: "the reason phrase SHOULD identify the syntax problem in more detail";
  // we put the detail in a Warning (§20.43, code 399) and keep the standard phrase.
  lines.push(`Warning: 399 openum "${err.reason.replace(/["\\\r\n]/g, ' ').slice(0, 200)}"`);
  lines.push(`Server: ${server}`, 'Content-Length: 0', '', '');
  return { data: Buffer.from(lines.join('\r\n'), 'utf8'), target: responseTarget(top, source) };
}
