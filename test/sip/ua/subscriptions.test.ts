// The UA core as RFC 6665 notifier for message-summary (RFC 3842), and unsolicited NOTIFY, on a
// ManualClock over a recording transport; the gateway's SUBSCRIBEs and answers are written as SIP.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipRequest } from '../../../src/sip/message/index.js';
import type { SubscribeDecision, SubscribeHandler, SubscribeRequest } from '../../../src/sip/ua/index.js';
import { flush, gateway, peerRequest, reply, uaFixture, type UaFixture } from './uaFixture.js';

const summary = (n: number): Buffer => Buffer.from(`Messages-Waiting: ${n > 0 ? 'yes' : 'no'}\r\nMessage-Account: sip:1001@um.example.test\r\nVoice-Message: ${n}/0\r\n`);

interface Notifier {
  f: UaFixture;
  asked: Array<{ request: SubscribeRequest; peer: string }>;
  /** Count the body() of accepted subscriptions reports. */
  state: { count: number };
}

function notifier(decide?: (r: SubscribeRequest) => SubscribeDecision): Notifier {
  const asked: Notifier['asked'] = [];
  const state = { count: 2 };
  const handler: SubscribeHandler = (request, peer) => {
    asked.push({ request, peer: peer.name });
    return decide?.(request) ?? { accept: true, body: () => summary(state.count) };
  };
  return { f: uaFixture({ onSubscribe: handler }), asked, state };
}

let calls = 0;

/** An initial SUBSCRIBE from the gateway for 1001's message summary. */
function subscribe(f: UaFixture, headers: string[] = ['Event: message-summary', 'Expires: 1800'], user = '1001'): SipRequest {
  calls++;
  const request = peerRequest({ method: 'SUBSCRIBE', uri: `sip:${user}@192.0.2.1`, callId: `sub-${calls}@192.0.2.10`, fromTag: `sub${calls}`, cseq: 1, headers, fromUri: 'sip:1001@192.0.2.10', toUri: `sip:${user}@um.example.test` });
  f.deliver(request);
  return request;
}

/** A SUBSCRIBE in the dialog the first one formed. */
function refresh(f: UaFixture, initial: SipRequest, cseq: number, headers: string[]): void {
  const ok = f.responses('SUBSCRIBE').find((r) => r.callId === initial.callId && r.status === 200)!;
  f.deliver(peerRequest({ method: 'SUBSCRIBE', uri: 'sip:192.0.2.1:5060', callId: initial.callId, fromTag: initial.from.params.get('tag')!, toTag: ok.to.params.get('tag')!, cseq, headers, fromUri: 'sip:1001@192.0.2.10', toUri: 'sip:1001@um.example.test' }));
}

function answerOf(f: UaFixture, request: SipRequest) {
  const found = f.responses('SUBSCRIBE').filter((r) => r.callId === request.callId);
  assert.ok(found.length > 0, 'the SUBSCRIBE was answered');
  return found[found.length - 1]!;
}

function notifies(f: UaFixture, callId?: string): SipRequest[] {
  return f.sent('NOTIFY').filter((n) => callId === undefined || n.callId === callId);
}

describe('RFC 6665 §4.2 notifier: SUBSCRIBE to message-summary', () => {
  it('answers 200 with Expires and Contact, then sends NOTIFY active with the body at once (§4.2.1.1, §4.2.2)', async () => {
    const { f, asked } = notifier();
    const sub = subscribe(f);
    const ok = answerOf(f, sub);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('Expires'), '1800');
    assert.equal(ok.headers.get('Contact'), '<sip:192.0.2.1:5060>');
    const localTag = ok.to.params.get('tag');
    assert.ok(localTag);
    assert.deepEqual(asked, [{ request: { event: 'message-summary', resourceUser: '1001', from: 'sip:1001@192.0.2.10', expires: 1800 }, peer: 'gw' }]);
    await flush();
    const [notify] = notifies(f, sub.callId);
    assert.ok(notify, 'a NOTIFY was sent');
    assert.equal(notify.headers.get('Event'), 'message-summary');
    assert.equal(notify.headers.get('Subscription-State'), 'active;expires=1800');
    assert.equal(notify.headers.get('Content-Type'), 'application/simple-message-summary');
    assert.deepEqual(notify.body, summary(2));
    // §12.2.1.1: within the dialog, From carries our tag, To the subscriber's, Request-URI its Contact.
    assert.equal(notify.from.params.get('tag'), localTag);
    assert.equal(notify.to.params.get('tag'), sub.from.params.get('tag'));
    assert.equal(notify.uri.scheme, 'sip');
    assert.equal(f.transport.sent.find((s) => s.message === notify)!.target.address, gateway.address);
    assert.equal(f.ua.subscriptionCount, 1);
  });

  it('shortens Expires above 3600 to 3600 and grants 3600 when Expires is absent (§4.2.1.1)', () => {
    const { f, asked } = notifier();
    assert.equal(answerOf(f, subscribe(f, ['Event: message-summary', 'Expires: 86400'])).headers.get('Expires'), '3600');
    assert.equal(answerOf(f, subscribe(f, ['Event: message-summary'])).headers.get('Expires'), '3600');
    assert.deepEqual(asked.map((a) => a.request.expires), [3600, 3600]);
  });

  it('answers Expires below 60 with 423 Interval Too Brief and Min-Expires: 60, without asking the application', () => {
    const { f, asked } = notifier();
    const bad = answerOf(f, subscribe(f, ['Event: message-summary', 'Expires: 30']));
    assert.equal(bad.status, 423);
    assert.equal(bad.headers.get('Min-Expires'), '60');
    assert.equal(asked.length, 0);
  });

  it('answers an unknown event package with 489 and Allow-Events, and a SUBSCRIBE without Event with 400', () => {
    const { f, asked } = notifier();
    const unknown = answerOf(f, subscribe(f, ['Event: presence', 'Expires: 600']));
    assert.equal(unknown.status, 489);
    assert.equal(unknown.headers.get('Allow-Events'), 'message-summary');
    assert.equal(answerOf(f, subscribe(f, ['Expires: 600'])).status, 400);
    assert.equal(answerOf(f, subscribe(f, ['Event: message-summary', 'Expires: soon'])).status, 400);
    assert.equal(asked.length, 0);
  });

  it('answers 406 when Accept excludes application/simple-message-summary', () => {
    const { f } = notifier();
    assert.equal(answerOf(f, subscribe(f, ['Event: message-summary', 'Accept: application/pidf+xml'])).status, 406);
    assert.equal(answerOf(f, subscribe(f, ['Event: message-summary', 'Accept: application/simple-message-summary'])).status, 200);
  });

  it('answers with the status the application refuses with (404, 403), and 489 without any application', () => {
    const refusing = notifier((r) => ({ accept: false, status: r.resourceUser === '9999' ? 404 : 403 }));
    assert.equal(answerOf(refusing.f, subscribe(refusing.f, undefined, '9999')).status, 404);
    assert.equal(answerOf(refusing.f, subscribe(refusing.f, undefined, '1001')).status, 403);
    assert.equal(refusing.f.sent('NOTIFY').length, 0);
    const none = uaFixture();
    assert.equal(answerOf(none, subscribe(none)).status, 489);
  });

  it('answers 500 when the application throws', () => {
    const { f } = notifier(() => {
      throw new Error('directory down');
    });
    assert.equal(answerOf(f, subscribe(f)).status, 500);
  });

  it('treats an initial SUBSCRIBE with Expires: 0 as a fetch: 200, then one NOTIFY terminated (§4.2.1.1)', async () => {
    const { f } = notifier();
    const sub = subscribe(f, ['Event: message-summary', 'Expires: 0']);
    assert.equal(answerOf(f, sub).headers.get('Expires'), '0');
    await flush();
    const [notify] = notifies(f, sub.callId);
    assert.equal(notify?.headers.get('Subscription-State'), 'terminated;reason=timeout');
    assert.deepEqual(notify?.body, summary(2));
    f.deliver(reply(notify!, 200));
    await flush();
    assert.equal(f.ua.subscriptionCount, 0);
  });

  it('notifySubscribers sends the given body to the subscriptions of that user only and returns how many', async () => {
    const { f } = notifier();
    const a = subscribe(f);
    const b = subscribe(f, undefined, '1002');
    await flush();
    for (const n of notifies(f)) f.deliver(reply(n, 200));
    await flush();
    assert.equal(f.ua.notifySubscribers('message-summary', '1001', summary(5)), 1);
    assert.equal(f.ua.notifySubscribers('message-summary', '4444', summary(5)), 0);
    assert.equal(f.ua.notifySubscribers('presence', '1001', summary(5)), 0);
    await flush();
    const toA = notifies(f, a.callId);
    assert.equal(toA.length, 2);
    assert.deepEqual(toA[1]!.body, summary(5));
    assert.match(toA[1]!.headers.get('Subscription-State') ?? '', /^active;expires=\d+$/);
    assert.ok(toA[1]!.cseq.seq > toA[0]!.cseq.seq);
    assert.equal(notifies(f, b.callId).length, 1);
  });

  it('sends one NOTIFY at a time: newer state waits for the outstanding one and replaces older waiting state', async () => {
    const { f } = notifier();
    const sub = subscribe(f);
    await flush();
    f.ua.notifySubscribers('message-summary', '1001', summary(3));
    f.ua.notifySubscribers('message-summary', '1001', summary(4));
    await flush();
    assert.equal(notifies(f, sub.callId).length, 1, 'the initial NOTIFY is still outstanding');
    f.deliver(reply(notifies(f, sub.callId)[0]!, 200));
    await flush();
    await flush();
    const sent = notifies(f, sub.callId);
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[1]!.body, summary(4));
  });

  it('a refresh SUBSCRIBE in the dialog gets 200 with the new Expires and a NOTIFY with the current state (§4.2.1.2)', async () => {
    const { f, state } = notifier();
    const sub = subscribe(f);
    await flush();
    f.deliver(reply(notifies(f, sub.callId)[0]!, 200));
    f.clock.advance(1000_000); // 1000 s of the 1800 pass
    state.count = 7;
    refresh(f, sub, 2, ['Event: message-summary', 'Expires: 3000']);
    assert.equal(answerOf(f, sub).headers.get('Expires'), '3000');
    await flush();
    const latest = notifies(f, sub.callId)[1]!;
    assert.equal(latest.headers.get('Subscription-State'), 'active;expires=3000');
    assert.deepEqual(latest.body, summary(7));
    f.deliver(reply(latest, 200));
    f.clock.advance(2000_000); // past the original expiry, within the refreshed one
    await flush();
    assert.equal(f.ua.subscriptionCount, 1);
  });

  it('Expires: 0 in the dialog unsubscribes: 200, then NOTIFY terminated;reason=timeout, then the dialog is gone (§4.2.1.4)', async () => {
    const { f } = notifier();
    const sub = subscribe(f);
    await flush();
    f.deliver(reply(notifies(f, sub.callId)[0]!, 200));
    refresh(f, sub, 2, ['Event: message-summary', 'Expires: 0']);
    const ok = answerOf(f, sub);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('Expires'), '0');
    await flush();
    const final = notifies(f, sub.callId)[1]!;
    assert.equal(final.headers.get('Subscription-State'), 'terminated;reason=timeout');
    f.deliver(reply(final, 200));
    await flush();
    assert.equal(f.ua.subscriptionCount, 0);
    assert.equal(f.ua.notifySubscribers('message-summary', '1001', summary(1)), 0);
    refresh(f, sub, 3, ['Event: message-summary', 'Expires: 600']);
    assert.equal(answerOf(f, sub).status, 481);
  });

  it('a subscription not refreshed in time ends with NOTIFY terminated;reason=timeout (RFC 6665 §4.1.3)', async () => {
    const { f } = notifier();
    const sub = subscribe(f, ['Event: message-summary', 'Expires: 600']);
    await flush();
    f.deliver(reply(notifies(f, sub.callId)[0]!, 200));
    f.clock.advance(599_000);
    await flush();
    assert.equal(notifies(f, sub.callId).length, 1);
    f.clock.advance(1000);
    await flush();
    const final = notifies(f, sub.callId)[1]!;
    assert.equal(final.headers.get('Subscription-State'), 'terminated;reason=timeout');
    f.deliver(reply(final, 200));
    await flush();
    assert.equal(f.ua.subscriptionCount, 0);
  });

  it('a 481 to a NOTIFY ends the subscription without a final NOTIFY (§4.2.2)', async () => {
    const { f } = notifier();
    const sub = subscribe(f);
    await flush();
    f.deliver(reply(notifies(f, sub.callId)[0]!, 481));
    await flush();
    assert.equal(f.ua.subscriptionCount, 0);
    assert.equal(notifies(f, sub.callId).length, 1);
  });

  it('a NOTIFY that gets no answer before Timer F ends the subscription (§4.2.2)', async () => {
    const { f } = notifier();
    const sub = subscribe(f);
    await flush();
    f.clock.advance(64 * 500);
    await flush();
    assert.equal(f.ua.subscriptionCount, 0);
    assert.ok(notifies(f, sub.callId).length > 1, 'the NOTIFY was retransmitted by its transaction (Timer E)');
  });

  it('closing the user agent ends each subscription with NOTIFY terminated;reason=deactivated', async () => {
    const { f } = notifier();
    const sub = subscribe(f);
    await flush();
    f.deliver(reply(notifies(f, sub.callId)[0]!, 200));
    const closing = f.ua.close();
    await flush();
    const final = notifies(f, sub.callId)[1]!;
    assert.equal(final.headers.get('Subscription-State'), 'terminated;reason=deactivated');
    f.deliver(reply(final, 200));
    await closing;
  });

  it('lists SUBSCRIBE in Allow and message-summary in Allow-Events of the OPTIONS answer', () => {
    const f = uaFixture();
    f.deliver(peerRequest({ method: 'OPTIONS', callId: 'opt-1@192.0.2.10', fromTag: 'o1', cseq: 1 }));
    const ok = f.responses('OPTIONS')[0]!;
    assert.match(ok.headers.get('Allow') ?? '', /\bSUBSCRIBE\b/);
    assert.equal(ok.headers.get('Allow-Events'), 'message-summary');
  });
});

describe('Unsolicited NOTIFY (MWI to a gateway): userAgent.sendNotify()', () => {
  const options = {
    target: gateway,
    requestUri: 'sip:1001@192.0.2.10',
    to: '<sip:1001@192.0.2.10>',
    from: '<sip:voicemail@um.example.test>',
    event: 'message-summary',
    contentType: 'application/simple-message-summary',
    body: summary(2),
  };

  it('sends NOTIFY outside any dialog with Event, Subscription-State: active and the body, and resolves with the status', async () => {
    const f = uaFixture();
    const pending = f.ua.sendNotify(options);
    const notify = f.last('NOTIFY');
    assert.equal(notify.headers.get('Event'), 'message-summary');
    assert.equal(notify.headers.get('Subscription-State'), 'active');
    assert.equal(notify.headers.get('Content-Type'), 'application/simple-message-summary');
    assert.deepEqual(notify.body, summary(2));
    assert.ok(notify.from.params.get('tag'));
    assert.equal(notify.to.params.has('tag'), false);
    assert.ok(notify.headers.get('Contact'));
    f.deliver(reply(notify, 200));
    assert.equal(await pending, 200);
  });

  it('resolves with a failure status as it came, and rejects SIP_UAC_TIMEOUT when nothing answers (Timer F)', async () => {
    const f = uaFixture();
    const refused = f.ua.sendNotify(options);
    f.deliver(reply(f.last('NOTIFY'), 489));
    assert.equal(await refused, 489);
    const silent = f.ua.sendNotify(options);
    f.clock.advance(64 * 500);
    await assert.rejects(silent, { code: 'SIP_UAC_TIMEOUT' });
  });

  it('rejects options that would not make a valid NOTIFY with SIP_UAC_BAD_OPTIONS', async () => {
    const f = uaFixture();
    await assert.rejects(f.ua.sendNotify({ ...options, event: 'message summary' }), { code: 'SIP_UAC_BAD_OPTIONS' });
    await assert.rejects(f.ua.sendNotify({ ...options, subscriptionState: 'active\r\nX: y' }), { code: 'SIP_UAC_BAD_OPTIONS' });
    await assert.rejects(f.ua.sendNotify({ ...options, contentType: 'not a type' }), { code: 'SIP_UAC_BAD_OPTIONS' });
    assert.equal(f.transport.sent.length, 0);
  });
});
