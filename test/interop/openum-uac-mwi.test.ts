// What OpenUM's user agent originates, against sipp as the gateway or phone: outgoing calls
// (userAgent.invite, RFC 3261 §13.2, §15, §9.1), the RFC 6665 notifier for message-summary
// (RFC 3842) and unsolicited MWI NOTIFY. The SIP stack runs in this process (fixtures/sipStack.ts)
// so the test drives its API; sipp runs the scenarios in sipp/ and checks what it receives.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';

import { formatMessageSummary } from '../../src/sip/message/index.js';
import { UacError, type OutgoingCallOptions } from '../../src/sip/ua/index.js';
import { startSipStack, udpPortTaken, type SipStack } from './fixtures/sipStack.js';
import { artifactsDir, freePort, stopAll, waitUntil } from './harness/processes.js';
import { runSipp, startSipp, type SippProcess, type SippResult } from './harness/sipp.js';

after(() => stopAll());

const offer = Buffer.from('v=0\r\no=openum 1 1 IN IP4 127.0.0.1\r\ns=OpenUM\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n');

const summary = (newCount: number): Buffer => formatMessageSummary({
  messagesWaiting: true,
  account: 'sip:1001@um.interop.test',
  counts: { 'voice-message': { new: newCount, old: 8, newUrgent: 1, oldUrgent: 0 } },
});

/** sipp as the gateway: a UAS on a free port, ready before the test sends to it. */
async function gatewayPeer(testName: string, scenario: string): Promise<{ sipp: SippProcess; port: number }> {
  const port = await freePort('udp');
  const sipp = startSipp({ scenario, localPort: port, calls: 1, timeoutSeconds: 30, logDir: artifactsDir(testName) });
  await waitUntil(`sipp listening on udp ${port}`, () => udpPortTaken(port), 10_000, 50);
  return { sipp, port };
}

function callTo(port: number, more: Partial<OutgoingCallOptions> = {}): OutgoingCallOptions {
  return {
    target: { transport: 'UDP', address: '127.0.0.1', port },
    requestUri: `sip:8500@127.0.0.1:${port}`,
    from: '"Test Caller" <sip:2000@um.interop.test>',
    to: `<sip:8500@127.0.0.1:${port}>`,
    sdp: offer,
    headers: [['Diversion', '<sip:1001@127.0.0.1>;reason=no-answer;counter=1']],
    ...more,
  };
}

function explain(result: SippResult, stack: SipStack): string {
  let log = '';
  try {
    log = readFileSync(stack.logPath, 'utf8').slice(-3000);
  } catch {
    log = '(no log)';
  }
  return `${result.describe()}\n--- openum sip log (${stack.logPath})\n${log}`;
}

function ended(signal: AbortSignal, timeoutMs: number): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the call did not end within ${timeoutMs} ms`)), timeoutMs);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

describe('OpenUM calls a gateway (userAgent.invite) and sipp answers', { timeout: 120_000 }, () => {
  it('sipp answers, OpenUM ACKs, then sipp hangs up: BYE answered 200, session ends remote-bye', { timeout: 60_000 }, async () => {
    const stack = await startSipStack('openum-uac-remote-bye');
    try {
      const { sipp, port } = await gatewayPeer('openum-uac-remote-bye', 'uas-answer-then-bye');
      const provisional: number[] = [];
      const session = await stack.ua.invite(callTo(port, { onProvisional: (status) => provisional.push(status) }));
      assert.equal(session.status, 200);
      assert.match(session.remoteSdp.toString(), /m=audio \d+ RTP\/AVP 0/);
      assert.ok(provisional.includes(180), `180 reported: ${provisional.join(',')}`);
      await ended(session.signal, 15_000);
      assert.equal(session.endReason, 'remote-bye');
      const result = await sipp.wait();
      assert.equal(result.exitCode, 0, explain(result, stack));
      assert.equal(result.successful, 1);
    } finally {
      await stack.close();
    }
  });

  it('sipp answers and OpenUM hangs up: sipp gets the BYE within the dialog and answers 200', { timeout: 60_000 }, async () => {
    const stack = await startSipStack('openum-uac-local-bye');
    try {
      const { sipp, port } = await gatewayPeer('openum-uac-local-bye', 'uas-answer-expect-bye');
      const session = await stack.ua.invite(callTo(port));
      await new Promise((r) => setTimeout(r, 300));
      await session.bye();
      assert.equal(session.endReason, 'local-bye');
      const result = await sipp.wait();
      assert.equal(result.exitCode, 0, explain(result, stack));
      assert.equal(result.successful, 1);
      assert.equal(stack.ua.clientSessions().length, 0);
    } finally {
      await stack.close();
    }
  });

  it('abandoning a ringing call sends CANCEL; sipp answers 200 and 487, which OpenUM ACKs (§9.1)', { timeout: 60_000 }, async () => {
    const stack = await startSipStack('openum-uac-cancel');
    try {
      const { sipp, port } = await gatewayPeer('openum-uac-cancel', 'peer-uas-cancel');
      const abort = new AbortController();
      const pending = stack.ua.invite(callTo(port, { signal: abort.signal, onProvisional: (status) => status === 180 && abort.abort() }));
      await assert.rejects(pending, (err: unknown) => err instanceof UacError && err.code === 'SIP_UAC_CANCELLED');
      const result = await sipp.wait();
      assert.equal(result.exitCode, 0, explain(result, stack));
      assert.equal(result.successful, 1);
    } finally {
      await stack.close();
    }
  });

  it('a call sipp refuses with 480 rejects with SIP_UAC_REJECTED, status 480, and the 480 is ACKed', { timeout: 60_000 }, async () => {
    const stack = await startSipStack('openum-uac-rejected');
    try {
      const { sipp, port } = await gatewayPeer('openum-uac-rejected', 'peer-uas-480');
      await assert.rejects(stack.ua.invite(callTo(port)), (err: unknown) => err instanceof UacError && err.code === 'SIP_UAC_REJECTED' && err.status === 480);
      const result = await sipp.wait();
      assert.equal(result.exitCode, 0, explain(result, stack));
    } finally {
      await stack.close();
    }
  });
});

describe('OpenUM as message-summary notifier (RFC 6665, RFC 3842) and MWI sender', { timeout: 120_000 }, () => {
  it('sipp subscribes: the initial NOTIFY has our body, a second follows notifySubscribers, and unsubscribing gets NOTIFY terminated', { timeout: 60_000 }, async () => {
    const counts = { value: 2 };
    const asked: string[] = [];
    const stack = await startSipStack('openum-mwi-subscribe', {
      onSubscribe: (request) => {
        asked.push(`${request.event} ${request.resourceUser} ${request.expires}`);
        return request.resourceUser === '1001' ? { accept: true, body: () => summary(counts.value) } : { accept: false, status: 404 };
      },
    });
    try {
      const running = runSipp({
        scenario: 'uac-subscribe-mwi-expect-notify-then-terminated',
        target: `127.0.0.1:${stack.endpoint.port}`,
        localPort: await freePort('udp'),
        service: '1001',
        calls: 1,
        timeoutSeconds: 30,
        logDir: artifactsDir('openum-mwi-subscribe'),
      });
      await waitUntil('the subscription', () => stack.ua.subscriptionCount === 1, 15_000, 20);
      counts.value = 3;
      assert.equal(stack.ua.notifySubscribers('message-summary', '1001', summary(3)), 1);
      assert.equal(stack.ua.notifySubscribers('message-summary', '1002', summary(3)), 0);
      const result = await running;
      assert.equal(result.exitCode, 0, explain(result, stack));
      assert.equal(result.successful, 1);
      assert.deepEqual(asked, ['message-summary 1001 600']);
      await waitUntil('the subscription to end', () => stack.ua.subscriptionCount === 0, 5_000, 20);
    } finally {
      await stack.close();
    }
  });

  it('sends an unsolicited NOTIFY to a gateway: sipp checks Event, Subscription-State and the body, and answers 200', { timeout: 60_000 }, async () => {
    const stack = await startSipStack('openum-mwi-unsolicited');
    try {
      const { sipp, port } = await gatewayPeer('openum-mwi-unsolicited', 'uas-mwi-notify-expect-200');
      const status = await stack.ua.sendNotify({
        target: { transport: 'UDP', address: '127.0.0.1', port },
        requestUri: `sip:1001@127.0.0.1:${port}`,
        to: `<sip:1001@127.0.0.1:${port}>`,
        from: '<sip:voicemail@um.interop.test>',
        event: 'message-summary',
        contentType: 'application/simple-message-summary',
        body: summary(2),
      });
      assert.equal(status, 200);
      const result = await sipp.wait();
      assert.equal(result.exitCode, 0, explain(result, stack));
      assert.equal(result.successful, 1);
    } finally {
      await stack.close();
    }
  });
});
