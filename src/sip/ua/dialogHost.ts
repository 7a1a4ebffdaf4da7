/**
 * The user agent's side of every dialog usage (SessionHost): how a request within a dialog is
 * addressed and sent (§12.2.1.1, §8.1.2), how the ACK for a 2xx to our INVITE or re-INVITE is
 * sent (§13.2.2.4), and which Contact we advertise.
 */
import type { Clock } from '../../util/clock.js';
import type { AckResult, Dialog, DialogUser, InDialogResult, SessionHost, SessionLogger, SessionTimerPolicy } from '../dialog/index.js';
import type { ExtraHeaders, NameAddr, SipMessage } from '../message/index.js';
import type { Endpoint, MessageSender, TransportName } from '../transport/index.js';
import { resolveUri, type HostResolver, systemResolver } from './targets.js';
import { newVia, type SentBy, type UacCore } from './uac.js';

/** Requests that carry a Contact: target refresh requests (§12.2, RFC 3311) and REFER/subscriptions (RFC 3515, RFC 6665). */
const CONTACT_METHODS = new Set(['INVITE', 'UPDATE', 'REFER', 'SUBSCRIBE', 'NOTIFY']);

export interface DialogHostOptions {
  clock: Clock;
  timers: { t1: number; t2: number };
  sessionTimer: SessionTimerPolicy;
  logger: SessionLogger;
  sender: MessageSender;
  sentBy: SentBy;
  uac: UacCore;
  resolver?: HostResolver;
  registered(key: string, user: DialogUser): void;
  released(key: string | null): void;
}

/** Our Contact for a transport: the listener's address, so that peers reach this node directly. */
export function contactFor(sentBy: SentBy, transport: TransportName): NameAddr {
  const { host, port } = sentBy.viaSentBy(transport);
  const params = new Map<string, string | null>();
  if (transport !== 'UDP') params.set('transport', transport.toLowerCase());
  return {
    displayName: null,
    uri: { scheme: transport === 'TLS' ? 'sips' : 'sip', user: null, password: null, host, port, params, headers: new Map() },
    params: new Map(),
  };
}

export class DialogHost implements SessionHost {
  readonly clock: Clock;
  readonly timers: { t1: number; t2: number };
  readonly sessionTimer: SessionTimerPolicy;
  readonly logger: SessionLogger;
  readonly #options: DialogHostOptions;

  constructor(options: DialogHostOptions) {
    this.#options = options;
    this.clock = options.clock;
    this.timers = options.timers;
    this.sessionTimer = options.sessionTimer;
    this.logger = options.logger;
  }

  sendDirect(message: SipMessage, target: Endpoint): Promise<void> {
    return this.#options.sender.send(message, target);
  }

  contact(transport: TransportName): NameAddr {
    return contactFor(this.#options.sentBy, transport);
  }

  registered(key: string, user: DialogUser): void {
    this.#options.registered(key, user);
  }

  released(key: string | null): void {
    this.#options.released(key);
  }

  /**
   * The next hop is the first route or the remote target (§12.2.1.1). Over TCP/TLS we stay on the
   * connection the peer opened when the next hop is the peer itself (gateways behind NAT or with
   * ephemeral source ports expect that), as RFC 5626 and common practice do.
   */
  async #target(dialog: Dialog, hint: Endpoint): Promise<Endpoint> {
    let resolved: Endpoint;
    try {
      resolved = await resolveUri(dialog.nextHopUri(), this.#options.resolver ?? systemResolver);
    } catch {
      return hint;
    }
    if (hint.transport !== 'UDP' && hint.connectionId !== undefined && resolved.address === hint.address) {
      return { ...hint };
    }
    if (hint.transport !== 'UDP' && resolved.transport === 'UDP') return { ...resolved, transport: hint.transport };
    return resolved;
  }

  /**
   * §13.2.2.4: "The UAC core MUST generate an ACK request for each 2xx received from the
   * transaction layer. The header fields of the ACK are constructed in the same way as for any
   * request sent within a dialog … with the exception of the CSeq and the header fields related
   * to authentication. The sequence number of the CSeq header field MUST be the same as the
   * INVITE being acknowledged". A send failure is not reported: the 2xx retransmission will ask again.
   */
  async sendAck(dialog: Dialog, seq: number, hint: Endpoint, extras: ExtraHeaders = {}): Promise<AckResult> {
    const target = await this.#target(dialog, hint);
    const ack = dialog.createRequest('ACK', newVia(target.transport, this.#options.sentBy.viaSentBy(target.transport)), undefined, extras, seq);
    await this.#options.sender.send(ack, target).catch(() => undefined);
    return { ack, target };
  }

  async requestInDialog(dialog: Dialog, method: string, hint: Endpoint, extras: ExtraHeaders = {}): Promise<InDialogResult> {
    const target = await this.#target(dialog, hint);
    const sentBy = this.#options.sentBy.viaSentBy(target.transport);
    const request = dialog.createRequest(method, newVia(target.transport, sentBy), CONTACT_METHODS.has(method) ? this.contact(target.transport) : undefined, extras);
    const response = await this.#options.uac.request(request, target);
    if (method === 'INVITE' && response.status >= 200 && response.status < 300) {
      // §13.2.2.4: the UAC core ACKs every 2xx itself, with the INVITE's CSeq number and a new branch.
      await this.sendAck(dialog, request.cseq.seq, target);
    }
    // §12.2.1.2: "If the response for a request within a dialog is a 481 or a 408, the UAC SHOULD
    // terminate the dialog." The session reads the status and ends itself.
    return { request, response, target };
  }
}
