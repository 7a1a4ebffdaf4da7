// Outgoing calls through the UA core (userAgent.invite), RFC 3261 §13.2, §9.1, §22.2, on a
// ManualClock over a recording transport: the gateway's answers are written as SIP and delivered.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatUri } from '../../../src/sip/message/index.js';
import type { SipRequest } from '../../../src/sip/message/index.js';
import { UacError, type OutgoingCallOptions } from '../../../src/sip/ua/index.js';
import { answerSdp, flush, gateway, offerSdp, reply, T1, uaFixture, type UaFixture } from './uaFixture.js';

function callOptions(more: Partial<OutgoingCallOptions> = {}): OutgoingCallOptions {
  return {
    target: gateway,
    requestUri: 'sip:8500@192.0.2.10:5060',
    from: '"Test Caller" <sip:2000@um.example.test>',
    to: '<sip:8500@192.0.2.10>',
    sdp: offerSdp,
    headers: [['Diversion', '<sip:1001@192.0.2.10>;reason=no-answer;counter=1']],
    ...more,
  };
}

const branchOf = (r: SipRequest): string | null | undefined => r.via[0]?.params.get('branch');

/** Places a call and has the gateway answer it: 180, then 200 with a Contact and Record-Route. */
async function answered(f: UaFixture, more: Partial<OutgoingCallOptions> = {}) {
  const pending = f.ua.invite(callOptions(more));
  const invite = f.last('INVITE');
  f.deliver(reply(invite, 180, { toTag: 'gwtag' }));
  f.deliver(reply(invite, 200, {
    toTag: 'gwtag',
    contact: '<sip:8500@192.0.2.10:5070>',
    headers: [['Record-Route', '<sip:proxy1.example.test;lr>'], ['Record-Route', '<sip:proxy2.example.test;lr>']],
    body: answerSdp,
  }));
  const session = await pending;
  return { invite, session };
}

async function rejection(promise: Promise<unknown>): Promise<UacError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof UacError, `a UacError, got ${String(err)}`);
    return err;
  }
  assert.fail('the promise resolved');
}

describe('RFC 3261 §13.2 outgoing calls: userAgent.invite()', () => {
  it('sends an INVITE with our From tag, no To tag, a new Call-ID, Contact, the SDP offer and the extra headers (§8.1.1)', () => {
    const f = uaFixture();
    void f.ua.invite(callOptions()).catch(() => undefined);
    const invite = f.last('INVITE');
    assert.equal(formatUri(invite.uri), 'sip:8500@192.0.2.10:5060');
    assert.equal(invite.from.displayName, 'Test Caller');
    assert.match(invite.from.params.get('tag') ?? '', /^[0-9a-f]{16}$/);
    assert.equal(invite.to.params.has('tag'), false);
    assert.ok(invite.callId.length > 10);
    assert.equal(invite.headers.get('Max-Forwards'), '70');
    assert.equal(invite.headers.get('Contact'), '<sip:192.0.2.1:5060>');
    assert.equal(invite.headers.get('Content-Type'), 'application/sdp');
    assert.deepEqual(invite.body, offerSdp);
    assert.equal(invite.headers.get('Diversion'), '<sip:1001@192.0.2.10>;reason=no-answer;counter=1');
    assert.match(branchOf(invite) ?? '', /^z9hG4bK/);
    assert.equal(f.transport.sent[0]!.target, gateway);
  });

  it('reports provisional responses, then resolves with the answer once the 2xx is ACKed (§13.2.2.4)', async () => {
    const f = uaFixture();
    const provisional: string[] = [];
    const { invite, session } = await answered(f, { onProvisional: (status, reason) => provisional.push(`${status} ${reason}`) });
    assert.deepEqual(provisional, ['180 Ringing']);
    assert.equal(session.status, 200);
    assert.deepEqual(session.remoteSdp, answerSdp);
    assert.equal(session.callId, invite.callId);
    assert.equal(session.endReason, null);
    assert.equal(session.signal.aborted, false);
    const ack = f.last('ACK');
    // §13.2.2.4: a new transaction (new branch), the INVITE's CSeq number, the dialog's To tag,
    // Request-URI = remote target (Contact), Route = Record-Route reversed (§12.1.2).
    assert.notEqual(branchOf(ack), branchOf(invite));
    assert.equal(ack.headers.get('CSeq'), '1 ACK');
    assert.equal(ack.to.params.get('tag'), 'gwtag');
    assert.equal(formatUri(ack.uri), 'sip:8500@192.0.2.10:5070');
    assert.deepEqual(ack.headers.getAll('Route'), ['<sip:proxy2.example.test;lr>', '<sip:proxy1.example.test;lr>']);
    assert.deepEqual(f.ua.clientSessions(), [session]);
  });

  it('ACKs each retransmission of the 2xx with the same ACK, also after the INVITE transaction ended (§13.2.2.4)', async () => {
    const f = uaFixture();
    const { invite } = await answered(f);
    const first = f.last('ACK');
    const ok = reply(invite, 200, { toTag: 'gwtag', contact: '<sip:8500@192.0.2.10:5070>', body: answerSdp });
    f.deliver(ok);
    await flush();
    assert.equal(f.sent('ACK').length, 2);
    assert.equal(branchOf(f.last('ACK')), branchOf(first));
    f.clock.advance(64 * T1 + 1); // Timer M: the INVITE client transaction is gone
    f.deliver(ok);
    await flush();
    assert.equal(f.sent('ACK').length, 3);
  });

  it('rejects with SIP_UAC_REJECTED carrying the status and reason; the transaction ACKs the 486 itself (§17.1.1.3)', async () => {
    const f = uaFixture();
    const pending = f.ua.invite(callOptions());
    const invite = f.last('INVITE');
    f.deliver(reply(invite, 486, { toTag: 'busy' }));
    const err = await rejection(pending);
    assert.equal(err.code, 'SIP_UAC_REJECTED');
    assert.equal(err.status, 486);
    assert.equal(err.reason, 'Busy Here');
    const ack = f.last('ACK');
    assert.equal(branchOf(ack), branchOf(invite));
    assert.equal(f.ua.clientSessions().length, 0);
  });

  it('rejects with SIP_UAC_TIMEOUT when Timer B fires without any response (§17.1.1.2)', async () => {
    const f = uaFixture();
    const pending = f.ua.invite(callOptions());
    f.clock.advance(64 * T1);
    const err = await rejection(pending);
    assert.equal(err.code, 'SIP_UAC_TIMEOUT');
  });

  it('sends CANCEL when aborted after a provisional response and rejects with SIP_UAC_CANCELLED (§9.1)', async () => {
    const f = uaFixture();
    const abort = new AbortController();
    const pending = f.ua.invite(callOptions({ signal: abort.signal }));
    const invite = f.last('INVITE');
    f.deliver(reply(invite, 180, { toTag: 'gwtag' }));
    abort.abort();
    const err = await rejection(pending);
    assert.equal(err.code, 'SIP_UAC_CANCELLED');
    const cancel = f.last('CANCEL');
    assert.equal(branchOf(cancel), branchOf(invite));
    assert.equal(cancel.headers.get('CSeq'), '1 CANCEL');
    assert.equal(cancel.headers.get('From'), invite.headers.get('From'));
    assert.equal(cancel.headers.get('To'), invite.headers.get('To'));
    assert.equal(formatUri(cancel.uri), formatUri(invite.uri));
    f.deliver(reply(cancel, 200, { toTag: 'gwtag' }));
    f.deliver(reply(invite, 487, { toTag: 'gwtag' }));
    await flush();
    assert.equal(f.sent('ACK').length, 1, 'the 487 is ACKed by the transaction');
    assert.equal(f.sent('BYE').length, 0);
  });

  it('waits for a provisional response before sending CANCEL when aborted early (§9.1)', async () => {
    const f = uaFixture();
    const abort = new AbortController();
    const pending = f.ua.invite(callOptions({ signal: abort.signal }));
    const invite = f.last('INVITE');
    abort.abort();
    assert.equal((await rejection(pending)).code, 'SIP_UAC_CANCELLED');
    assert.equal(f.sent('CANCEL').length, 0, 'no CANCEL before a provisional response');
    f.deliver(reply(invite, 100));
    assert.equal(f.sent('CANCEL').length, 1);
  });

  it('never sends an INVITE when the signal is already aborted', async () => {
    const f = uaFixture();
    const abort = new AbortController();
    abort.abort();
    assert.equal((await rejection(f.ua.invite(callOptions({ signal: abort.signal })))).code, 'SIP_UAC_CANCELLED');
    assert.equal(f.transport.sent.length, 0);
  });

  it('ACKs a 2xx that crossed its CANCEL and ends that dialog with BYE (§9.1, §13.2.2.4)', async () => {
    const f = uaFixture();
    const abort = new AbortController();
    const pending = f.ua.invite(callOptions({ signal: abort.signal }));
    const invite = f.last('INVITE');
    f.deliver(reply(invite, 180, { toTag: 'gwtag' }));
    abort.abort();
    await rejection(pending);
    f.deliver(reply(invite, 200, { toTag: 'gwtag', contact: '<sip:8500@192.0.2.10:5070>', body: answerSdp }));
    await flush();
    await flush();
    assert.equal(f.sent('ACK').length, 1);
    const bye = f.last('BYE');
    assert.equal(bye.to.params.get('tag'), 'gwtag');
    assert.equal(formatUri(bye.uri), 'sip:8500@192.0.2.10:5070');
  });

  it('answers a 401 with credentials: a new INVITE with Authorization and the next CSeq, whose ACK repeats the credentials (§22.2, §13.2.2.4)', async () => {
    const f = uaFixture();
    const pending = f.ua.invite(callOptions({ credentials: { username: 'openum', password: 'secret' } }));
    const first = f.last('INVITE');
    f.deliver(reply(first, 401, { toTag: 'auth', headers: [['WWW-Authenticate', 'Digest realm="gw.example.test", nonce="n0nce", algorithm=MD5, qop="auth"']] }));
    await flush();
    const second = f.last('INVITE');
    assert.notEqual(second, first);
    assert.equal(second.cseq.seq, 2);
    assert.notEqual(branchOf(second), branchOf(first));
    assert.match(second.headers.get('Authorization') ?? '', /^Digest .*username="openum".*realm="gw.example.test"/);
    f.deliver(reply(second, 200, { toTag: 'gwtag', contact: '<sip:8500@192.0.2.10:5070>', body: answerSdp }));
    await pending;
    const ack = f.last('ACK');
    assert.equal(ack.headers.get('CSeq'), '2 ACK');
    assert.equal(ack.headers.get('Authorization'), second.headers.get('Authorization'));
  });

  it('ACKs a 2xx from a second fork and ends that dialog with BYE, keeping the first (§13.2.2.4)', async () => {
    const f = uaFixture();
    const { invite, session } = await answered(f);
    f.deliver(reply(invite, 200, { toTag: 'fork2', contact: '<sip:8500@192.0.2.11:5060>', body: answerSdp }));
    await flush();
    await flush();
    const acks = f.sent('ACK');
    assert.equal(acks.length, 2);
    assert.equal(acks[1]!.to.params.get('tag'), 'fork2');
    const bye = f.last('BYE');
    assert.equal(bye.to.params.get('tag'), 'fork2');
    assert.equal(session.signal.aborted, false, 'the first dialog stays up');
  });

  it('closing the user agent CANCELs a ringing outgoing call, which then rejects with SIP_UAC_CANCELLED', async () => {
    const f = uaFixture();
    const pending = f.ua.invite(callOptions());
    const invite = f.last('INVITE');
    f.deliver(reply(invite, 180, { toTag: 'gwtag' }));
    const closing = f.ua.close();
    const cancel = f.last('CANCEL');
    f.deliver(reply(cancel, 200, { toTag: 'gwtag' }));
    f.deliver(reply(invite, 487, { toTag: 'gwtag' }));
    assert.equal((await rejection(pending)).code, 'SIP_UAC_CANCELLED');
    await closing;
  });

  it('refuses options that would not make a valid INVITE with SIP_UAC_BAD_OPTIONS, sending nothing', async () => {
    const bad: Array<[string, Partial<OutgoingCallOptions>]> = [
      ['a Request-URI that does not parse', { requestUri: 'sip:' }],
      ['a To with a tag', { to: '<sip:8500@192.0.2.10>;tag=abc' }],
      ['a From that is not a name-addr', { from: '"unterminated <sip:2000@x>' }],
      ['a header value with a line break', { headers: [['Subject', 'hi\r\nVia: SIP/2.0/UDP evil']] }],
      ['a header the core writes', { headers: [['Call-ID', 'mine']] }],
      ['a header name that is not a token', { headers: [['Bad Name', 'x']] }],
      ['no SDP offer', { sdp: Buffer.alloc(0) }],
    ];
    for (const [what, options] of bad) {
      const f = uaFixture();
      const err = await rejection(f.ua.invite(callOptions(options)));
      assert.equal(err.code, 'SIP_UAC_BAD_OPTIONS', what);
      assert.equal(f.transport.sent.length, 0, what);
    }
  });
});
