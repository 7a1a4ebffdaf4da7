/**
 * A dialog, RFC 3261 §12: the peer-to-peer relationship an INVITE (or SUBSCRIBE/REFER) creates,
 * identified by Call-ID, local tag and remote tag, with its route set, remote target and CSeq
 * spaces. This file is the dialog's state; sending and timers live in the session that owns it.
 */
import { createRequest, type ExtraHeaders, parseNameAddrList } from '../message/index.js';
import type { NameAddr, SipRequest, SipResponse, SipUri, Uri, Via } from '../message/index.js';
import { OpenUmError } from '../../util/errors.js';

export type DialogState = 'early' | 'confirmed' | 'terminated';

const allowed: Record<DialogState, readonly DialogState[]> = {
  early: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
  terminated: [],
};

export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

/** The key of a dialog in a map: the three parts of its id (§12). */
export function dialogKey(id: DialogId): string {
  return `${id.callId}\u0000${id.localTag}\u0000${id.remoteTag}`;
}

export class DialogError extends OpenUmError {
  override readonly name = 'DialogError';
}

function tagOf(na: NameAddr): string | null {
  const tag = na.params.get('tag');
  return tag === undefined || tag === null ? null : tag;
}

/** Route/Record-Route/Contact values as addresses (a Contact `*` counts as none). */
export function addressList(values: readonly string[]): NameAddr[] {
  const list = parseNameAddrList(values);
  return list === '*' ? [] : list;
}

/** The single Contact URI of a dialog-forming message (§12.1.1: "the URI in the Contact"). */
function contactUri(msg: SipRequest | SipResponse): Uri | null {
  return addressList(msg.headers.getAll('Contact'))[0]?.uri ?? null;
}

export class Dialog {
  readonly id: DialogId;
  #state: DialogState;
  /** Our CSeq space (§12.2.1.1: incremented by one for each new request). */
  localSeq: number;
  /** The peer's CSeq space; null until the peer sends a request in the dialog. */
  remoteSeq: number | null;
  /** Our URI and tag (From of our requests). */
  readonly local: NameAddr;
  /** The peer's URI and tag (To of our requests). */
  readonly remote: NameAddr;
  remoteTarget: Uri;
  /** Route set in the order our requests carry it (§12.1.1 UAS: Record-Route order). */
  readonly routeSet: readonly NameAddr[];
  /** §12.1.1: "If the request arrived over TLS, and the Request-URI contained a SIPS URI". */
  readonly secure: boolean;

  private constructor(init: {
    id: DialogId; state: DialogState; localSeq: number; remoteSeq: number | null; local: NameAddr; remote: NameAddr;
    remoteTarget: Uri; routeSet: NameAddr[]; secure: boolean;
  }) {
    this.id = init.id;
    this.#state = init.state;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.local = init.local;
    this.remote = init.remote;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.secure = init.secure;
  }

  /**
   * §12.1.1 UAS behaviour: the dialog a 2xx (or 101-199 with a tag) to `request` creates.
   * Route set = the request's Record-Route values in order; remote target = its Contact;
   * remote sequence number = its CSeq; local sequence number empty (we start from a random one).
   */
  static forUas(request: SipRequest, localTag: string, secure: boolean, state: DialogState = 'confirmed'): Dialog {
    const remoteTag = tagOf(request.from);
    if (remoteTag === null) throw new DialogError('SIP_DIALOG_NO_FROM_TAG', 'request has no From tag; cannot form a dialog');
    const target = contactUri(request);
    if (target === null) throw new DialogError('SIP_DIALOG_NO_CONTACT', `${request.method} has no Contact; cannot form a dialog`);
    const local: NameAddr = { displayName: request.to.displayName, uri: request.to.uri, params: new Map([['tag', localTag]]) };
    const remote: NameAddr = { displayName: request.from.displayName, uri: request.from.uri, params: new Map([['tag', remoteTag]]) };
    return new Dialog({
      id: { callId: request.callId, localTag, remoteTag },
      state,
      localSeq: Math.floor(Math.random() * 0x7fff) + 1,
      remoteSeq: request.cseq.seq,
      local,
      remote,
      remoteTarget: target,
      routeSet: addressList(request.headers.getAll('Record-Route')),
      secure,
    });
  }

  /**
   * §12.1.2 UAC behaviour: the dialog a 2xx to our `request` creates. Route set = the response's
   * Record-Route in reverse order; remote target = the response's Contact.
   */
  static forUac(request: SipRequest, response: SipResponse, secure: boolean): Dialog {
    const localTag = tagOf(request.from);
    const remoteTag = tagOf(response.to);
    if (localTag === null || remoteTag === null) throw new DialogError('SIP_DIALOG_NO_TAG', 'response has no To tag; cannot form a dialog');
    const target = contactUri(response);
    if (target === null) throw new DialogError('SIP_DIALOG_NO_CONTACT', 'response has no Contact; cannot form a dialog');
    return new Dialog({
      id: { callId: request.callId, localTag, remoteTag },
      state: response.status >= 200 ? 'confirmed' : 'early',
      localSeq: request.cseq.seq,
      remoteSeq: null,
      local: { displayName: request.from.displayName, uri: request.from.uri, params: new Map([['tag', localTag]]) },
      remote: { displayName: response.to.displayName, uri: response.to.uri, params: new Map([['tag', remoteTag]]) },
      remoteTarget: target,
      routeSet: addressList(response.headers.getAll('Record-Route')).reverse(),
      secure,
    });
  }

  get state(): DialogState {
    return this.#state;
  }

  transition(to: DialogState): void {
    if (this.#state === to) return;
    if (!allowed[this.#state].includes(to)) {
      throw new DialogError('SIP_DIALOG_BAD_TRANSITION', `dialog cannot go from ${this.#state} to ${to}`);
    }
    this.#state = to;
  }

  /**
   * §12.2.2: "If the remote sequence number is not empty, but the sequence number of the request
   * is lower than the remote sequence number, the request is out of order and MUST be rejected
   * with a 500". ACK and CANCEL carry the INVITE's number and are not checked here.
   */
  acceptRemoteCSeq(seq: number): boolean {
    if (this.remoteSeq !== null && seq < this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }

  /** §12.2.2: a target refresh request (re-INVITE, UPDATE) replaces the remote target. */
  refreshTarget(request: SipRequest): void {
    const target = contactUri(request);
    if (target !== null) this.remoteTarget = target;
  }

  /**
   * §12.2.1.1: a request within the dialog. With a loose-routing first route (`;lr`) the
   * Request-URI is the remote target and Route is the route set; with a strict router the
   * Request-URI is the first route and the remote target goes last in Route.
   */
  createRequest(method: string, via: Via, contact: NameAddr | undefined, extras: ExtraHeaders = {}, cseq?: number): SipRequest {
    const seq = cseq ?? ++this.localSeq;
    const first = this.routeSet[0];
    let uri: Uri = this.remoteTarget;
    let routes: NameAddr[] = [...this.routeSet];
    if (first && isStrictRouter(first.uri)) {
      uri = stripUriForRequest(first.uri);
      routes = [...this.routeSet.slice(1), { displayName: null, uri: this.remoteTarget, params: new Map() }];
    }
    return createRequest({
      method,
      uri,
      from: this.local,
      to: this.remote,
      callId: this.id.callId,
      cseq: seq,
      via,
      ...(contact ? { contact } : {}),
      routes,
      ...extras,
    });
  }

  /** The URI of the next hop for requests in this dialog (first route, or the remote target). */
  nextHopUri(): Uri {
    return this.routeSet[0]?.uri ?? this.remoteTarget;
  }

  toJSON(): Record<string, unknown> {
    return { callId: this.id.callId, localTag: this.id.localTag, remoteTag: this.id.remoteTag, state: this.#state };
  }
}

function isStrictRouter(uri: Uri): boolean {
  return (uri.scheme === 'sip' || uri.scheme === 'sips') && !(uri as SipUri).params.has('lr');
}

/** §19.1.5: parameters not allowed in a Request-URI (method, maddr-free form kept) are removed. */
function stripUriForRequest(uri: Uri): Uri {
  if (uri.scheme !== 'sip' && uri.scheme !== 'sips') return uri;
  const sip = uri as SipUri;
  const params = new Map(sip.params);
  params.delete('method');
  params.delete('ttl');
  return { ...sip, params, headers: new Map() };
}
