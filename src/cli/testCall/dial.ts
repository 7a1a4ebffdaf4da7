/**
 * Placing the call (RFC 3261 §13.2): the INVITE with our offer and the forwarding headers, each
 * provisional response as a transcript line, and the final answer. A call that is not answered
 * becomes one line saying what to check: the status with a hint for the usual ones, or "no
 * answer" when nothing came back within --timeout (CANCEL is sent if it was ringing, §9.1).
 */
import type { ClientInviteSession } from '../../sip/dialog/index.js';
import { UacError } from '../../sip/ua/index.js';
import { TestCallError } from './errors.js';
import { fromNameAddr, redirectHeaders, toNameAddr } from './headers.js';
import type { TestCallOptions } from './options.js';
import type { SipStack } from './sipStack.js';
import type { Transcript } from './transcript.js';

export interface DialOptions {
  options: TestCallOptions;
  sip: SipStack;
  sdp: Buffer;
  transcript: Transcript;
  interrupt?: AbortSignal | undefined;
}

/** What the usual refusals mean for someone testing their own OpenUM. */
export const STATUS_HINTS: Readonly<Record<number, string>> = {
  403: 'OpenUM serves only its configured gateways: add this machine\'s address to gateways in the configuration',
  404: 'no such number: check the number against the dial plan, hunt groups and auto attendants',
  480: 'the number has no application behind it, or the mailbox is unavailable',
  486: 'busy: the server has no free line',
  488: 'no common codec: try another --codec',
  503: 'the server is overloaded, shutting down, or out of media ports: try again',
};

const NO_ANSWER_HINT = 'is OpenUM running? is this machine a configured gateway?';

export async function dial(d: DialOptions): Promise<{ session: ClientInviteSession }> {
  const { options: o, sip, transcript: t } = d;
  const timeout = new AbortController();
  const signal = d.interrupt ? AbortSignal.any([timeout.signal, d.interrupt]) : timeout.signal;
  const target = sip.target;
  let lastProvisional: string | null = null;
  const timer = setTimeout(() => timeout.abort(), o.timeoutSeconds * 1000);
  t.line('invite', `INVITE sent to ${o.transport}:${hostPort(target.address, target.port)} from ${hostPort(sip.local.address, sip.local.port)}`);
  try {
    const session = await sip.userAgent.invite({
      target,
      requestUri: o.target.uri,
      from: fromNameAddr(o, sip.local.address),
      to: toNameAddr(o),
      sdp: d.sdp,
      headers: redirectHeaders(o),
      onProvisional: (status, reason) => {
        lastProvisional = `${status} ${reason}`;
        t.line('provisional', lastProvisional);
      },
      signal,
    });
    return { session };
  } catch (err) {
    if (d.interrupt?.aborted) throw new TestCallError('TESTCALL_INTERRUPTED', 'interrupted before the answer: the INVITE was cancelled', { cause: err });
    if (timeout.signal.aborted || (err instanceof UacError && err.code === 'SIP_UAC_TIMEOUT')) {
      const rang = lastProvisional === null ? NO_ANSWER_HINT : `the last response was ${lastProvisional}`;
      throw new TestCallError('TESTCALL_NO_ANSWER', `no answer from ${o.target.uri} within ${o.timeoutSeconds} s (${rang})`, { cause: err });
    }
    if (err instanceof UacError && err.code === 'SIP_UAC_REJECTED' && err.status !== null) {
      const hint = STATUS_HINTS[err.status];
      throw new TestCallError('TESTCALL_REJECTED', `${o.target.uri} rejected the call: ${err.status} ${err.reason ?? ''}`.trimEnd() + (hint ? ` (${hint})` : ''), {
        cause: err, status: err.status, reason: err.reason,
      });
    }
    // A transport failure says it best in its own words (its cause: "cannot connect TCP to …: ECONNREFUSED").
    const inner = err instanceof UacError && err.code === 'SIP_UAC_TRANSPORT' && err.cause instanceof Error ? err.cause : err;
    const why = inner instanceof Error ? inner.message : String(inner);
    throw new TestCallError('TESTCALL_UNREACHABLE', `cannot reach ${o.target.uri} over ${o.transport.toUpperCase()}: ${why} (is OpenUM running and listening there?)`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
