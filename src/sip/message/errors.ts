/**
 * Errors of the message layer. A SipParseError carries what the UA core needs to answer a broken
 * request (RFC 3261 §8.2: 400 Bad Request; §8.2.2.1 416 Unsupported URI Scheme; §21.4.11 413;
 * §21.5.6 505 Version Not Supported; §21.5.7 513 Message Too Large) and whether it was a
 * response (a malformed response is discarded, never answered, §18.1.2 / §16.7).
 */
import { OpenUmError } from '../../util/errors.js';
import type { Via } from './types.js';

export const SIP_PARSE_ERROR_CODES = [
  'SIP_PARSE_EMPTY',
  'SIP_PARSE_TRUNCATED',
  'SIP_PARSE_BAD_START_LINE',
  'SIP_PARSE_BAD_VERSION',
  'SIP_PARSE_BAD_HEADER',
  'SIP_PARSE_MISSING_HEADER',
  'SIP_PARSE_DUPLICATE_HEADER',
  'SIP_PARSE_BAD_VIA',
  'SIP_PARSE_BAD_CSEQ',
  'SIP_PARSE_BAD_CALL_ID',
  'SIP_PARSE_BAD_MAX_FORWARDS',
  'SIP_PARSE_BAD_NAME_ADDR',
  'SIP_PARSE_BAD_URI',
  'SIP_PARSE_UNSUPPORTED_URI_SCHEME',
  'SIP_PARSE_CONTENT_LENGTH',
  'SIP_PARSE_LIMIT',
  'SIP_PARSE_BAD_CONTENT_TYPE',
  'SIP_PARSE_BAD_MULTIPART',
  'SIP_PARSE_BAD_HEADER_VALUE',
] as const;

export type SipParseErrorCode = (typeof SIP_PARSE_ERROR_CODES)[number];

/** What a UAS needs to still answer a request it could not fully parse (RFC 3261 §8.2.6.2). */
export interface ResponseContext {
  /** Every Via, top first, when they could be parsed. */
  via: Via[];
  /** Raw header values as received; '' when the header was absent. */
  from: string;
  to: string;
  callId: string;
  cseq: string;
}

const reasonPhrases: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  413: 'Request Entity Too Large',
  416: 'Unsupported URI Scheme',
  505: 'Version Not Supported',
  513: 'Message Too Large',
};

export class SipParseError extends OpenUmError {
  override readonly name = 'SipParseError';
  override readonly code: SipParseErrorCode;
  /** The response code a UAS answers a request with (400, 413, 416, 505, 513). */
  readonly status: number;
  /** The reason phrase for that response. */
  readonly reasonPhrase: string;
  /** A human explanation (same as `message`). */
  readonly reason: string;
  /** True when the broken message was a response: drop it, never answer it. */
  isResponse: boolean;
  responseContext?: ResponseContext;

  constructor(code: SipParseErrorCode, reason: string, status = 400, isResponse = false) {
    super(code, reason);
    this.code = code;
    this.reason = reason;
    this.status = status;
    this.reasonPhrase = reasonPhrases[status] ?? 'Bad Request';
    this.isResponse = isResponse;
  }
}

/** Shorthand used by the header parsers. */
export function fail(code: SipParseErrorCode, reason: string, status = 400): never {
  throw new SipParseError(code, reason, status);
}
