/**
 * The UAC core (RFC 3261 §8.1): sends a request through a client transaction and resolves with its
 * final response, answering one 401/407 challenge with digest credentials when it has them
 * (§22.2: the retry carries a new CSeq and a new branch). Used for OPTIONS pings, MWI NOTIFY,
 * REFER, BYE and re-INVITE.
 */
import { DigestClient, type DigestCredentials } from '../auth/index.js';
import { newBranch, formatUri, formatVia } from '../message/index.js';
import type { SipRequest, SipResponse, Via } from '../message/index.js';
import type { ClientTransaction, TransactionLayer } from '../transaction/index.js';
import type { Endpoint, TransportName } from '../transport/index.js';
import { OpenUmError } from '../../util/errors.js';

export type UacErrorCode =
  | 'SIP_UAC_TIMEOUT'
  | 'SIP_UAC_TRANSPORT'
  | 'SIP_UAC_REJECTED'
  | 'SIP_UAC_CANCELLED'
  | 'SIP_UAC_BAD_OPTIONS';

export class UacError extends OpenUmError {
  override readonly name = 'UacError';
  override readonly code: UacErrorCode;
  /** The final status, for SIP_UAC_REJECTED (and SIP_UAC_CANCELLED when the 487 came). */
  readonly status: number | null;
  /** Its reason phrase. */
  readonly reason: string | null;

  constructor(code: UacErrorCode, message: string, options: { cause?: unknown; status?: number; reason?: string } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? null;
    this.reason = options.reason ?? null;
  }
}

export interface SentBy {
  viaSentBy(transport: TransportName): { host: string; port: number };
}

export interface UacRequestOptions {
  /** Provisional responses (and, for INVITE, nothing else: the first final settles the promise). */
  onProvisional?: (response: SipResponse) => void;
  /** Credentials for this peer's realms, if it challenges. */
  credentials?: DigestCredentials | ((realm: string) => DigestCredentials | undefined);
  /**
   * Each request as it goes out, with its client transaction: the original, then each retry with
   * credentials (new branch and CSeq). The transaction is what CANCEL and its 64*T1 guard act on.
   */
  onSent?: (request: SipRequest, transaction: ClientTransaction) => void;
  /**
   * Responses after the final one that the transaction still passes up: for INVITE, 2xx
   * retransmissions and 2xx from other forks while the transaction is "Accepted" (RFC 6026 §8.4).
   */
  onLateResponse?: (response: SipResponse) => void;
  /** Once aborted, a challenge is no longer answered: its 401/407 is returned as the final response. */
  signal?: AbortSignal;
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
      if ((response.status !== 401 && response.status !== 407) || !attempt || round >= 3 || options.signal?.aborted) return response;
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
      const transaction = this.#layer.sendRequest(request, target, {
        receiveResponse: (response) => {
          if (settled) options.onLateResponse?.(response);
          else if (response.status < 200) options.onProvisional?.(response);
          else settle(() => resolve(response));
        },
        onTimeout: () => settle(() => reject(new UacError('SIP_UAC_TIMEOUT', `${request.method} to ${target.address}:${target.port} timed out`))),
        onTransportError: (err) =>
          settle(() => reject(new UacError('SIP_UAC_TRANSPORT', `${request.method} to ${target.address}:${target.port}: ${err.message}`, { cause: err }))),
        // Ended from outside (a CANCEL that was never answered, the layer closing) before any final response.
        onTerminated: () => settle(() => reject(new UacError('SIP_UAC_TIMEOUT', `${request.method} to ${target.address}:${target.port} ended without a final response`))),
      });
      options.onSent?.(request, transaction);
    });
  }
}
