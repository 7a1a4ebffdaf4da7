/**
 * The UAC core (RFC 3261 §8.1): sends a request through a client transaction and resolves with its
 * final response, answering one 401/407 challenge with digest credentials when it has them
 * (§22.2: the retry carries a new CSeq and a new branch). Used for OPTIONS pings, MWI NOTIFY,
 * REFER, BYE and re-INVITE.
 */
import { DigestClient, type DigestCredentials } from '../auth/index.js';
import { newBranch, formatUri, formatVia } from '../message/index.js';
import type { SipRequest, SipResponse, Via } from '../message/index.js';
import type { TransactionLayer } from '../transaction/index.js';
import type { Endpoint, TransportName } from '../transport/index.js';
import { OpenUmError } from '../../util/errors.js';

export class UacError extends OpenUmError {
  override readonly name = 'UacError';
}

export interface SentBy {
  viaSentBy(transport: TransportName): { host: string; port: number };
}

export interface UacRequestOptions {
  /** Provisional responses (and, for INVITE, nothing else: the first final settles the promise). */
  onProvisional?: (response: SipResponse) => void;
  /** Credentials for this peer's realms, if it challenges. */
  credentials?: DigestCredentials | ((realm: string) => DigestCredentials | undefined);
}

/** A Via for a request we originate (§8.1.1.7), with rport (RFC 3581 §3) so NATs answer right. */
export function newVia(transport: TransportName, sentBy: { host: string; port: number }): Via {
  return {
    protocol: 'SIP/2.0',
    transport,
    host: sentBy.host,
    port: sentBy.port,
    params: new Map<string, string | null>([['branch', newBranch()], ['rport', null]]),
  };
}

/** The same request with a new CSeq number, a new branch and extra headers replacing old ones. */
function reissue(request: SipRequest, seq: number, replace: ReadonlyArray<readonly [string, string]>): SipRequest {
  const headers = request.headers.clone();
  const top = request.via[0]!;
  const via: Via = { ...top, params: new Map(top.params) };
  via.params.set('branch', newBranch());
  const vias = [via, ...request.via.slice(1)];
  headers.delete('Via');
  for (let i = vias.length - 1; i >= 0; i--) headers.prepend('Via', formatVia(vias[i]!));
  headers.set('CSeq', `${seq} ${request.cseq.method}`);
  for (const [name] of replace) headers.delete(name);
  for (const [name, value] of replace) headers.append(name, value);
  return { ...request, headers, via: vias, cseq: { seq, method: request.cseq.method } };
}

export class UacCore {
  readonly #layer: TransactionLayer;

  constructor(layer: TransactionLayer) {
    this.#layer = layer;
  }

  /**
   * Sends `request` to `target` and resolves with the final response (for INVITE: the first 2xx,
   * which the caller must ACK, or a non-2xx final, which the transaction ACKs itself). Rejects
   * with UacError SIP_UAC_TIMEOUT (Timer B/F) or SIP_UAC_TRANSPORT.
   */
  async request(request: SipRequest, target: Endpoint, options: UacRequestOptions = {}): Promise<SipResponse> {
    const digest = options.credentials
      ? new DigestClient({ credentials: options.credentials })
      : null;
    const attempt = digest?.begin({ method: request.method, uri: formatUri(request.uri), body: request.body });
    let current = request;
    for (let round = 0; ; round++) {
      const response = await this.#once(current, target, options);
      if ((response.status !== 401 && response.status !== 407) || !attempt || round >= 3) return response;
      const outcome = attempt.respond(response);
      if (!outcome.ok) return response;
      current = reissue(current, current.cseq.seq + 1, outcome.headers.map((h) => [h.name, h.value] as const));
    }
  }

  #once(request: SipRequest, target: Endpoint, options: UacRequestOptions): Promise<SipResponse> {
    return new Promise<SipResponse>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        fn();
      };
      this.#layer.sendRequest(request, target, {
        receiveResponse: (response) => {
          if (response.status < 200) options.onProvisional?.(response);
          else settle(() => resolve(response));
        },
        onTimeout: () => settle(() => reject(new UacError('SIP_UAC_TIMEOUT', `${request.method} to ${target.address}:${target.port} timed out`))),
        onTransportError: (err) =>
          settle(() => reject(new UacError('SIP_UAC_TRANSPORT', `${request.method} to ${target.address}:${target.port}: ${err.message}`, { cause: err }))),
      });
    });
  }
}
