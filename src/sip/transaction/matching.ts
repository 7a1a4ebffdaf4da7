/**
 * Transaction matching keys: responses to client transactions (§17.1.3), requests to server
 * transactions (§17.2.3, including the RFC 2543 fallback), and CANCEL to the INVITE it cancels
 * (§9.2).
 */
import type { NameAddr, Params, SipRequest, SipResponse, Uri, Via } from '../message/index.js';
import { isRfc3261Branch, viaBranch } from './branch.js';

/**
 * §17.1.3: a response matches a client transaction "If the response has the same value of the
 * branch parameter in the top Via header field as the branch parameter in the top Via header field
 * of the request that created the transaction" and "If the method parameter in the CSeq header
 * field matches the method of the request that created the transaction."
 */
export function clientKey(branch: string, method: string): string {
  return `${branch}\n${method}`;
}

/** The client key a response asks for, or null when its top Via has no branch. */
export function responseClientKey(response: SipResponse): string | null {
  const branch = viaBranch(response.via[0]);
  return branch === null ? null : clientKey(branch, response.cseq.method);
}

/** Where a request is filed among server transactions. */
export type ServerMatch =
  /** RFC 3261 branch: the key is exact. */
  | { scheme: 'rfc3261'; key: string }
  /** RFC 2543 peer: candidates share `key`; `method` and `toTag` pick among them. */
  | { scheme: 'rfc2543'; key: string; toTag: string };

function sentBy(via: Via): string {
  return `${via.host.toLowerCase()}:${via.port ?? ''}`;
}

/**
 * §17.2.3: "1. the branch parameter in the request is equal to the one in the top Via header
 * field of the request that created the transaction, and 2. the sent-by value in the top Via of
 * the request is equal to the one in the request that created the transaction, and 3. the method
 * of the request matches the one that created the transaction, except for ACK, where the method
 * of the request that created the transaction is INVITE."
 * Otherwise (no magic cookie) the RFC 2543 fields: "the Request-URI, To tag, From tag, Call-ID,
 * CSeq, and top Via header field match those of the request that created the transaction".
 * `methodOverride` is how §9.2 looks up the INVITE a CANCEL cancels.
 */
export function serverMatch(request: SipRequest, methodOverride?: string): ServerMatch {
  const top = request.via[0];
  const branch = viaBranch(top);
  const method = methodOverride ?? (request.method === 'ACK' ? 'INVITE' : request.method);
  if (top && isRfc3261Branch(branch)) {
    return { scheme: 'rfc3261', key: `${branch}\n${sentBy(top)}\n${method}` };
  }
  const key = [
    uriKey(request.uri),
    tagOf(request.from),
    request.callId,
    String(request.cseq.seq),
    top ? viaKey(top) : '',
    method,
  ].join('\n');
  return { scheme: 'rfc2543', key, toTag: tagOf(request.to) };
}

/** The tag parameter of From or To, '' when absent. */
export function tagOf(addr: NameAddr): string {
  return addr.params.get('tag') ?? '';
}

function paramsKey(params: Params, skip: readonly string[] = []): string {
  return [...params.entries()]
    .filter(([name]) => !skip.includes(name))
    .map(([name, value]) => (value === null ? name : `${name}=${value}`))
    .sort()
    .join(';');
}

/** A comparison form of a URI, close enough to §19.1.4 for matching retransmissions. */
function uriKey(uri: Uri): string {
  if ('host' in uri) {
    return `${uri.scheme}:${uri.user ?? ''}@${uri.host.toLowerCase()}:${uri.port ?? ''};${paramsKey(uri.params)}`;
  }
  if ('number' in uri) return `tel:${uri.number};${paramsKey(uri.params)}`;
  return `${uri.scheme.toLowerCase()}:${uri.opaque}`;
}

/**
 * A comparison form of a Via. `received` and `rport` values are added by our own transport on
 * receipt (§18.2.1, RFC 3581) and may differ between retransmissions, so they are left out.
 */
function viaKey(via: Via): string {
  return `${via.protocol}/${via.transport} ${sentBy(via)};${paramsKey(via.params, ['received', 'rport'])}`;
}
