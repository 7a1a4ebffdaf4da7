/**
 * Request checks next to syntax that the UA core runs after parsing (RFC 3261 §8.2): problems
 * the parser deliberately lets through because they are about meaning, not grammar.
 */
import type { SipRequest } from './types.js';

export type RequestProblemCode =
  | 'SIP_REQUEST_CSEQ_METHOD_MISMATCH'
  | 'SIP_REQUEST_BAD_MAX_FORWARDS'
  | 'SIP_REQUEST_UNSUPPORTED_EXTENSION';

export interface RequestProblem {
  code: RequestProblemCode;
  /** The response to send. */
  status: number;
  reasonPhrase: string;
  /** One line for the log. */
  detail: string;
  /** For 420: the option tags to list in Unsupported (§20.40). */
  unsupported?: string[];
}

export interface SemanticOptions {
  /** Option tags this UAS supports; when given, Require is checked (§8.2.2.3). */
  supportedExtensions?: readonly string[];
}

export function validateRequestSemantics(req: SipRequest, options?: SemanticOptions): RequestProblem | null {
  // §8.2 / RFC 4475 §3.1.2.17-18 (mismatch01/02): the CSeq method must match the Request-Line.
  if (req.cseq.method !== req.method) {
    return {
      code: 'SIP_REQUEST_CSEQ_METHOD_MISMATCH', status: 400, reasonPhrase: 'Bad Request',
      detail: `CSeq method ${req.cseq.method} does not match request method ${req.method}`,
    };
  }
  // §20.22: 0-255 (the parser already enforces it; kept for requests built by hand).
  if (req.maxForwards !== undefined && (req.maxForwards < 0 || req.maxForwards > 255 || !Number.isInteger(req.maxForwards))) {
    return { code: 'SIP_REQUEST_BAD_MAX_FORWARDS', status: 400, reasonPhrase: 'Bad Request', detail: 'Max-Forwards out of range 0-255' };
  }
  // §8.2.2.3: a Require naming an extension we do not support gets 420 with Unsupported.
  // ACK and CANCEL are exempt (their Require is not processed).
  const supported = options?.supportedExtensions;
  if (supported !== undefined && req.method !== 'ACK' && req.method !== 'CANCEL') {
    const known = new Set(supported.map((t) => t.toLowerCase()));
    const unsupported = req.headers
      .getAll('Require')
      .flatMap((v) => v.split(','))
      .map((t) => t.trim())
      .filter((t) => t !== '' && !known.has(t.toLowerCase()));
    if (unsupported.length > 0) {
      return {
        code: 'SIP_REQUEST_UNSUPPORTED_EXTENSION', status: 420, reasonPhrase: 'Bad Extension',
        detail: `unsupported Require: ${unsupported.join(', ')}`, unsupported,
      };
    }
  }
  return null;
}
