import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressList, dialogKey, SessionError, type EndReason } from '../../../src/sip/dialog/index.js';
import { formatUri } from '../../../src/sip/message/index.js';
import type { SipRequest } from '../../../src/sip/message/index.js';
import { udpPeer } from '../transaction/fixtures.js';
import { ackFor, answer, established, flush, inDialog, invite, offer, sessionFixture, T1, T2 } from './helpers.js';

const options = (list: string | undefined): string[] => (list ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

describe('RFC 3261 §13.3 INVITE session: answering', () => {
  it('accept() sends a 200 with our To tag, Contact, Record-Route copied in order, Allow and Supported, per §13.3.1.4 and §12.1.1', () => {
    const f = sessionFixture(invite({ recordRoute: ['<sip:p1.example.net;lr>', '<sip:p2.example.net;lr>'] }));
    void f.session.accept({ body: answer, contentType: 'application/sdp' });
    const ok = f.responses().find((r) => r.status === 200);
    assert.ok(ok);
    assert.equal(ok.to.params.get('tag'), f.session.localTag);
    assert.deepEqual(addressList(ok.headers.getAll('Contact')).map((c) => formatUri(c.uri)), ['sip:192.0.2.1:5060']);
    assert.deepEqual(ok.headers.getAll('Record-Route'), ['<sip:p1.example.net;lr>', '<sip:p2.example.net;lr>']);
    const allow = options(ok.headers.get('Allow'));
    for (const m of ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS']) assert.ok(allow.includes(m), `Allow lists ${m}: ${allow.join(',')}`);
    assert.ok(options(ok.headers.get('Supported')).includes('timer'));
    assert.equal(ok.headers.get('Content-Type'), 'application/sdp');
    assert.equal(ok.body.toString('utf8'), answer);
    assert.deepEqual(ok.via, f.session.invite.via, '§8.2.6.2: Via copied');
    assert.equal(f.session.state, 'accepted');
    assert.deepEqual(f.host.registeredKeys, [dialogKey(f.session.dialog!.id)], 'the dialog is filed for in-dialog requests');
  });

  it('retransmits the 2xx at T1, 2T1, 4T1… capped at T2 until the ACK, per §13.3.1.4', () => {
    const f = sessionFixture();
    void f.session.accept({ body: answer });
    f.clock.advance(16_000);
    // Intervals 500, 1000, 2000, 4000 (= T2), 4000, …
    assert.deepEqual(f.host.retransmitTimes(101), [T1, 3 * T1, 7 * T1, 7 * T1 + T2, 7 * T1 + 2 * T2, 7 * T1 + 3 * T2]);
    assert.ok(f.host.direct.every((d) => d.target.address === udpPeer.address && d.target.port === udpPeer.port), 'sent where the INVITE came from');
  });

  it('stops the 2xx retransmissions on the ACK and resolves accept() with that ACK, per §13.3.1.4', async () => {
    const f = sessionFixture();
    const acked = f.session.accept({ body: answer });
    f.clock.advance(2 * T1);
    assert.equal(f.host.retransmitTimes(101).length, 1);
    const ack = ackFor(f.session, 101, '');
    f.session.receiveAck(ack);
    assert.equal(await acked, ack);
    assert.equal(f.session.state, 'confirmed');
    assert.equal(f.session.dialog?.state, 'confirmed');
    f.clock.advance(64 * T1);
    assert.equal(f.host.retransmitTimes(101).length, 1, 'no retransmission after the ACK');
    assert.equal(f.host.sent('BYE').length, 0);
  });

  it('ignores an ACK whose CSeq is not the INVITE\'s, per §13.3.1.4 (ACK matching)', () => {
    const f = sessionFixture(invite({ cseq: 101 }));
    void f.session.accept({ body: answer });
    f.session.receiveAck(ackFor(f.session, 55));
    assert.equal(f.session.state, 'accepted');
    f.clock.advance(T1);
    assert.equal(f.host.retransmitTimes(101).length, 1);
  });

  it('stops retransmitting after 64*T1 without ACK, sends BYE and ends with "no-ack", per §13.3.1.4', async () => {
    const f = sessionFixture();
    const acked = f.session.accept({ body: answer });
    const ended: EndReason[] = [];
    f.session.handlers.onEnded = (r) => ended.push(r);
    f.clock.advance(64 * T1 - 1);
    assert.equal(f.host.sent('BYE').length, 0);
    const sentBefore = f.host.retransmitTimes(101).length;
    assert.equal(sentBefore, 10, 'retransmissions at 0.5, 1.5, 3.5, 7.5, 11.5 … 31.5 s');
    f.clock.advance(1);
    assert.equal(f.host.sent('BYE').length, 1, '§13.3.1.4: "the UAS core SHOULD ... terminate the dialog" with BYE');
    assert.equal(f.session.endReason, 'no-ack');
    assert.equal(f.session.state, 'terminated');
    assert.equal(f.session.signal.aborted, true);
    assert.equal(f.session.signal.reason, 'no-ack');
    assert.deepEqual(ended, ['no-ack']);
    await assert.rejects(acked, (err: unknown) => err instanceof SessionError && err.code === 'SIP_SESSION_ENDED');
    f.clock.advance(60_000);
    assert.equal(f.host.retransmitTimes(101).length, sentBefore, 'retransmissions stopped');
    assert.equal(f.host.sent('BYE').length, 1);
  });

  it('reject(486) answers 486 with a To tag and ends the session with "rejected", per §13.3.1.3', () => {
    const f = sessionFixture();
    f.session.reject(486);
    const busy = f.responses().find((r) => r.status === 486);
    assert.ok(busy);
    assert.equal(busy.to.params.get('tag'), f.session.localTag);
    assert.equal(f.session.endReason, 'rejected');
    assert.equal(f.session.signal.reason, 'rejected');
    assert.deepEqual(f.host.releasedKeys, [null], 'no dialog was formed');
  });

  it('reject() refuses a 2xx status, per §13.3.1.3 (a rejection is 3xx-6xx)', () => {
    const f = sessionFixture();
    assert.throws(() => f.session.reject(200), (err: unknown) => err instanceof SessionError && err.code === 'SIP_SESSION_BAD_STATUS');
    assert.equal(f.session.state, 'pending');
  });

  it('answers 487 and ends with "cancelled" when the pending INVITE is cancelled, per §9.2', () => {
    const f = sessionFixture();
    f.session.provisional(180);
    f.session.cancelled();
    const terminated = f.responses().find((r) => r.status === 487);
    assert.ok(terminated);
    assert.equal(terminated.cseq.method, 'INVITE');
    assert.equal(f.session.endReason, 'cancelled');
    assert.equal(f.session.signal.reason, 'cancelled');
  });

  it('does nothing on CANCEL once the INVITE was answered, per §9.2 (a CANCEL after the final response has no effect on the INVITE)', async () => {
    const f = sessionFixture();
    await established(f);
    f.session.cancelled();
    assert.equal(f.session.state, 'confirmed');
    assert.equal(f.responses().filter((r) => r.status === 487).length, 0);
  });
});

describe('RFC 3261 §12.2.2 requests within the INVITE dialog', () => {
  it('answers BYE with 200 and aborts the signal with "remote-bye", per §15.1.2', async () => {
    const f = sessionFixture();
    await established(f);
    const ok = f.send(inDialog(f.session, 'BYE', { cseq: 102 }));
    assert.equal(ok?.status, 200);
    assert.equal(ok?.to.params.get('tag'), f.session.localTag);
    assert.equal(f.session.signal.aborted, true);
    assert.equal(f.session.signal.reason, 'remote-bye');
    assert.equal(f.session.endReason, 'remote-bye');
    assert.equal(f.session.dialog?.state, 'terminated');
    assert.deepEqual(f.host.releasedKeys, [dialogKey(f.session.dialog!.id)]);
    assert.equal(f.host.sent('BYE').length, 0, 'no BYE of ours');
  });

  it('answers a request in an ended dialog with 481, per §12.2.2', async () => {
    const f = sessionFixture();
    await established(f);
    f.send(inDialog(f.session, 'BYE', { cseq: 102 }));
    assert.equal(f.send(inDialog(f.session, 'INFO', { cseq: 103 }))?.status, 481);
  });

  it('answers a re-INVITE with 200 carrying the current local SDP and retransmits it until its ACK, per §14.2 and §13.3.1.4', async () => {
    const f = sessionFixture();
    await established(f);
    const ok = f.send(inDialog(f.session, 'INVITE', { cseq: 102, body: offer }));
    assert.equal(ok?.status, 200);
    assert.equal(ok?.cseq.seq, 102);
    assert.equal(ok?.body.toString('utf8'), answer, 'RFC 3264 §8: no change → the same SDP');
    assert.equal(ok?.headers.get('Content-Type'), 'application/sdp');
    assert.equal(ok?.headers.getAll('Record-Route').length, 0, 'Record-Route belongs to dialog-forming responses only');
    const start = f.clock.now();
    f.clock.advance(3 * T1);
    assert.deepEqual(f.host.retransmitTimes(102), [start + T1, start + 3 * T1]);
    f.session.receiveAck(ackFor(f.session, 102));
    assert.equal(f.session.reinviteInProgress, null);
    f.clock.advance(64 * T1);
    assert.equal(f.host.retransmitTimes(102).length, 2, 'stopped by its ACK');
    assert.equal(f.session.state, 'confirmed');
  });

  it('ends the call with BYE when the re-INVITE\'s 2xx is never acknowledged, per §13.3.1.4', async () => {
    const f = sessionFixture();
    await established(f);
    f.send(inDialog(f.session, 'INVITE', { cseq: 102, body: offer }));
    f.clock.advance(64 * T1);
    assert.equal(f.host.sent('BYE').length, 1);
    assert.equal(f.session.endReason, 'no-ack');
  });

  it('takes the Contact of a re-INVITE as the new remote target, per §12.2.2 (target refresh)', async () => {
    const f = sessionFixture();
    await established(f);
    const reinvite = inDialog(f.session, 'INVITE', { cseq: 102, body: offer });
    reinvite.headers.set('Contact', '<sip:alice@192.0.2.77:5099>');
    f.send(reinvite);
    assert.equal(formatUri(f.session.dialog!.remoteTarget), 'sip:alice@192.0.2.77:5099');
  });

  it('answers a second re-INVITE while the first awaits its ACK with 500 and a Retry-After of 0-10 s, per §14.2', async () => {
    const f = sessionFixture();
    await established(f);
    assert.equal(f.send(inDialog(f.session, 'INVITE', { cseq: 102, body: offer }))?.status, 200);
    const busy = f.send(inDialog(f.session, 'INVITE', { cseq: 103, body: offer }));
    assert.equal(busy?.status, 500);
    const retryAfter = busy?.headers.get('Retry-After');
    assert.match(retryAfter ?? '', /^\d+$/);
    assert.ok(Number(retryAfter) >= 0 && Number(retryAfter) <= 10);
  });

  it('answers a re-INVITE with 491 while our own refresh is in progress (glare), per §14.2', async () => {
    const f = sessionFixture(invite({ headers: ['Session-Expires: 1800;refresher=uas', 'Supported: timer', 'Allow: INVITE, ACK, BYE, CANCEL, UPDATE'] }));
    f.host.answer = (method) => (method === 'UPDATE' ? 'hold' : 200);
    await established(f);
    f.clock.advance(900_000);
    assert.equal(f.host.sent('UPDATE').length, 1, 'our refresh is outstanding');
    assert.equal(f.send(inDialog(f.session, 'INVITE', { cseq: 102, body: offer }))?.status, 491);
    f.host.held[0]!.resolve(200);
    await flush();
    assert.equal(f.send(inDialog(f.session, 'INVITE', { cseq: 103, body: offer }))?.status, 200, 'accepted once ours completed');
  });

  it('answers an UPDATE carrying an offer with 491 while our re-INVITE offer awaits its answer, per RFC 3311 §5.2', async () => {
    // Session timer with us as refresher and no UPDATE in the peer's Allow: our refresh is a
    // re-INVITE carrying an offer (RFC 4028 §7.4), held unanswered here.
    const f = sessionFixture(invite({ headers: ['Session-Expires: 1800;refresher=uas', 'Supported: timer', 'Allow: INVITE, ACK, BYE, CANCEL'] }));
    f.host.answer = (method) => (method === 'INVITE' ? 'hold' : 200);
    await established(f);
    f.clock.advance(900_000);
    assert.equal(f.host.sent('INVITE').length, 1, 'our re-INVITE (with an offer) is outstanding');
    const glare = f.send(inDialog(f.session, 'UPDATE', { cseq: 102, body: offer }));
    assert.equal(glare?.status, 491, 'RFC 3311 §5.2: an offer while ours is unanswered → 491');
  });

  it('answers 488 when the application refuses the re-INVITE\'s offer, per RFC 3261 §14.2', async () => {
    const f = sessionFixture();
    await established(f);
    f.session.handlers.onOffer = () => null;
    assert.equal(f.send(inDialog(f.session, 'INVITE', { cseq: 102, body: offer }))?.status, 488);
    assert.equal(f.session.state, 'confirmed');
  });

  it('answers INFO with the status the handler returns, per RFC 6086 §4.2', async () => {
    const f = sessionFixture();
    await established(f);
    assert.equal(f.send(inDialog(f.session, 'INFO', { cseq: 102 }))?.status, 200, 'no handler: 200');
    const seen: SipRequest[] = [];
    f.session.handlers.onInfo = (req) => (seen.push(req), 415);
    const info = inDialog(f.session, 'INFO', { cseq: 103, body: 'Signal=5\r\nDuration=160\r\n', contentType: 'application/dtmf-relay' });
    assert.equal(f.send(info)?.status, 415);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.body.toString('utf8'), 'Signal=5\r\nDuration=160\r\n');
  });

  it('answers UPDATE with SDP with 200 carrying the answer, per RFC 3311 §5.2', async () => {
    const f = sessionFixture();
    await established(f);
    const newAnswer = answer.replace('20000', '20002');
    const offers: Array<string | null> = [];
    f.session.handlers.onOffer = (o) => (offers.push(o?.toString('utf8') ?? null), Buffer.from(newAnswer));
    const ok = f.send(inDialog(f.session, 'UPDATE', { cseq: 102, body: offer }));
    assert.equal(ok?.status, 200);
    assert.equal(ok?.body.toString('utf8'), newAnswer);
    assert.equal(ok?.headers.get('Content-Type'), 'application/sdp');
    assert.deepEqual(offers, [offer]);
    assert.equal(f.session.localBody.toString('utf8'), newAnswer, 'the answer becomes our current SDP');
  });

  it('answers UPDATE without SDP with a 200 without body, per RFC 3311 §5.2', async () => {
    const f = sessionFixture();
    await established(f);
    const ok = f.send(inDialog(f.session, 'UPDATE', { cseq: 102 }));
    assert.equal(ok?.status, 200);
    assert.equal(ok?.body.length, 0);
  });

  it('answers a request with a CSeq lower than the last one with 500, per §12.2.2', async () => {
    const f = sessionFixture(invite({ cseq: 101 }));
    await established(f);
    assert.equal(f.send(inDialog(f.session, 'INFO', { cseq: 100 }))?.status, 500);
    assert.equal(f.session.state, 'confirmed');
    assert.equal(f.send(inDialog(f.session, 'INFO', { cseq: 102 }))?.status, 200);
    assert.equal(f.send(inDialog(f.session, 'INFO', { cseq: 101 }))?.status, 500, 'lower than the new remote CSeq');
  });

  it('answers OPTIONS in the dialog with 200 and capabilities, per §11.2', async () => {
    const f = sessionFixture();
    await established(f);
    const ok = f.send(inDialog(f.session, 'OPTIONS', { cseq: 102 }));
    assert.equal(ok?.status, 200);
    assert.ok(ok?.headers.has('Allow'));
  });

  it('answers a method it does not serve in a dialog with 405 and Allow, per §8.2.1', async () => {
    const f = sessionFixture();
    await established(f);
    const refused = f.send(inDialog(f.session, 'MESSAGE', { cseq: 102 }));
    assert.equal(refused?.status, 405);
    assert.ok(options(refused?.headers.get('Allow')).includes('BYE'));
  });

  it('answers SUBSCRIBE within a call with 403: subscriptions get dialogs of their own (RFC 6665 §4.5.2)', async () => {
    const f = sessionFixture();
    await established(f);
    const refused = f.send(inDialog(f.session, 'SUBSCRIBE', { cseq: 102, headers: ['Event: message-summary'] }));
    assert.equal(refused?.status, 403);
    assert.equal(f.session.state, 'confirmed');
  });
});

describe('RFC 3515 REFER from an established call', () => {
  it('sends REFER with Refer-To and Referred-By, and settles refer() with the status of the NOTIFY sipfrag "SIP/2.0 200 OK", per RFC 3515 §2.4.4', async () => {
    const f = sessionFixture();
    await established(f);
    const outcome = f.session.refer('sip:1002@um.example.com');
    await flush();
    const [refer] = f.host.sent('REFER');
    assert.ok(refer);
    assert.equal(refer.request.headers.get('Refer-To'), '<sip:1002@um.example.com>');
    assert.ok(refer.request.headers.has('Referred-By'));
    const trying = f.send(inDialog(f.session, 'NOTIFY', {
      cseq: 102, headers: ['Event: refer', 'Subscription-State: active;expires=60'], body: 'SIP/2.0 100 Trying\r\n', contentType: 'message/sipfrag',
    }));
    assert.equal(trying?.status, 200);
    const done = f.send(inDialog(f.session, 'NOTIFY', {
      cseq: 103, headers: ['Event: refer', 'Subscription-State: terminated;reason=noresource'], body: 'SIP/2.0 200 OK\r\n', contentType: 'message/sipfrag',
    }));
    assert.equal(done?.status, 200);
    assert.deepEqual(await outcome, { accepted: true, status: 200 });
  });

  it('settles refer() as not accepted when the REFER itself is refused, per RFC 3515 §2.4.2', async () => {
    const f = sessionFixture();
    await established(f);
    f.host.answer = () => 603;
    const outcome = await f.session.refer('sip:1002@um.example.com');
    assert.equal(outcome.accepted, false);
    assert.equal(outcome.status, 603);
  });

  it('answers a NOTIFY for an event package we did not subscribe to with 489, per RFC 6665 §8.2.1', async () => {
    const f = sessionFixture();
    await established(f);
    const refused = f.send(inDialog(f.session, 'NOTIFY', { cseq: 102, headers: ['Event: presence', 'Subscription-State: active'] }));
    assert.equal(refused?.status, 489);
  });
});

describe('RFC 3261 §15.1.1 hanging up', () => {
  it('bye() ends the session with "local-bye" and sends BYE within the dialog, per §15.1.1', async () => {
    const f = sessionFixture();
    await established(f);
    await f.session.bye();
    const [bye] = f.host.sent('BYE');
    assert.ok(bye);
    assert.equal(bye.request.to.params.get('tag'), f.session.invite.from.params.get('tag'), 'To = the remote party and tag');
    assert.equal(bye.request.from.params.get('tag'), f.session.localTag);
    assert.equal(f.session.endReason, 'local-bye');
    await f.session.bye();
    assert.equal(f.host.sent('BYE').length, 1, 'bye() is idempotent');
  });

  it('bye() on a pending call answers 480 instead, per §15 (the callee MUST NOT send BYE on an early dialog)', async () => {
    const f = sessionFixture();
    await f.session.bye();
    assert.equal(f.responses().find((r) => r.status >= 300)?.status, 480);
    assert.equal(f.host.sent('BYE').length, 0);
    assert.equal(f.session.state, 'terminated');
  });
});
