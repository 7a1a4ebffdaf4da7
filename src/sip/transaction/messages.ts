/**
 * Messages the transaction layer writes itself: the ACK for a non-2xx final response (§17.1.1.3),
 * the automatic 100 (Trying) (§17.2.1, §8.2.6.1), and, for the UA core, CANCEL (§9.1).
 * Each is built with both the typed fields and the raw header lines copied from the messages it
 * answers, so the serializer gets the same bytes whichever it reads.
 */
import { SipHeaders } from '../message/index.js';
import type { SipRequest, SipResponse } from '../message/index.js';

/** §8.1.1.6: "A UAC MUST insert a Max-Forwards header field into each request … SHOULD be 70". */
const MAX_FORWARDS = '70';

function copyFields(from: SipHeaders, to: SipHeaders, name: string, limit = Infinity): void {
  let copied = 0;
  for (const field of from.fields()) {
    if (copied >= limit) break;
    if (field.name.toLowerCase() === name.toLowerCase()) {
      to.append(field.name, field.value);
      copied++;
    }
  }
}

/** The raw top Via of a request: the first element of the first Via line. */
function topViaValue(request: SipRequest): string | undefined {
  return request.headers.getAll('Via')[0];
}

/**
 * §17.1.1.3: "The ACK request constructed by the client transaction MUST contain values for the
 * Call-ID, From, and Request-URI that are equal to the values of those header fields in the request
 * passed to the transport by the client transaction (call this the 'original request'). The To
 * header field in the ACK MUST equal the To header field in the response being acknowledged …
 * The ACK MUST contain a single Via header field, and this MUST be equal to the top Via header
 * field of the original request. The CSeq header field in the ACK MUST contain the same value for
 * the sequence number as was present in the original request, but the method parameter MUST be
 * equal to 'ACK'." And: "If the INVITE request whose response is being acknowledged had Route
 * header fields, those header fields MUST appear in the ACK."
 */
export function buildNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  return sameHopRequest(invite, 'ACK', response);
}

/**
 * ACK for a non-2xx and CANCEL share one shape (§17.1.1.3, §9.1): the original's Request-URI,
 * single top Via, Route set, From, Call-ID and CSeq number, with the given method; To comes from
 * the response being acknowledged (ACK) or from the original (CANCEL).
 */
function sameHopRequest(original: SipRequest, method: 'ACK' | 'CANCEL', toSource: SipRequest | SipResponse): SipRequest {
  const headers = new SipHeaders();
  const via = topViaValue(original);
  if (via !== undefined) headers.append('Via', via);
  headers.append('Max-Forwards', MAX_FORWARDS);
  copyFields(original.headers, headers, 'Route');
  copyFields(original.headers, headers, 'From', 1);
  copyFields(toSource.headers, headers, 'To', 1);
  copyFields(original.headers, headers, 'Call-ID', 1);
  headers.append('CSeq', `${original.cseq.seq} ${method}`);
  headers.append('Content-Length', '0');
  return {
    type: 'request',
    version: original.version,
    method,
    uri: original.uri,
    headers,
    body: Buffer.alloc(0),
    via: original.via.slice(0, 1),
    from: original.from,
    to: toSource.to,
    callId: original.callId,
    cseq: { seq: original.cseq.seq, method },
  };
}

/**
 * §17.2.1: "The 100 (Trying) response is constructed according to the procedures in Section
 * 8.2.6, except that the insertion of tags in the To header field of the response (when none was
 * present in the request) is downgraded from MAY to SHOULD NOT." §8.2.6.2: "the From field of the
 * response MUST equal the From header field of the request", likewise Call-ID, CSeq, the Via
 * values in order, and To; §8.2.6.1: a Timestamp in the request is copied into the 100.
 */
export function buildTrying(request: SipRequest): SipResponse {
  const headers = new SipHeaders();
  copyFields(request.headers, headers, 'Via');
  copyFields(request.headers, headers, 'From', 1);
  copyFields(request.headers, headers, 'To', 1);
  copyFields(request.headers, headers, 'Call-ID', 1);
  copyFields(request.headers, headers, 'CSeq', 1);
  copyFields(request.headers, headers, 'Timestamp', 1);
  headers.append('Content-Length', '0');
  return {
    type: 'response',
    version: request.version,
    status: 100,
    reason: 'Trying',
    headers,
    body: Buffer.alloc(0),
    via: request.via.slice(),
    from: request.from,
    to: request.to,
    callId: request.callId,
    cseq: { ...request.cseq },
  };
}

/**
 * §9.1: "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header fields in the
 * CANCEL request MUST be identical to those in the request being cancelled, including tags. A
 * CANCEL constructed by a client MUST have only a single Via header field value matching the top
 * Via value in the request being cancelled." And: "If the request being cancelled contains a Route
 * header field, the CANCEL request MUST include that Route header field's values."
 * Send it with `TransactionLayer.sendRequest` (it is a non-INVITE client transaction of its own),
 * only after a provisional response arrived for the request (§9.1).
 */
export function buildCancel(request: SipRequest): SipRequest {
  return sameHopRequest(request, 'CANCEL', request);
}
