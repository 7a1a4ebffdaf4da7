import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  negotiateSessionTimer,
  parseMinSe,
  parseSessionExpires,
  sessionTimerDelays,
  type SessionTimerDecision,
} from '../../../src/sip/dialog/index.js';
import { ackFor, answer, established, flush, inDialog, invite, offer, sessionFixture } from './helpers.js';

const policy = { sessionExpires: 1800, minSe: 90 };
const s = 1000;

describe('RFC 4028 §9 negotiateSessionTimer (UAS)', () => {
  const table: Array<{ name: string; req: Parameters<typeof negotiateSessionTimer>[0]; policy?: typeof policy; expect: SessionTimerDecision }> = [
    {
      name: 'keeps the interval and refresher=uac of a UAC that supports timers, with Require: timer (§9)',
      req: { sessionExpires: 1800, refresher: 'uac', minSe: null, uacSupportsTimer: true },
      expect: { kind: 'active', interval: 1800, refresher: 'uac', requireTimer: true },
    },
    {
      name: 'keeps refresher=uas when the request asks for it (§9: "the UAS MUST use it")',
      req: { sessionExpires: 1800, refresher: 'uas', minSe: null, uacSupportsTimer: true },
      expect: { kind: 'active', interval: 1800, refresher: 'uas', requireTimer: true },
    },
    {
      name: 'chooses a refresher when the request names none and the UAC supports timers (§9)',
      req: { sessionExpires: 1200, refresher: null, minSe: null, uacSupportsTimer: true },
      expect: { kind: 'active', interval: 1200, refresher: 'uac', requireTimer: true },
    },
    {
      name: 'is the refresher itself, without Require, when the UAC does not support timers (§9)',
      req: { sessionExpires: 1800, refresher: 'uac', minSe: null, uacSupportsTimer: false },
      expect: { kind: 'active', interval: 1800, refresher: 'uas', requireTimer: false },
    },
    {
      name: 'rejects an interval below Min-SE with 422 and our Min-SE (§9, §6)',
      req: { sessionExpires: 60, refresher: 'uac', minSe: null, uacSupportsTimer: true },
      expect: { kind: 'reject', minSe: 90 },
    },
    {
      name: 'accepts an interval equal to Min-SE (§9: only "smaller than" is rejected)',
      req: { sessionExpires: 90, refresher: 'uac', minSe: null, uacSupportsTimer: true },
      expect: { kind: 'active', interval: 90, refresher: 'uac', requireTimer: true },
    },
    {
      name: 'never uses a Min-SE below 90 s even when configured lower (§5)',
      req: { sessionExpires: 60, refresher: 'uac', minSe: null, uacSupportsTimer: true },
      policy: { sessionExpires: 1800, minSe: 30 },
      expect: { kind: 'reject', minSe: 90 },
    },
    {
      name: 'uses a configured Min-SE above 90 s (§5)',
      req: { sessionExpires: 300, refresher: 'uac', minSe: null, uacSupportsTimer: true },
      policy: { sessionExpires: 1800, minSe: 600 },
      expect: { kind: 'reject', minSe: 600 },
    },
    {
      name: 'adds our interval when the UAC supports timers but sent no Session-Expires (§9)',
      req: { sessionExpires: null, refresher: null, minSe: null, uacSupportsTimer: true },
      expect: { kind: 'active', interval: 1800, refresher: 'uac', requireTimer: true },
    },
    {
      name: 'raises our interval to the request\'s Min-SE when that is larger (§9)',
      req: { sessionExpires: null, refresher: null, minSe: 3600, uacSupportsTimer: true },
      expect: { kind: 'active', interval: 3600, refresher: 'uac', requireTimer: true },
    },
    {
      name: 'uses no session timer when neither side asked for one (§9)',
      req: { sessionExpires: null, refresher: null, minSe: null, uacSupportsTimer: false },
      expect: { kind: 'none' },
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      assert.deepEqual(negotiateSessionTimer(row.req, row.policy ?? policy), row.expect);
    });
  }
});

describe('RFC 4028 §10 sessionTimerDelays', () => {
  const table: Array<{ name: string; args: Parameters<typeof sessionTimerDelays>; expect: ReturnType<typeof sessionTimerDelays> }> = [
    { name: 'non-refresher: BYE at 1800 - min(32, 600) = 1768 s', args: [1800, 'uac', 'uas'], expect: { expireAt: 1768 * s } },
    { name: 'non-refresher: BYE at 90 - min(32, 30) = 60 s', args: [90, 'uac', 'uas'], expect: { expireAt: 60 * s } },
    { name: 'non-refresher: BYE at 96 - min(32, 32) = 64 s', args: [96, 'uas', 'uac'], expect: { expireAt: 64 * s } },
    { name: 'refresher: refresh at half the interval (900 s), expiry at 1800 s', args: [1800, 'uas', 'uas'], expect: { refreshAt: 900 * s, expireAt: 1800 * s } },
    { name: 'refresher: refresh at 45 s for a 90 s interval', args: [90, 'uac', 'uac'], expect: { refreshAt: 45 * s, expireAt: 90 * s } },
  ];
  for (const row of table) {
    it(`${row.name}, per RFC 4028 §10`, () => {
      assert.deepEqual(sessionTimerDelays(...row.args), row.expect);
    });
  }
});

describe('RFC 4028 §4-5 header parsing', () => {
  it('parses Session-Expires delta-seconds and the refresher parameter, and refuses other forms, per RFC 4028 §4', () => {
    assert.deepEqual(parseSessionExpires('1800;refresher=uac'), { interval: 1800, refresher: 'uac' });
    assert.deepEqual(parseSessionExpires('1800 ; refresher = UAS'), { interval: 1800, refresher: 'uas' });
    assert.deepEqual(parseSessionExpires('1800'), { interval: 1800, refresher: null });
    assert.deepEqual(parseSessionExpires('1800;refresher=proxy'), { interval: 1800, refresher: null });
    assert.equal(parseSessionExpires('abc'), null);
    assert.equal(parseSessionExpires('-5'), null);
    assert.equal(parseSessionExpires(undefined), null);
  });

  it('parses Min-SE delta-seconds with parameters, per RFC 4028 §5', () => {
    assert.equal(parseMinSe('90'), 90);
    assert.equal(parseMinSe('120;x=y'), 120);
    assert.equal(parseMinSe('ninety'), null);
    assert.equal(parseMinSe(undefined), null);
  });
});

const timerInvite = (se: string, extra: string[] = []) => invite({ headers: [`Session-Expires: ${se}`, 'Supported: timer', ...extra] });

describe('RFC 4028 session timers on an INVITE session', () => {
  it('answers Session-Expires: 1800;refresher=uac with the same Session-Expires and Require: timer, per RFC 4028 §9', async () => {
    const f = sessionFixture(timerInvite('1800;refresher=uac'));
    const ok = await established(f);
    assert.equal(ok.headers.get('Session-Expires'), '1800;refresher=uac');
    assert.deepEqual(ok.headers.getAll('Require'), ['timer']);
  });

  it('sends BYE at 1800 - min(32, 1800/3) s when the refresher never refreshes, per RFC 4028 §10', async () => {
    const f = sessionFixture(timerInvite('1800;refresher=uac'));
    await established(f);
    const t0 = f.clock.now();
    f.clock.advance(1768 * s - 1);
    assert.equal(f.host.sent('BYE').length, 0);
    assert.equal(f.session.state, 'confirmed');
    f.clock.advance(1);
    const [bye] = f.host.sent('BYE');
    assert.ok(bye);
    assert.equal(bye.at - t0, 1768 * s);
    assert.equal(f.session.endReason, 'session-expired');
  });

  it('re-arms the expiry when a re-INVITE refreshes the session, per RFC 4028 §10', async () => {
    const f = sessionFixture(timerInvite('1800;refresher=uac'));
    await established(f);
    f.clock.advance(1000 * s);
    const ok = f.send(inDialog(f.session, 'INVITE', { cseq: 102, body: offer, headers: ['Session-Expires: 1800;refresher=uac', 'Supported: timer'] }));
    assert.equal(ok?.status, 200);
    assert.equal(ok?.headers.get('Session-Expires'), '1800;refresher=uac', 'RFC 4028 §9: a refresh response carries Session-Expires too');
    f.session.receiveAck(ackFor(f.session, 102));
    f.clock.advance(1768 * s - 1);
    assert.equal(f.host.sent('BYE').length, 0, 'no BYE at the old deadline');
    f.clock.advance(1);
    assert.equal(f.host.sent('BYE').length, 1, 'BYE 1768 s after the refresh');
  });

  it('re-arms the expiry when an UPDATE refreshes the session, per RFC 4028 §10 and RFC 3311', async () => {
    const f = sessionFixture(timerInvite('1800;refresher=uac'));
    await established(f);
    f.clock.advance(1700 * s);
    const ok = f.send(inDialog(f.session, 'UPDATE', { cseq: 102, headers: ['Session-Expires: 1800;refresher=uac', 'Supported: timer'] }));
    assert.equal(ok?.status, 200);
    assert.equal(ok?.headers.get('Session-Expires'), '1800;refresher=uac');
    f.clock.advance(1767 * s);
    assert.equal(f.host.sent('BYE').length, 0);
    assert.equal(f.session.state, 'confirmed');
  });

  it('answers an INVITE with Session-Expires: 60 with 422 and Min-SE: 90, per RFC 4028 §9 and §6', () => {
    const f = sessionFixture(timerInvite('60'));
    assert.equal(f.session.rejectIfIntervalTooSmall(), true);
    const tooSmall = f.responses().find((r) => r.status === 422);
    assert.ok(tooSmall);
    assert.equal(tooSmall.headers.get('Min-SE'), '90');
    assert.equal(f.session.endReason, 'rejected');
  });

  it('lets an acceptable INVITE through rejectIfIntervalTooSmall(), per RFC 4028 §9', () => {
    const f = sessionFixture(timerInvite('1800'));
    assert.equal(f.session.rejectIfIntervalTooSmall(), false);
    assert.equal(f.session.state, 'pending');
    assert.equal(f.responses().length, 0);
  });

  it('answers a refresh re-INVITE with Session-Expires: 60 with 422 and Min-SE: 90 and keeps the call, per RFC 4028 §9', async () => {
    const f = sessionFixture(timerInvite('1800;refresher=uac'));
    await established(f);
    const tooSmall = f.send(inDialog(f.session, 'INVITE', { cseq: 102, body: offer, headers: ['Session-Expires: 60', 'Supported: timer'] }));
    assert.equal(tooSmall?.status, 422);
    assert.equal(tooSmall?.headers.get('Min-SE'), '90');
    assert.equal(f.session.state, 'confirmed');
  });

  it('stops refreshing when the 2xx to our refresh carries no Session-Expires ("no session expiration"), per RFC 4028 §7.2', async () => {
    const f = sessionFixture(timerInvite('1800;refresher=uas', ['Allow: INVITE, ACK, CANCEL, BYE, UPDATE']));
    await established(f);
    f.host.echoSessionExpires = false;
    f.clock.advance(900 * s);
    assert.equal(f.host.sent('UPDATE').length, 1);
    await new Promise((r) => setImmediate(r));
    f.clock.advance(3600 * s);
    assert.equal(f.host.sent('UPDATE').length, 1, 'no further refresh');
    assert.equal(f.host.sent('BYE').length, 0, 'and no expiry BYE');
    assert.equal(f.session.state, 'confirmed');
  });

  it('as refresher (refresher=uas), sends UPDATE at half the interval when the INVITE\'s Allow lists UPDATE, per RFC 4028 §7.4 and §10', async () => {
    const f = sessionFixture(timerInvite('1800;refresher=uas', ['Allow: INVITE, ACK, CANCEL, BYE, UPDATE']));
    const ok = await established(f);
    assert.equal(ok.headers.get('Session-Expires'), '1800;refresher=uas');
    f.clock.advance(900 * s - 1);
    assert.equal(f.host.calls.length, 0);
    f.clock.advance(1);
    const [update] = f.host.sent('UPDATE');
    assert.ok(update, 'UPDATE sent at 900 s');
    assert.equal(f.host.sent('INVITE').length, 0);
    assert.ok(update.request.headers.get('Session-Expires')?.startsWith('1800'));
    assert.ok((update.request.headers.get('Supported') ?? '').includes('timer'));
    await flush();
    f.clock.advance(900 * s);
    assert.equal(f.host.sent('UPDATE').length, 2, 'the 2xx re-armed the refresh');
    assert.equal(f.host.sent('BYE').length, 0);
    assert.equal(f.session.state, 'confirmed');
  });

  it('as refresher, marks its own refresh refresher=uac (the sender keeps refreshing), per RFC 4028 §7.4', async () => {
    const f = sessionFixture(timerInvite('1800;refresher=uas', ['Allow: INVITE, ACK, CANCEL, BYE, UPDATE']));
    await established(f);
    f.clock.advance(900 * s);
    const [update] = f.host.sent('UPDATE');
    assert.ok(update);
    // §7.4: "it is RECOMMENDED that the refresher parameter be set to 'uac' if the element sending
    // the request is currently performing refreshes" — we are, and we are the UAC of this UPDATE.
    assert.equal(update.request.headers.get('Session-Expires'), '1800;refresher=uac');
  });

  it('as refresher, sends a re-INVITE with the current SDP when the peer did not list UPDATE, per RFC 4028 §7.4', async () => {
    const f = sessionFixture(timerInvite('1800;refresher=uas', ['Allow: INVITE, ACK, CANCEL, BYE']));
    await established(f);
    f.clock.advance(900 * s);
    const [reinvite] = f.host.sent('INVITE');
    assert.ok(reinvite, 're-INVITE sent at 900 s');
    assert.equal(f.host.sent('UPDATE').length, 0);
    assert.equal(reinvite.request.body.toString('utf8'), answer, '§7.4: a re-INVITE SHOULD contain an offer');
    assert.ok(reinvite.request.headers.has('Contact'), 'a target refresh request carries Contact (§12.2.1.1)');
  });

  it('ends the session with "dialog-gone" when the refresh gets 481, per RFC 3261 §12.2.1.2', async () => {
    const f = sessionFixture(timerInvite('1800;refresher=uas', ['Allow: INVITE, ACK, CANCEL, BYE, UPDATE']));
    f.host.answer = (method) => (method === 'UPDATE' ? 481 : 200);
    await established(f);
    f.clock.advance(900 * s);
    await flush();
    assert.equal(f.session.endReason, 'dialog-gone');
  });

  it('runs no session timer when the INVITE neither asks nor supports one, per RFC 4028 §9', async () => {
    const f = sessionFixture(invite());
    const ok = await established(f);
    assert.equal(ok.headers.get('Session-Expires'), undefined);
    assert.equal(ok.headers.get('Require'), undefined);
    f.clock.advance(24 * 3600 * s);
    assert.equal(f.host.calls.length, 0);
    assert.equal(f.session.state, 'confirmed');
  });
});
