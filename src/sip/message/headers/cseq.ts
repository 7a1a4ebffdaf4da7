/**
 * CSeq (RFC 3261 §20.16): `CSeq = "CSeq" HCOLON 1*DIGIT LWS Method`. "The sequence number MUST be
 * expressible as a 32-bit unsigned integer."
 */
import { fail } from '../errors.js';
import { isWs, scanClass, skipWs, TOKEN } from '../lex.js';
import type { CSeq } from '../types.js';

const MAX_SEQ = 0xffffffff;

export function parseCSeq(value: string): CSeq {
  const s = value;
  let i = skipWs(s, 0);
  let seq = 0;
  const start = i;
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    seq = seq * 10 + d;
    if (seq > MAX_SEQ) fail('SIP_PARSE_BAD_CSEQ', 'CSeq number larger than 2**32-1 (RFC 3261 §20.16)');
  }
  if (i === start) fail('SIP_PARSE_BAD_CSEQ', 'CSeq without a sequence number');
  if (!isWs(s.charCodeAt(i))) fail('SIP_PARSE_BAD_CSEQ', 'CSeq number not followed by a space and a method');
  i = skipWs(s, i);
  const end = scanClass(s, i, TOKEN);
  if (end === i || skipWs(s, end) !== s.length) fail('SIP_PARSE_BAD_CSEQ', 'CSeq method is not a token');
  return { seq, method: s.slice(i, end) };
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
