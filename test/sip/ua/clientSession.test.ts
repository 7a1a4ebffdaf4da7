// The answered outgoing call (ClientInviteSession) behind the UA core: requests from the far end
// within the dialog (RFC 3261 §12.2.2), our BYE and INFO, and the UA closing. ManualClock,
// recording transport; the far end's requests are written as SIP and delivered.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatUri } from '../../../src/sip/message/index.js';
import type { SipRequest } from '../../../src/sip/message/index.js';
import type { ClientInviteSession } from '../../../src/sip/ua/index.js';
import { answerSdp, flush, gateway, offerSdp, peerRequest, reply, T1, uaFixture, type PeerRequestSpec, type UaFixture } from './uaFixture.js';

interface Call {
  f: UaFixture;
  invite: SipRequest;
  session: ClientInviteSession;
  /** A request from the far end within the dialog. */
  fromPeer(method: string, cseq: number, more?: Partial<PeerRequestSpec>): SipRequest;
}

async function call(): Promise<Call> {
  const f = uaFixture();
  const pending = f.ua.invite({ target: gateway, requestUri: 'sip:8500@192.0.2.10', from: '<sip:2000@um.example.test>', to: '<sip:8500@192.0.2.10>', sdp: offerSdp });
  const invite = f.last('INVITE');
  f.deliver(reply(invite, 200, { toTag: 'gwtag', contact: '<sip:8500@192.0.2.10:5060>', body: answerSdp }));
  const session = await pending;
  const fromPeer = (method: string, cseq: number, more: Partial<PeerRequestSpec> = {}): SipRequest => {
    const request = peerRequest({
      method,
      callId: invite.callId,
      fromTag: 'gwtag',
      toTag: invite.from.params.get('tag')!,
      cseq,
      fromUri: 'sip:8500@192.0.2.10',
      toUri: 'sip:2000@um.example.test',
      ...more,
    });
    f.deliver(request);
    return request;
  };
  return { f, invite, session, fromPeer };
}

function lastResponse(f: UaFixture, method: string) {
  const all = f.responses(method);
  assert.ok(all.length > 0, `a response to ${method}`);
  return all[all.length - 1]!;
}

describe('RFC 3261 §12.2.2 requests from the far end in an outgoing call', () => {
  it('answers BYE with 200 and ends the session: signal aborted, endReason remote-bye (§15.1.2)', async () => {
    const { f, session, fromPeer } = await call();
    const ended: string[] = [];
    session.handlers.onEnded = (reason) => ended.push(reason);
    fromPeer('BYE', 10);
    assert.equal(lastResponse(f, 'BYE').status, 200);
    assert.equal(session.signal.aborted, true);
    assert.equal(session.endReason, 'remote-bye');
    assert.deepEqual(ended, ['remote-bye']);
    assert.deepEqual(f.ua.clientSessions(), []);
    fromPeer('INFO', 11);
    assert.equal(lastResponse(f, 'INFO').status, 481, 'the dialog is gone (§12.2.2)');
  });

  it('answers a re-INVITE without an offer with our SDP and retransmits that 200 until the ACK (§14.2, §13.3.1.4)', async () => {
    const { f, fromPeer, invite } = await call();
    const reinvite = fromPeer('INVITE', 20);
    const ok = lastResponse(f, 'INVITE');
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, offerSdp);
    assert.equal(ok.headers.get('Content-Type'), 'application/sdp');
    assert.ok(ok.headers.get('Contact'));
    const before = f.transport.responses(200).filter((r) => r.cseq.method === 'INVITE').length;
    f.clock.advance(T1);
    assert.equal(f.transport.responses(200).filter((r) => r.cseq.method === 'INVITE').length, before + 1, 'retransmitted after T1');
    f.deliver(peerRequest({ method: 'ACK', callId: invite.callId, fromTag: 'gwtag', toTag: invite.from.params.get('tag')!, cseq: reinvite.cseq.seq, body: '' }));
    f.clock.advance(10 * T1);
    assert.equal(f.transport.responses(200).filter((r) => r.cseq.method === 'INVITE').length, before + 1, 'no retransmission after the ACK');
  });

  it('answers a re-INVITE whose offer keeps the streams with our SDP; another before its ACK gets 500 with Retry-After (§14.2)', async () => {
    const { f, fromPeer } = await call();
    fromPeer('INVITE', 20, { body: answerSdp.toString() });
    assert.equal(lastResponse(f, 'INVITE').status, 200);
    assert.deepEqual(lastResponse(f, 'INVITE').body, offerSdp);
    fromPeer('INVITE', 21, { body: `${answerSdp.toString()}m=video 40002 RTP/AVP 96\r\n` });
    assert.equal(lastResponse(f, 'INVITE').status, 500, 'a second re-INVITE while the first awaits its ACK gets 500 (§14.2)');
    assert.ok(lastResponse(f, 'INVITE').headers.get('Retry-After'));
  });

  it('answers an offer with a different number of m= lines with 488 (RFC 3264 §6)', async () => {
    const { f, fromPeer } = await call();
    fromPeer('INVITE', 20, { body: `${answerSdp.toString()}m=video 40002 RTP/AVP 96\r\n` });
    assert.equal(lastResponse(f, 'INVITE').status, 488);
  });

  it('answers INFO and OPTIONS with 200, MESSAGE with 405 and Allow, an unknown method with 501 (§8.2.1)', async () => {
    const { f, session, fromPeer } = await call();
    const infos: string[] = [];
    session.handlers.onInfo = (request) => {
      infos.push(request.body.toString());
      return 200;
    };
    fromPeer('INFO', 30, { body: 'Signal=5\r\nDuration=160\r\n', contentType: 'application/dtmf-relay' });
    assert.equal(lastResponse(f, 'INFO').status, 200);
    assert.deepEqual(infos, ['Signal=5\r\nDuration=160\r\n']);
    fromPeer('OPTIONS', 31);
    assert.equal(lastResponse(f, 'OPTIONS').status, 200);
    fromPeer('MESSAGE', 32, { body: 'hi', contentType: 'text/plain' });
    assert.equal(lastResponse(f, 'MESSAGE').status, 405);
    assert.match(lastResponse(f, 'MESSAGE').headers.get('Allow') ?? '', /INVITE/);
    fromPeer('FROBNICATE', 33);
    assert.equal(lastResponse(f, 'FROBNICATE').status, 501);
    assert.equal(session.signal.aborted, false);
  });

  it('rejects a request whose CSeq is lower than the last one with 500 (§12.2.2)', async () => {
    const { f, fromPeer } = await call();
    fromPeer('INFO', 50);
    fromPeer('INFO', 49);
    assert.equal(lastResponse(f, 'INFO').status, 500);
  });
});

describe('RFC 3261 §15.1.1 and RFC 6086: our requests in an outgoing call', () => {
  it('bye() sends one BYE to the remote target however often it is called, and ends as local-bye', async () => {
    const { f, session } = await call();
    const first = session.bye();
    const second = session.bye();
    assert.equal(first, second);
    await flush();
    const bye = f.last('BYE');
    assert.equal(f.sent('BYE').length, 1);
    assert.equal(formatUri(bye.uri), 'sip:8500@192.0.2.10:5060');
    assert.equal(bye.to.params.get('tag'), 'gwtag');
    assert.equal(session.endReason, 'local-bye');
    assert.equal(session.signal.aborted, true);
    f.deliver(reply(bye, 200));
    await first;
    await session.bye();
    assert.equal(f.sent('BYE').length, 1);
  });

  it('info() sends INFO with the body and resolves with its status', async () => {
    const { f, session } = await call();
    const pending = session.info('application/dtmf-relay', 'Signal=1\r\nDuration=160\r\n');
    await flush();
    const info = f.last('INFO');
    assert.equal(info.headers.get('Content-Type'), 'application/dtmf-relay');
    assert.equal(info.body.toString(), 'Signal=1\r\nDuration=160\r\n');
    assert.equal(info.cseq.seq, 2, 'the next CSeq after the INVITE (§12.2.1.1)');
    f.deliver(reply(info, 200));
    assert.equal(await pending, 200);
    assert.equal(session.signal.aborted, false);
  });

  it('info() answered 481 ends the call as failed (§12.2.1.2)', async () => {
    const { f, session } = await call();
    const pending = session.info('application/dtmf-relay', 'Signal=1\r\n');
    await flush();
    f.deliver(reply(f.last('INFO'), 481));
    assert.equal(await pending, 481);
    assert.equal(session.endReason, 'failed');
    assert.equal(session.signal.aborted, true);
    await assert.rejects(session.info('application/dtmf-relay', 'Signal=2\r\n'), { code: 'SIP_SESSION_NOT_ESTABLISHED' });
  });

  it('closing the user agent hangs up answered outgoing calls with BYE', async () => {
    const { f, session } = await call();
    const closing = f.ua.close();
    await flush();
    const bye = f.last('BYE');
    f.deliver(reply(bye, 200));
    await closing;
    assert.equal(session.endReason, 'local-bye');
  });
});
