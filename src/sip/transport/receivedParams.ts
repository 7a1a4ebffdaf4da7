/**
 * Receiver tagging of a request's top Via (RFC 3261 §18.2.1, RFC 3581 §4), so that the response
 * (whose Via is copied from the request) finds its way back through NAT.
 */
import { formatVia } from '../message/index.js';
import type { SipRequest } from '../message/index.js';
import { isIpLiteral, normalizeHost } from './address.js';
import type { Endpoint } from './types.js';

/**
 * Stamps `received` and `rport` on the typed top Via (`request.via[0].params`), in place.
 *
 * §18.2.1: "When the server transport receives a request over any transport, it MUST examine the
 * value of the sent-by parameter in the top Via header field value. If the host portion of the
 * sent-by parameter contains a domain name, or if it contains an IP address that differs from
 * the packet source address, the server MUST add a received parameter to that Via header field
 * value. This parameter MUST contain the source address from which the packet was received."
 *
 * RFC 3581 §4: "When a server compliant to this specification (which can be a proxy or UAS)
 * receives a request, it examines the topmost Via header field value. If this Via header field
 * value contains an rport parameter with no value, it MUST set the value of the parameter to the
 * source port of the request." It also requires received whenever rport is present.
 */
export function stampReceivedParams(request: SipRequest, source: Endpoint): void {
  const top = request.via[0];
  if (!top) return;
  const sourceIp = normalizeHost(source.address);
  const sentBy = normalizeHost(top.host);
  const rport = top.params.get('rport');
  const hasEmptyRport = top.params.has('rport') && (rport === null || rport === '' || rport === undefined);
  if (!isIpLiteral(sentBy) || sentBy !== sourceIp || hasEmptyRport) {
    top.params.set('received', sourceIp);
  }
  if (hasEmptyRport) top.params.set('rport', String(source.port));
  // Keep the raw header list in step with the typed Via: every response to this request, including
  // those built by copying raw lines (100 Trying), must carry the stamped values.
  const raw = request.headers.getAll('Via');
  if (raw.length > 0) {
    request.headers.delete('Via');
    for (let i = raw.length - 1; i >= 1; i--) request.headers.prepend('Via', raw[i]!);
    request.headers.prepend('Via', formatVia(top));
  }
}
