/** The SIP message layer (RFC 3261 §7, §19, §20, §25): the only import path from outside. */
export type { CSeq, NameAddr, OtherUri, Params, SipMessage, SipRequest, SipResponse, SipUri, TelUri, Uri, Via } from './types.js';
export { SipHeaders, type HeaderField } from './headers.js';
export { canonicalHeaderName, isListHeader } from './headerNames.js';
export { SipParseError, SIP_PARSE_ERROR_CODES, type SipParseErrorCode, type ResponseContext } from './errors.js';
export { DEFAULT_MESSAGE_LIMITS, resolveLimits, type MessageLimits } from './limits.js';
export { parseMessage, type ParseOptions } from './parser.js';
export { frameStream, type FrameResult } from './framing.js';
export { serializeMessage } from './serializer.js';
export { formatNameAddr, formatParams, formatUri, formatVia } from './format.js';
export { parseHeaderParams } from './params.js';
export { parseUri } from './headers/uri.js';
export { parseTelUri } from './headers/telUri.js';
export { parseNameAddr, parseNameAddrList } from './headers/nameAddr.js';
export { parseVia, parseViaList } from './headers/via.js';
export { parseCSeq, formatCSeq } from './headers/cseq.js';
export { parseCallId, parseContentLength, parseMaxForwards } from './headers/scalars.js';
export { parseContentType, type ContentType } from './headers/contentType.js';
export { parseDiversion, type DiversionEntry } from './headers/diversion.js';
export { parseHistoryInfo, type HistoryInfoEntry } from './headers/historyInfo.js';
export { parseMultipart, type MultipartPart } from './multipart.js';
export { validateRequestSemantics, type RequestProblem, type RequestProblemCode, type SemanticOptions } from './semantics.js';
export { createRequest, createResponse, newBranch, newCallId, newTag, type ExtraHeaders, type RequestSpec, type ResponseOptions } from './factory.js';
export { reasonPhrase } from './reasons.js';
export {
  formatMessageSummary,
  parseMessageSummary,
  MessageSummaryError,
  MESSAGE_CONTEXT_CLASSES,
  MESSAGE_SUMMARY_LIMITS,
  MESSAGE_SUMMARY_TYPE,
  type MessageContextClass,
  type MessageCounts,
  type MessageSummary,
  type MessageSummaryErrorCode,
} from './bodies/messageSummary.js';
