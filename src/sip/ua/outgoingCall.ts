/**
 * An outgoing call up to its answer, RFC 3261 §13.2 (UAC processing of INVITE): the INVITE with
 * our offer, provisional responses, one challenge answered with credentials (§22.2, in UacCore),
 * CANCEL when the application gives up (§9.1), and the 2xx, which forms the dialog (§12.1.2), is
 * ACKed (§13.2.2.4) and becomes a ClientInviteSession. Non-2xx finals are ACKed by the INVITE
 * client transaction itself (§17.1.1.3).
 *
 *   calling ──1xx──▶ proceeding ──2xx──▶ answered
 *     │  │              │   └──300-699──▶ failed
 *     │  └abort▶ cancel-pending ──1xx──▶ cancelling ──487/2xx──▶ failed (2xx: ACK, then BYE)
 *     └──timeout/transport──▶ failed        proceeding ──abort──▶ cancelling
 */
import type { DigestCredentials } from '../auth/index.js';
import { ClientInviteSession, Dialog, SessionError, type SessionHost } from '../dialog/index.js';
import { createRequest, formatUri, newCallId, newTag } from '../message/index.js';
import type { SipRequest, SipResponse } from '../message/index.js';
import { buildCancel, type ClientTransaction } from '../transaction/index.js';
import type { Endpoint } from '../transport/index.js';
import type { Clock, TimerHandle } from '../../util/clock.js';
import { ALLOWED_METHODS } from './capabilities.js';
import { contactFor } from './dialogHost.js';
import { extraHeadersOption, nameAddrOption, uriOption } from './requestOptions.js';
import { newVia, UacError, type SentBy, type UacCore } from './uac.js';
import type { UaLogger } from './userAgent.js';

export interface OutgoingCallOptions {
  /** Transport, address and port to send the INVITE to. */
  target: Endpoint;
  /** e.g. 'sip:8500@127.0.0.1:5060' */
  requestUri: string;
  /** name-addr, e.g. '"Test Caller" <sip:2000@localhost>' (the UA adds the tag). */
  from: string;
  /** name-addr, without a tag. */
  to: string;
  /** The offer (application/sdp). */
  sdp: Buffer;
  /** Extra header fields, e.g. Diversion, History-Info. */
  headers?: ReadonlyArray<readonly [string, string]>;
  onProvisional?(status: number, reason: string): void;
  /** Aborting before the final response sends CANCEL (§9.1) and rejects with SIP_UAC_CANCELLED. */
  signal?: AbortSignal;
  /** Answers a 401/407 challenge (§22.2). */
  credentials?: DigestCredentials | ((realm: string) => DigestCredentials | undefined);
}

export interface OutgoingCallDeps {
  uac: UacCore;
  host: SessionHost;
  sentBy: SentBy;
  clock: Clock;
  /** T1 in ms: §9.1's 64*T1 wait for the final response after CANCEL. */
  t1: number;
  product: string;
  logger: UaLogger;
  /** The UA files the session (close() ends it). */
  track(session: ClientInviteSession): void;
}

type Phase = 'calling' | 'proceeding' | 'cancel-pending' | 'cancelling' | 'answered' | 'failed';

const phases: Record<Phase, readonly Phase[]> = {
  calling: ['proceeding', 'cancel-pending', 'answered', 'failed'],
  // A challenge (401/407) ends one INVITE transaction; the retry starts over in "calling".
  proceeding: ['calling', 'cancelling', 'answered', 'failed'],
  'cancel-pending': ['cancelling', 'failed'],
  cancelling: ['failed'],
  answered: [],
  failed: [],
};

/** Authentication header fields of the INVITE, which its ACK repeats (§13.2.2.4). */
const AUTH_HEADERS = ['Authorization', 'Proxy-Authorization'];

export class OutgoingCall {
  readonly #deps: OutgoingCallDeps;
  readonly #options: OutgoingCallOptions;
  readonly #log: UaLogger;
  #phase: Phase = 'calling';
  /** The INVITE now in flight (a retry after a challenge replaces it) and its transaction. */
  #current: { request: SipRequest; transaction: ClientTransaction } | null = null;
  #answeredTag: string | null = null;
  #session: ClientInviteSession | null = null;
  /** 2xx from other forks (§13.2.2.4): their ACK, resent on retransmission. */
  readonly #forks = new Map<string, Promise<{ ack: SipRequest; target: Endpoint }>>();
  #cancelGuard: TimerHandle | null = null;

  constructor(deps: OutgoingCallDeps, options: OutgoingCallOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#log = deps.logger;
  }

  /** Sends the INVITE; resolves with the answered session or rejects with a UacError. */
  run(): Promise<ClientInviteSession> {
    const invite = this.#build();
    const log = this.#log.child({ callId: invite.callId });
    const signal = this.#options.signal;
    if (signal?.aborted) return Promise.reject(cancelledError(invite));
    log.info({ requestUri: formatUri(invite.uri), target: `${this.#options.target.address}:${this.#options.target.port}` }, 'outgoing call');
    const work = this.#exchange(invite, log);
    if (!signal) return work;
    return new Promise<ClientInviteSession>((resolve, reject) => {
      const onAbort = (): void => {
        reject(cancelledError(invite));
        this.#abort(log);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (session) => {
          signal.removeEventListener('abort', onAbort);
          resolve(session);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  async #exchange(invite: SipRequest, log: UaLogger): Promise<ClientInviteSession> {
    const { uac } = this.#deps;
    let response: SipResponse;
    try {
      response = await uac.request(invite, this.#options.target, {
        ...(this.#options.credentials ? { credentials: this.#options.credentials } : {}),
        ...(this.#options.signal ? { signal: this.#options.signal } : {}),
        onSent: (request, transaction) => {
          this.#current = { request, transaction };
          if (this.#phase === 'proceeding') this.#transition('calling');
        },
        onProvisional: (r) => this.#provisional(r, log),
        onLateResponse: (r) => this.#late(r, log),
      });
    } catch (err) {
      const cancelled = this.#phase === 'cancelling' || this.#phase === 'cancel-pending';
      this.#fail();
      log.info({ err: err instanceof Error ? err.message : String(err) }, cancelled ? 'outgoing call cancelled' : 'outgoing call failed');
      // Abandoned and then never answered (§9.1's 64*T1, or the UA closing): still a cancellation.
      throw cancelled ? cancelledError(invite) : err;
    } finally {
      this.#cancelGuard?.cancel();
    }
    if (response.status >= 300) {
      const cancelled = this.#phase === 'cancelling' || this.#phase === 'cancel-pending';
      this.#fail();
      log.info({ status: response.status, reason: response.reason }, cancelled ? 'outgoing call cancelled' : 'outgoing call rejected');
      if (cancelled) throw cancelledError(invite, response);
      throw new UacError('SIP_UAC_REJECTED', `INVITE to ${formatUri(invite.uri)} was answered ${response.status} ${response.reason}`, { status: response.status, reason: response.reason });
    }
    this.#answeredTag = response.to.params.get('tag') ?? null;
    const abandoned = this.#phase === 'cancelling' || this.#phase === 'cancel-pending';
    const session = await this.#answered(response);
    if (abandoned) {
      // §9.1 race: the 2xx crossed our CANCEL. §13.2.2.4: after ACKing a 2xx the UAC that does
      // not want the dialog "MUST terminate the dialog by sending a BYE request".
      this.#transition('failed');
      log.info({ status: response.status }, 'outgoing call answered after CANCEL: BYE');
      void session.bye();
      throw cancelledError(invite, response);
    }
    this.#transition('answered');
    log.info({ status: response.status }, 'outgoing call answered');
    return session;
  }

  /** §13.2.2.4: the dialog from the 2xx, its ACK (with the INVITE's credentials), the session. */
  async #answered(response: SipResponse): Promise<ClientInviteSession> {
    const { host } = this.#deps;
    const invite = this.#current!.request;
    const dialog = Dialog.forUac(invite, response, invite.uri.scheme === 'sips');
    const ack = await host.sendAck(dialog, invite.cseq.seq, this.#options.target, { headers: authHeaders(invite) });
    const session = new ClientInviteSession(host, { invite, response, dialog, ack, peer: this.#options.target });
    this.#session = session;
    this.#deps.track(session);
    return session;
  }

  #provisional(response: SipResponse, log: UaLogger): void {
    if (this.#phase === 'calling') this.#transition('proceeding');
    else if (this.#phase === 'cancel-pending') {
      // §9.1: "If no provisional response has been received, the CANCEL request MUST NOT be sent;
      // rather, the client MUST wait for the arrival of a provisional response".
      this.#cancel(log);
      return;
    }
    if (this.#phase !== 'proceeding') return;
    try {
      this.#options.onProvisional?.(response.status, response.reason);
    } catch (err) {
      log.warn({ err: String(err) }, 'onProvisional handler threw');
    }
  }

  /** A 2xx after the first final: a retransmission (ACK again) or another fork (ACK, then BYE). */
  #late(response: SipResponse, log: UaLogger): void {
    if (response.status < 200 || response.status >= 300) return;
    const tag = response.to.params.get('tag');
    if (!tag) return;
    if (tag === this.#answeredTag) {
      this.#session?.receive2xx(response);
      return;
    }
    const known = this.#forks.get(tag);
    if (known) {
      void known.then(({ ack, target }) => this.#deps.host.sendDirect(ack, target)).catch(() => undefined);
      return;
    }
    const invite = this.#current?.request;
    if (!invite || response.cseq.seq !== invite.cseq.seq) return;
    log.info({ remoteTag: tag }, 'a second fork answered: ACK, then BYE (RFC 3261 §13.2.2.4)');
    let dialog: Dialog;
    try {
      dialog = Dialog.forUac(invite, response, invite.uri.scheme === 'sips');
    } catch (err) {
      log.info({ err: String(err) }, 'cannot form a dialog with the second fork');
      return;
    }
    const { host } = this.#deps;
    const acked = host.sendAck(dialog, invite.cseq.seq, this.#options.target, { headers: authHeaders(invite) });
    this.#forks.set(tag, acked);
    void acked
      .then(() => host.requestInDialog(dialog, 'BYE', this.#options.target))
      .catch((err: unknown) => log.debug({ err: String(err) }, 'BYE to a second fork not answered'));
  }

  /** The UA is closing: CANCEL if ringing (or once it rings), as an aborted signal would. */
  abandon(): void {
    this.#abort(this.#log);
  }

  #abort(log: UaLogger): void {
    if (this.#phase === 'calling') this.#transition('cancel-pending');
    else if (this.#phase === 'proceeding') this.#cancel(log);
  }

  /** §9.1: CANCEL, a transaction of its own with the INVITE's branch, Request-URI, tags and CSeq number. */
  #cancel(log: UaLogger): void {
    const current = this.#current;
    if (!current) return;
    this.#transition('cancelling');
    log.info({}, 'outgoing call abandoned: CANCEL');
    void this.#deps.uac.request(buildCancel(current.request), this.#options.target).catch((err: unknown) => log.debug({ err: String(err) }, 'CANCEL not answered'));
    // §9.1: "If there is no final response for the original request in 64*T1 seconds ... the client
    // SHOULD then consider the original transaction cancelled and SHOULD destroy the client
    // transaction handling the original request."
    this.#cancelGuard = this.#deps.clock.setTimer(64 * this.#deps.t1, () => current.transaction.terminate());
  }

  #fail(): void {
    if (this.#phase !== 'answered' && this.#phase !== 'failed') this.#transition('failed');
  }

  #transition(to: Phase): void {
    if (!phases[this.#phase].includes(to)) throw new SessionError('SIP_SESSION_BAD_STATE', `outgoing call cannot go from ${this.#phase} to ${to}`);
    this.#phase = to;
  }

  /** §8.1.1: the INVITE with every mandatory header, our offer, Contact and Allow. */
  #build(): SipRequest {
    const o = this.#options;
    const uri = uriOption(o.requestUri, 'requestUri');
    const from = nameAddrOption(o.from, 'from');
    const to = nameAddrOption(o.to, 'to');
    const headers = extraHeadersOption(o.headers);
    if (!Buffer.isBuffer(o.sdp) || o.sdp.length === 0) throw new UacError('SIP_UAC_BAD_OPTIONS', 'sdp: the INVITE needs an SDP offer');
    const { sentBy, product } = this.#deps;
    const transport = o.target.transport;
    const local = sentBy.viaSentBy(transport);
    return createRequest({
      method: 'INVITE',
      uri,
      from: { ...from, params: new Map([...from.params, ['tag', newTag()]]) },
      to,
      callId: newCallId(local.host),
      cseq: 1,
      via: newVia(transport, local),
      contact: contactFor(sentBy, transport),
      headers: [['Allow', ALLOWED_METHODS.join(', ')], ['User-Agent', product], ...headers],
      body: o.sdp,
      contentType: 'application/sdp',
    });
  }
}

function authHeaders(invite: SipRequest): Array<readonly [string, string]> {
  return AUTH_HEADERS.flatMap((name) => invite.headers.getAll(name).map((v) => [name, v] as const));
}

function cancelledError(invite: SipRequest, response?: SipResponse): UacError {
  return new UacError('SIP_UAC_CANCELLED', `INVITE to ${formatUri(invite.uri)} was abandoned before its answer`, response ? { status: response.status, reason: response.reason } : {});
}
