/**
 * A NOTIFY outside any subscription dialog: how Exchange UM (and most voice mail systems) light
 * message-waiting lamps through gateways and PBXs that never SUBSCRIBE. It is an ordinary
 * non-INVITE request (RFC 3261 §8.1.1) with Event and Subscription-State as a subscription's
 * NOTIFY would carry (RFC 6665 requires both in every NOTIFY); the answer's status is the outcome.
 */
import type { DigestCredentials } from '../auth/index.js';
import { createRequest, newCallId, newTag, parseContentType } from '../message/index.js';
import type { Endpoint } from '../transport/index.js';
import { contactFor } from './dialogHost.js';
import { extraHeadersOption, nameAddrOption, uriOption } from './requestOptions.js';
import { newVia, UacError, type SentBy, type UacCore } from './uac.js';

export interface UnsolicitedNotifyOptions {
  target: Endpoint;
  requestUri: string;
  /** name-addr of the mailbox whose lamp this is (no tag). */
  to: string;
  /** name-addr of the voice mail system (the UA adds the tag). */
  from: string;
  /** Event package, e.g. 'message-summary'. */
  event: string;
  contentType: string;
  body: Buffer | string;
  /** Subscription-State value; default "active" (what gateways with MWI enabled accept). */
  subscriptionState?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  credentials?: DigestCredentials | ((realm: string) => DigestCredentials | undefined);
}

export interface UnsolicitedNotifyDeps {
  uac: UacCore;
  sentBy: SentBy;
  product: string;
}

const TOKEN = /^[A-Za-z0-9!%*_+`'~.-]+$/;
const SUBSCRIPTION_STATE = /^[A-Za-z0-9!%*_+`'~.-]+(\s*;\s*[A-Za-z0-9!%*_+`'~.-]+(=[A-Za-z0-9!%*_+`'~.-]+)?)*$/;

/** Sends it and resolves with the final status; rejects with UacError on timeout or transport failure. */
export async function sendUnsolicitedNotify(deps: UnsolicitedNotifyDeps, o: UnsolicitedNotifyOptions): Promise<number> {
  const uri = uriOption(o.requestUri, 'requestUri');
  const to = nameAddrOption(o.to, 'to');
  const from = nameAddrOption(o.from, 'from');
  const headers = extraHeadersOption(o.headers);
  if (!TOKEN.test(o.event)) throw new UacError('SIP_UAC_BAD_OPTIONS', `event: "${o.event.slice(0, 40)}" is not an event package name`);
  const state = o.subscriptionState ?? 'active';
  if (!SUBSCRIPTION_STATE.test(state)) throw new UacError('SIP_UAC_BAD_OPTIONS', `subscriptionState: "${state.slice(0, 40)}" is not a Subscription-State value`);
  try {
    parseContentType(o.contentType);
  } catch (err) {
    throw new UacError('SIP_UAC_BAD_OPTIONS', `contentType: "${o.contentType.slice(0, 60)}" is not a media type`, { cause: err });
  }
  const transport = o.target.transport;
  const local = deps.sentBy.viaSentBy(transport);
  const request = createRequest({
    method: 'NOTIFY',
    uri,
    from: { ...from, params: new Map([...from.params, ['tag', newTag()]]) },
    to,
    callId: newCallId(local.host),
    cseq: 1,
    via: newVia(transport, local),
    contact: contactFor(deps.sentBy, transport),
    headers: [['Event', o.event], ['Subscription-State', state], ['User-Agent', deps.product], ...headers],
    body: o.body,
    contentType: o.contentType,
  });
  const response = await deps.uac.request(request, o.target, o.credentials ? { credentials: o.credentials } : {});
  return response.status;
}
