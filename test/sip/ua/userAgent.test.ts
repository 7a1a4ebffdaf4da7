// The user agent core behind a real server (startServer) on loopback: a gateway stand-in writes
// raw SIP over UDP and TCP and reads what comes back. T1 is 50 ms so that retransmission checks
// take a fraction of a second; every wait is bounded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SipMessage, SipRequest, SipResponse } from '../../../src/sip/message/index.js';
import {
  ackForFailure,
  anyResponse,
  headerNames,
  newId,
  quietPeriod,
  requestText,
  response,
  sdpAnswer,
  sdpOffer,
  startPlaceholderServer,
  startTestServer,
  TcpGateway,
  UdpGateway,
  type TestServer,
} from './helpers.js';

const listOf = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

describe('RFC 3261 UA core: a trusted gateway over UDP', () => {
  let ts: TestServer;
  let gw: UdpGateway;

  before(async () => {
    ts = await startTestServer();
    gw = await UdpGateway.open(ts.udp);
  });
  after(async () => {
    await gw?.close();
    await ts?.close();
  });

  it('answers OPTIONS with 200 listing Allow, Accept and Supported, per §11.2', async () => {
    const callId = newId('opt-');
    await gw.send(requestText({ method: 'OPTIONS', from: gw.host, callId }));
    const ok = await gw.inbox.waitFor(response(callId, 200, 'OPTIONS'), '200 to OPTIONS');
    const allow = listOf(ok.headers.get('Allow'));
    for (const m of ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS']) assert.ok(allow.includes(m), `Allow lists ${m}`);
    assert.ok(listOf(ok.headers.get('Accept')).includes('application/sdp'));
    assert.ok(listOf(ok.headers.get('Supported')).includes('timer'));
    assert.ok(ok.to.params.get('tag'), '§8.2.6.2: a To tag is added');
  });

  it('answers an in-dialog BYE for an unknown dialog with 481, per §12.2.2', async () => {
    const callId = newId('bye-');
    await gw.send(requestText({ method: 'BYE', from: gw.host, callId, toTag: 'nosuchdialog', cseq: 2 }));
    const gone = await gw.inbox.waitFor(response(callId, 481, 'BYE'), '481 to BYE');
    assert.equal(gone.to.params.get('tag'), 'nosuchdialog');
  });

  it('answers a request whose CSeq method differs from its method with 400, per §8.2 (RFC 4475 §3.1.2.17)', async () => {
    const callId = newId('mismatch-');
    await gw.send(requestText({ method: 'OPTIONS', cseqMethod: 'INVITE', from: gw.host, callId }));
    const bad = await gw.inbox.waitFor(anyResponse(callId), 'a response');
    assert.equal(bad.status, 400);
  });

  it('answers an INVITE whose body is not SDP with 415 and Accept: application/sdp, per §8.2.3 (RFC 4475 §3.3.3 invut)', async () => {
    const spec = { method: 'INVITE', from: gw.host, callId: newId('invut-'), branch: newId('z9hG4bK'), body: '<xml>not sdp</xml>', contentType: 'application/unknownformat' };
    await gw.send(requestText(spec));
    const bad = await gw.inbox.waitFor(response(spec.callId, 415, 'INVITE'), '415');
    assert.equal(bad.headers.get('Accept'), 'application/sdp');
    await gw.send(ackForFailure(spec, bad));
  });

  it('answers an INVITE whose Accept excludes SDP with 406, per §8.2.3 / §21.4.7 (RFC 4475 §3.3.15 sdp01)', async () => {
    const spec = { method: 'INVITE', from: gw.host, callId: newId('sdp01-'), branch: newId('z9hG4bK'), body: sdpOffer, headers: ['Accept: text/nobodyknowsthis'] };
    await gw.send(requestText(spec));
    const bad = await gw.inbox.waitFor(response(spec.callId, 406, 'INVITE'), '406');
    assert.equal(bad.headers.get('Accept'), 'application/sdp');
    await gw.send(ackForFailure(spec, bad));
  });

  it('answers Require: foo with 420 and Unsupported: foo, per §8.2.2.3', async () => {
    const callId = newId('require-');
    await gw.send(requestText({ method: 'OPTIONS', from: gw.host, callId, headers: ['Require: foo'] }));
    const bad = await gw.inbox.waitFor(anyResponse(callId), 'a response');
    assert.equal(bad.status, 420);
    assert.deepEqual(listOf(bad.headers.get('Unsupported')), ['foo']);
  });

  it('adds a To tag to the 400 and 420 it answers to requests without one, per §8.2.6.2', async () => {
    const mismatch = newId('tag400-');
    const require = newId('tag420-');
    await gw.send(requestText({ method: 'OPTIONS', cseqMethod: 'INVITE', from: gw.host, callId: mismatch }));
    await gw.send(requestText({ method: 'OPTIONS', from: gw.host, callId: require, headers: ['Require: foo'] }));
    const r400 = await gw.inbox.waitFor(response(mismatch, 400), '400');
    const r420 = await gw.inbox.waitFor(response(require, 420), '420');
    assert.ok(r400.to.params.get('tag'), '400 carries a To tag');
    assert.ok(r420.to.params.get('tag'), '420 carries a To tag');
  });

  it('adds a To tag to the 481 for an in-dialog method that arrives without one, per §8.2.6.2', async () => {
    const callId = newId('info481-');
    await gw.send(requestText({ method: 'INFO', from: gw.host, callId }));
    const gone = await gw.inbox.waitFor(anyResponse(callId), 'a response');
    assert.equal(gone.status, 481);
    assert.ok(gone.to.params.get('tag'), '481 carries a To tag');
  });

  it('answers REGISTER (known, not served) with 405 and Allow, per §8.2.1', async () => {
    const callId = newId('reg-');
    await gw.send(requestText({ method: 'REGISTER', uri: 'sip:um.example.test', from: gw.host, callId }));
    const refused = await gw.inbox.waitFor(anyResponse(callId), 'a response');
    assert.equal(refused.status, 405);
    assert.ok(listOf(refused.headers.get('Allow')).includes('INVITE'));
  });

  it('answers an unknown method FOOBAR with 501, per §8.2.1', async () => {
    const callId = newId('foobar-');
    await gw.send(requestText({ method: 'FOOBAR', from: gw.host, callId }));
    const refused = await gw.inbox.waitFor(anyResponse(callId), 'a response');
    assert.equal(refused.status, 501);
  });

  it('answers a request with a bad Content-Length but readable Via/From/To/Call-ID/CSeq with 400 and a Warning, per §8.2.6 and §21.4.1', async () => {
    const callId = newId('badlen-');
    await gw.send(requestText({ method: 'OPTIONS', from: gw.host, callId, noContentLength: true, headers: ['Content-Length: abc'] }));
    const bad = await gw.inbox.waitFor(anyResponse(callId), 'a response');
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('Warning') ?? '', /^399 \S+ ".+"$/);
    assert.equal(bad.cseq.method, 'OPTIONS');
  });

  it('answers a request with a broken Max-Forwards with 400 and a Warning, per §8.2.6 and §20.22', async () => {
    const callId = newId('badmf-');
    const text = requestText({ method: 'OPTIONS', from: gw.host, callId }).replace('Max-Forwards: 70', 'Max-Forwards: seventy');
    await gw.send(text);
    const bad = await gw.inbox.waitFor(anyResponse(callId), 'a response');
    assert.equal(bad.status, 400);
    assert.ok(bad.headers.has('Warning'));
  });

  it('adds a To tag to the 400 it answers to an unparseable request without one, per §8.2.6.2', async () => {
    const callId = newId('badlen-tag-');
    await gw.send(requestText({ method: 'OPTIONS', from: gw.host, callId, noContentLength: true, headers: ['Content-Length: abc'] }));
    const bad = await gw.inbox.waitFor(anyResponse(callId), 'a response');
    assert.equal(bad.status, 400);
    assert.ok(bad.to.params.get('tag'), `§8.2.6.2: "the UAS MUST add a tag to the To header field in the response"; got To: ${bad.headers.get('To')}`);
  });

  it('does not answer a malformed response, per §18.1.2 (RFC 4475 §3.1.2)', async () => {
    const callId = newId('badresp-');
    const before = gw.inbox.received.length;
    await gw.send([
      'SIP/2.0 200 OK',
      `Via: SIP/2.0/UDP ${gw.host};branch=z9hG4bKbadresp`,
      'From: <sip:alice@pbx.example.test>;tag=a',
      'To: <sip:1001@um.example.test>;tag=b',
      `Call-ID: ${callId}`,
      'CSeq: one OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'));
    await quietPeriod(300);
    assert.equal(gw.inbox.received.length, before, `nothing came back: ${gw.inbox.summary()}`);
  });

  it('does not answer a garbage datagram and keeps serving afterwards, per §18.3', async () => {
    const before = gw.inbox.received.length;
    await gw.send(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x47, 0x45, 0x54, 0x20, 0x2f, 0x0d, 0x0a]));
    await gw.send('hello, is this SIP?\r\n\r\n');
    await quietPeriod(300);
    assert.equal(gw.inbox.received.length, before, `nothing came back: ${gw.inbox.summary()}`);
    const callId = newId('after-garbage-');
    await gw.send(requestText({ method: 'OPTIONS', from: gw.host, callId }));
    await gw.inbox.waitFor(response(callId, 200, 'OPTIONS'), '200 to OPTIONS after garbage');
  });

  it('sends 100 Trying when the application takes longer than 200 ms, per §17.2.1', async () => {
    ts.app = (session) => {
      const timer = setTimeout(() => session.reject(480), 350);
      session.signal.addEventListener('abort', () => clearTimeout(timer));
    };
    const callId = newId('slow-');
    const branch = newId('z9hG4bK');
    const spec = { method: 'INVITE', from: gw.host, callId, branch, body: sdpOffer };
    await gw.send(requestText(spec));
    const trying = await gw.inbox.waitFor(response(callId, 100, 'INVITE'), '100 Trying');
    const final = await gw.inbox.waitFor(response(callId, 480, 'INVITE'), '480');
    assert.equal(trying.to.params.get('tag'), undefined, '§8.2.6.1: 100 Trying needs no To tag');
    const order = gw.inbox.responses((r) => r.callId === callId).map((r) => r.status);
    assert.equal(order[0], 100, `100 before the final: ${order.join(',')}`);
    await gw.send(ackForFailure(spec, final));
  });

  it('answers 200 with a To tag and Contact when the application accepts, and 200 to the BYE after the ACK, signalling "remote-bye", per §13.3.1.4 and §15.1.2', async () => {
    let acked: Promise<SipRequest> | undefined;
    ts.app = (session) => {
      acked = session.accept({ body: sdpAnswer, contentType: 'application/sdp' });
    };
    const callId = newId('accept-');
    const spec = { method: 'INVITE', from: gw.host, callId, cseq: 1, body: sdpOffer };
    await gw.send(requestText(spec));
    const ok = await gw.inbox.waitFor(response(callId, 200, 'INVITE'), '200 to INVITE');
    const toTag = ok.to.params.get('tag');
    assert.ok(toTag, '2xx carries a To tag');
    assert.match(ok.headers.get('Contact') ?? '', /^<sip:127\.0\.0\.1:\d+>$/);
    assert.equal(ok.body.toString('utf8'), sdpAnswer);
    const session = ts.sessions.at(-1);
    assert.ok(session && session.callId === callId);

    await gw.send(requestText({ ...spec, method: 'ACK', toTag, body: '' }));
    const ack = await acked;
    assert.equal(ack?.method, 'ACK');
    assert.equal(session.state, 'confirmed');

    await gw.send(requestText({ ...spec, method: 'BYE', toTag, cseq: 2, body: '' }));
    const byeOk = await gw.inbox.waitFor(response(callId, 200, 'BYE'), '200 to BYE');
    assert.equal(byeOk.to.params.get('tag'), toTag);
    assert.equal(session.signal.aborted, true);
    assert.equal(session.signal.reason, 'remote-bye');
    assert.equal(ts.server.userAgent.activeCalls, 0);
  });

  it('retransmits the 2xx until the ACK and not after it, per §13.3.1.4', async () => {
    ts.app = (session) => void session.accept({ body: sdpAnswer, contentType: 'application/sdp' });
    const callId = newId('rexmit-');
    const spec = { method: 'INVITE', from: gw.host, callId, cseq: 1, body: sdpOffer };
    await gw.send(requestText(spec));
    const ok = await gw.inbox.waitFor(response(callId, 200, 'INVITE'), 'the 2xx', 3);
    await gw.send(requestText({ ...spec, method: 'ACK', toTag: ok.to.params.get('tag') ?? null, body: '' }));
    await quietPeriod(30);
    const count = gw.inbox.responses((r) => r.callId === callId && r.status === 200).length;
    await quietPeriod(500);
    assert.equal(gw.inbox.responses((r) => r.callId === callId && r.status === 200).length, count, 'no 2xx after the ACK');
    await gw.send(requestText({ ...spec, method: 'BYE', toTag: ok.to.params.get('tag') ?? null, cseq: 2, body: '' }));
    await gw.inbox.waitFor(response(callId, 200, 'BYE'), '200 to BYE');
  });

  it('answers CANCEL of a pending INVITE with 200, the INVITE with 487, and absorbs the ACK for the 487, per §9.2', async () => {
    ts.app = (session) => session.provisional(180);
    const callId = newId('cancel-');
    const branch = newId('z9hG4bK');
    const spec = { method: 'INVITE', from: gw.host, callId, branch, cseq: 1, body: sdpOffer };
    await gw.send(requestText(spec));
    await gw.inbox.waitFor(response(callId, 180, 'INVITE'), '180');
    // §9.1: CANCEL has the INVITE's Request-URI, Call-ID, To, From, CSeq number and top Via branch.
    await gw.send(requestText({ ...spec, method: 'CANCEL', body: '' }));
    const cancelOk = await gw.inbox.waitFor(response(callId, 200, 'CANCEL'), '200 to CANCEL');
    const terminated = await gw.inbox.waitFor(response(callId, 487, 'INVITE'), '487 to INVITE');
    const session = ts.sessions.at(-1);
    assert.equal(session?.endReason, 'cancelled');
    // §9.2: "the To tag of the response to the CANCEL and the To tag in the response to the
    // original request SHOULD be the same".
    assert.equal(cancelOk.to.params.get('tag'), terminated.to.params.get('tag'));
    await gw.send(ackForFailure(spec, terminated));
    await quietPeriod(30);
    const count = gw.inbox.responses((r) => r.callId === callId && r.status === 487).length;
    await quietPeriod(400);
    assert.equal(gw.inbox.responses((r) => r.callId === callId && r.status === 487).length, count, 'the ACK stopped Timer G: no 487 after it');
  });

  it('answers CANCEL that matches no INVITE with 481, per §9.2', async () => {
    const callId = newId('cancel481-');
    await gw.send(requestText({ method: 'CANCEL', from: gw.host, callId }));
    const gone = await gw.inbox.waitFor(anyResponse(callId), 'a response');
    assert.equal(gone.status, 481);
  });
});

describe('RFC 3261 §17.2.1 a server whose application declines with 480, over UDP', () => {
  let server: Awaited<ReturnType<typeof startPlaceholderServer>>;
  let gw: UdpGateway;

  before(async () => {
    server = await startPlaceholderServer({ t1Ms: 50 });
    gw = await UdpGateway.open(server.udp);
  });
  after(async () => {
    await gw?.close();
    await server?.close();
  });

  it('answers a trusted INVITE with 480 and retransmits it on Timer G (T1, 2T1, …) until the ACK, per §17.2.1', async () => {
    const callId = newId('g-');
    const branch = newId('z9hG4bK');
    const spec = { method: 'INVITE', from: gw.host, callId, branch, cseq: 1, body: sdpOffer };
    await gw.send(requestText(spec));
    const final = await gw.inbox.waitFor(response(callId, 480, 'INVITE'), 'the 480, twice retransmitted', 3);
    assert.equal(final.reason, 'Temporarily Unavailable');
    const statuses = gw.inbox.responses((r) => r.callId === callId).map((r) => r.status);
    // §17.2.1: 100 is sent only when the TU takes over 200 ms; the placeholder answers at once.
    assert.ok(statuses.every((s) => s === 480 || s === 100) && statuses.indexOf(480) >= statuses.lastIndexOf(100), `100 (if any) before 480: ${statuses.join(',')}`);
    const times = gw.inbox.received.filter((r) => r.message?.type === 'response' && r.message.callId === callId && r.message.status === 480).map((r) => r.at);
    const [t0 = 0, t1 = 0, t2 = 0] = times;
    // Loopback timings on a busy 2-core machine move by 10-20 ms, a large share of T1 = 50 ms here:
    // check that the retransmissions wait (at least half the interval) and that the interval grows.
    // The exact T1/2*T1 figures are measured against sipp at T1 = 500 ms in test/interop.
    assert.ok(t1 - t0 >= 25, `first retransmission after about T1 = 50 ms, got ${Math.round(t1 - t0)} ms`);
    assert.ok(t2 - t1 >= 50, `second after about 2*T1 = 100 ms, got ${Math.round(t2 - t1)} ms`);
    await gw.send(ackForFailure(spec, final));
    await quietPeriod(30);
    const count = gw.inbox.responses((r) => r.callId === callId && r.status === 480).length;
    await quietPeriod(500);
    assert.equal(gw.inbox.responses((r) => r.callId === callId && r.status === 480).length, count, 'no 480 after the ACK ("Confirmed")');
  });
});

describe('RFC 3261 §26.1 requests from a source that is not a configured gateway', () => {
  describe('with untrusted: drop', () => {
    let ts: TestServer;
    let gw: UdpGateway;
    before(async () => {
      ts = await startTestServer({ gateway: '192.0.2.1', untrusted: 'drop' });
      gw = await UdpGateway.open(ts.udp);
    });
    after(async () => {
      await gw?.close();
      await ts?.close();
    });

    it('answers nothing at all, whatever the request (no mailbox enumeration)', async () => {
      await gw.send(requestText({ method: 'INVITE', from: gw.host, body: sdpOffer }));
      await gw.send(requestText({ method: 'OPTIONS', from: gw.host }));
      await gw.send(requestText({ method: 'BYE', from: gw.host, toTag: 'x' }));
      await quietPeriod(300);
      assert.equal(gw.inbox.received.length, 0, `nothing came back: ${gw.inbox.summary()}`);
      assert.equal(ts.sessions.length, 0, 'no call reached the application');
    });
  });

  describe('with untrusted: reject', () => {
    let ts: TestServer;
    let gw: UdpGateway;
    before(async () => {
      ts = await startTestServer({ gateway: '192.0.2.1', untrusted: 'reject' });
      gw = await UdpGateway.open(ts.udp);
    });
    after(async () => {
      await gw?.close();
      await ts?.close();
    });

    it('answers 403 the same way for an existing-looking and a random Request-URI user', async () => {
      const answers: SipResponse[] = [];
      for (const user of ['1001', newId('u')]) {
        const callId = newId('untrusted-');
        const branch = newId('z9hG4bK');
        const spec = { method: 'INVITE', uri: `sip:${user}@um.example.test`, from: gw.host, callId, branch, body: sdpOffer };
        await gw.send(requestText(spec));
        const refused = await gw.inbox.waitFor(anyResponse(callId), `a response for ${user}`);
        answers.push(refused);
        await gw.send(ackForFailure(spec, refused));
      }
      const [a, b] = answers as [SipResponse, SipResponse];
      assert.equal(a.status, 403);
      assert.equal(b.status, a.status);
      assert.equal(b.reason, a.reason);
      assert.deepEqual(headerNames(b), headerNames(a));
      assert.equal(ts.sessions.length, 0, 'no call reached the application');
    });

    it('answers OPTIONS with 403 too', async () => {
      const callId = newId('untrusted-opt-');
      await gw.send(requestText({ method: 'OPTIONS', from: gw.host, callId }));
      const refused = await gw.inbox.waitFor(anyResponse(callId), 'a response');
      assert.equal(refused.status, 403);
    });
  });
});

describe('overload protection (RFC 3261 §21.5.4 503 with Retry-After)', () => {
  let ts: TestServer;
  let gw: UdpGateway;
  before(async () => {
    ts = await startTestServer({ maxCalls: 1 });
    ts.app = (session) => session.provisional(180);
    gw = await UdpGateway.open(ts.udp);
  });
  after(async () => {
    await gw?.close();
    await ts?.close();
  });

  it('answers an INVITE beyond sip.maxCalls with 503 and Retry-After, per §21.5.4 and §20.33', async () => {
    const first = newId('first-');
    const firstSpec = { method: 'INVITE', from: gw.host, callId: first, branch: newId('z9hG4bK'), body: sdpOffer };
    await gw.send(requestText(firstSpec));
    await gw.inbox.waitFor(response(first, 180, 'INVITE'), '180 for the first call');

    const second = newId('second-');
    const secondSpec = { method: 'INVITE', from: gw.host, callId: second, branch: newId('z9hG4bK'), body: sdpOffer };
    await gw.send(requestText(secondSpec));
    const busy = await gw.inbox.waitFor(anyResponse(second), 'a response to the second INVITE');
    assert.equal(busy.status, 503);
    assert.match(busy.headers.get('Retry-After') ?? '', /^\d+/);
    await gw.send(ackForFailure(secondSpec, busy));
    assert.equal(ts.sessions.length, 1, 'the second call never reached the application');

    // Clean up the first call: CANCEL → 487 → ACK.
    await gw.send(requestText({ ...firstSpec, method: 'CANCEL', body: '' }));
    const terminated = await gw.inbox.waitFor(response(first, 487, 'INVITE'), '487');
    await gw.send(ackForFailure(firstSpec, terminated));
  });
});

describe('RFC 3261 §18.2.2 over TCP', () => {
  let ts: TestServer;
  let tcp: TcpGateway;
  before(async () => {
    ts = await startTestServer();
    tcp = await TcpGateway.open(ts.tcp);
  });
  after(async () => {
    await tcp?.close();
    await ts?.close();
  });

  it('answers OPTIONS on the connection the request came in on, per §18.2.2', async () => {
    const callId = newId('tcp-opt-');
    await tcp.send(requestText({ method: 'OPTIONS', from: tcp.host, transport: 'TCP', callId }));
    const ok = await tcp.inbox.waitFor(response(callId, 200, 'OPTIONS'), '200 on the same connection');
    assert.equal(ok.via[0]?.transport, 'TCP');
  });

  it('answers a pipelined pair of requests on the same connection, each once, per §18.3 framing', async () => {
    const a = newId('tcp-a-');
    const b = newId('tcp-b-');
    await tcp.send(requestText({ method: 'OPTIONS', from: tcp.host, transport: 'TCP', callId: a }) + requestText({ method: 'OPTIONS', from: tcp.host, transport: 'TCP', callId: b }));
    await tcp.inbox.waitFor(response(a, 200), '200 for the first');
    await tcp.inbox.waitFor(response(b, 200), '200 for the second');
    const isOurs = (m: SipMessage): boolean => m.callId === a || m.callId === b;
    assert.equal(tcp.inbox.received.filter((r) => r.message && isOurs(r.message)).length, 2);
  });
});
