/**
 * routeCall (src/um/routing/route.ts): INVITEs modelled on real PBXs and gateways, parsed by our
 * parser, read by callInfoOf, and routed over directories built from validated configuration.
 * The rule each case exercises is named in its title (numbers as in route.ts's comment).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { callInfoOf, type CallInfo } from '../../../src/calls/index.js';
import { parseConfig } from '../../../src/config/index.js';
import { Directory, snapshotFromConfig } from '../../../src/directory/index.js';
import type { SipRequest } from '../../../src/sip/message/index.js';
import { routeCall, type Route } from '../../../src/um/routing/index.js';
import {
  anonymousCaller,
  asteriskBusy,
  audiocodesHistoryInfoReason,
  audiocodesTelDiversion,
  cucmChain,
  cucmNoAnswer,
  freeswitchNoAnswer,
  historyInfoChain,
  imsBusy,
  invite,
  parseInvite,
  type InviteParts,
} from '../../calls/invites.js';
import { exampleText } from '../../config/helpers.js';
import { sitesConfig, sitesDirectory } from '../../directory/fixtures.js';

const sites = sitesDirectory();

function route(inv: SipRequest | readonly string[], gateway = 'pbx', directory: Directory = sites): Route {
  const info: CallInfo = callInfoOf(Array.isArray(inv) ? parseInvite(inv) : (inv as SipRequest));
  return routeCall(info, gateway, directory);
}

const call = (parts: InviteParts): SipRequest => invite(parts);
const divertedFrom = (number: string, parts: InviteParts = {}): SipRequest =>
  invite({ ...parts, headers: [`Diversion: <sip:${number}@192.0.2.10>;reason=no-answer`, ...(parts.headers ?? [])] });

/** The fields that say where a call went, for compact assertions. */
function summary(r: Route): Record<string, unknown> {
  switch (r.kind) {
    case 'callAnswering':
      return { kind: r.kind, mailbox: r.mailbox, name: r.user.name, reason: r.reason, dialPlan: r.dialPlan.name };
    case 'unknownMailbox':
      return { kind: r.kind, number: r.number, dialPlan: r.dialPlan.name };
    case 'voiceAccess':
      return { kind: r.kind, dialPlan: r.dialPlan.name, callerUser: r.callerUser?.extension ?? null };
    case 'autoAttendant':
      return { kind: r.kind, attendant: r.attendant.name, dialPlan: r.dialPlan.name };
    case 'noDialPlan':
      return { kind: r.kind };
  }
}

const answering = (mailbox: string, name: string, reason: string, dialPlan = 'HQ') => ({ kind: 'callAnswering', mailbox, name, reason, dialPlan });

describe('routeCall rule 2: a diverted call is call answering for the redirecting number', () => {
  it('routes a Cisco CUCM no-answer diversion to the pilot to the diverting user’s mailbox', () => {
    assert.deepEqual(summary(route(cucmNoAnswer)), answering('1001', 'Alice Example', 'no-answer'));
  });

  it('uses the first diverting user of a chain and its reason (CUCM CFA then busy; History-Info 302 then 408)', () => {
    assert.deepEqual(summary(route(cucmChain)), answering('1001', 'Alice Example', 'unconditional'));
    assert.deepEqual(summary(route(historyInfoChain)), answering('1001', 'Alice Example', 'unconditional'));
  });

  it('routes Asterisk busy, FreeSWITCH no-answer and AudioCodes E.164 tel: diversions', () => {
    assert.deepEqual(summary(route(asteriskBusy)), answering('1001', 'Alice Example', 'busy'));
    assert.deepEqual(summary(route(freeswitchNoAnswer)), answering('1001', 'Alice Example', 'no-answer'));
    assert.deepEqual(summary(route(audiocodesTelDiversion)), answering('1001', 'Alice Example', 'busy'));
  });

  it('routes History-Info diversions: IMS cause 486 to an E.164 pilot, RFC 4244 Reason from AudioCodes', () => {
    assert.deepEqual(summary(route(imsBusy)), answering('1001', 'Alice Example', 'busy'));
    assert.deepEqual(summary(route(audiocodesHistoryInfoReason)), answering('1001', 'Alice Example', 'busy'));
  });

  it('routes an RFC 4458 voicemail Request-URI to the target’s mailbox', () => {
    const inv = call({ requestUri: 'sip:voicemail@192.0.2.1;target=sip:1002%40192.0.2.10;cause=408', to: '<sip:8000@192.0.2.1>' });
    assert.deepEqual(summary(route(inv)), answering('1002', 'bob Sample', 'no-answer'));
  });

  it('is call answering whatever number the call was diverted to: voice access number, any number', () => {
    assert.deepEqual(summary(route(divertedFrom('1002', { requestUri: 'sip:8500@192.0.2.1' }))), answering('1002', 'bob Sample', 'no-answer'));
    assert.deepEqual(summary(route(divertedFrom('1002', { requestUri: 'sip:4321@192.0.2.1' }))), answering('1002', 'bob Sample', 'no-answer'));
    assert.deepEqual(summary(route(divertedFrom('1002', { requestUri: 'sip:192.0.2.1', to: '<sip:um@192.0.2.1>' }))), answering('1002', 'bob Sample', 'no-answer'));
  });

  it('says "not available" for a diversion from a number that is no user, or names no number', () => {
    assert.deepEqual(summary(route(divertedFrom('1999'))), { kind: 'unknownMailbox', number: '1999', dialPlan: 'HQ' });
    const noNumber = call({ headers: ['Diversion: "Alice" <sip:alice@pbx.example.com>;reason=no-answer'] });
    assert.deepEqual(summary(route(noNumber)), { kind: 'unknownMailbox', number: null, dialPlan: 'HQ' });
  });

  it('treats a disabled user’s mailbox as unknown', () => {
    const snapshot = snapshotFromConfig(sitesConfig());
    snapshot.users = snapshot.users.map((u) => (u.extension === '1001' ? { ...u, enabled: false } : u));
    const dir = Directory.fromSnapshot(snapshot);
    assert.deepEqual(summary(route(cucmNoAnswer, 'pbx', dir)), { kind: 'unknownMailbox', number: '1001', dialPlan: 'HQ' });
    assert.deepEqual(summary(route(call({ requestUri: 'sip:1001@192.0.2.1' }), 'pbx', dir)), { kind: 'unknownMailbox', number: '1001', dialPlan: 'HQ' });
  });

  it('answers a PBX that forwards one of our own numbers (auto attendant, voice access) as a direct call to it', () => {
    assert.deepEqual(summary(route(divertedFrom('8800'))), { kind: 'autoAttendant', attendant: 'Main', dialPlan: 'HQ' });
    assert.deepEqual(summary(route(divertedFrom('8500'))), { kind: 'voiceAccess', dialPlan: 'HQ', callerUser: null });
  });

  it('looks the mailbox up in the dial plan of the hunt group the call came through', () => {
    const viaLab = divertedFrom('1001', { requestUri: 'sip:7000@192.0.2.1' });
    assert.deepEqual(summary(route(viaLab)), answering('1001', 'Lab Alice', 'no-answer', 'Lab'));
  });

  it('reads E.164 numbers by the dial plan’s country code (Paris e164 plan)', () => {
    const inv = call({ requestUri: 'sip:+33123433000@192.0.2.1;user=phone', headers: ['Diversion: <tel:+33-1-23-43-30-02>;reason=unconditional'] });
    assert.deepEqual(summary(route(inv, 'paris-gw')), answering('33002', 'Chloé Exemple', 'unconditional', 'Paris'));
  });
});

describe('routeCall rule 3: a direct call goes by the number called', () => {
  it('3a: an auto attendant number, short or in E.164, reaches that attendant', () => {
    assert.deepEqual(summary(route(call({ requestUri: 'sip:8800@192.0.2.1' }))), { kind: 'autoAttendant', attendant: 'Main', dialPlan: 'HQ' });
    assert.deepEqual(summary(route(call({ requestUri: 'tel:+14255558800' }))), { kind: 'autoAttendant', attendant: 'Main', dialPlan: 'HQ' });
  });

  it('3b/3c: a voice access number or a pilot reaches voice access, knowing a caller who is a user', () => {
    assert.deepEqual(summary(route(call({ requestUri: 'sip:8500@192.0.2.1' }))), { kind: 'voiceAccess', dialPlan: 'HQ', callerUser: null });
    assert.deepEqual(summary(route(call({}))), { kind: 'voiceAccess', dialPlan: 'HQ', callerUser: null });
    const fromBob = call({ from: '"Bob" <sip:1002@192.0.2.10>' });
    assert.deepEqual(summary(route(fromBob)), { kind: 'voiceAccess', dialPlan: 'HQ', callerUser: '1002' });
    const fromBobsMobileForm = call({ from: '<sip:+14255551002@192.0.2.10;user=phone>' });
    assert.deepEqual(summary(route(fromBobsMobileForm)), { kind: 'voiceAccess', dialPlan: 'HQ', callerUser: '1002' });
  });

  it('3b: recognizes a user who withholds their number from the number the network asserts', () => {
    const lines = anonymousCaller.filter((l) => !l.startsWith('Diversion:')).map((l) => (l.startsWith('P-Asserted-Identity:') ? 'P-Asserted-Identity: <tel:+14255551003>' : l));
    assert.deepEqual(summary(route(lines)), { kind: 'voiceAccess', dialPlan: 'HQ', callerUser: '1003' });
  });

  it('3b: does not name a disabled user as the caller', () => {
    const snapshot = snapshotFromConfig(sitesConfig());
    snapshot.users = snapshot.users.map((u) => (u.extension === '1002' ? { ...u, enabled: false } : u));
    const r = route(call({ from: '<sip:1002@192.0.2.10>' }), 'pbx', Directory.fromSnapshot(snapshot));
    assert.deepEqual(summary(r), { kind: 'voiceAccess', dialPlan: 'HQ', callerUser: null });
  });

  it('3d: a call retargeted to a user’s extension without Diversion is call answering, reason unknown', () => {
    assert.deepEqual(summary(route(call({ requestUri: 'sip:1003@192.0.2.1' }))), answering('1003', 'Carol Caller', 'unknown'));
    assert.deepEqual(summary(route(call({ requestUri: 'sip:+14255551003@192.0.2.1;user=phone' }))), answering('1003', 'Carol Caller', 'unknown'));
  });

  it('3e: an unknown number, or none, says "not available" in the gateway’s dial plan', () => {
    assert.deepEqual(summary(route(call({ requestUri: 'sip:4321@192.0.2.1' }))), { kind: 'unknownMailbox', number: '4321', dialPlan: 'HQ' });
    assert.deepEqual(summary(route(call({ requestUri: 'sip:192.0.2.1', to: '<sip:um@192.0.2.1>' }))), { kind: 'unknownMailbox', number: null, dialPlan: 'HQ' });
    assert.deepEqual(summary(route(call({ requestUri: 'sip:+442075558000@192.0.2.1' }))), { kind: 'unknownMailbox', number: '+442075558000', dialPlan: 'HQ' });
  });
});

describe('routeCall: a pilot that is also an auto attendant number (config/crossCheck.ts allows it with a warning)', () => {
  const example = Directory.fromConfig(parseConfig(exampleText(), 'example.yaml', { baseDir: '/srv/openum' }).config);

  it('gives direct calls to the attendant and diverted calls to call answering', () => {
    assert.deepEqual(summary(route(call({ requestUri: 'sip:8000@127.0.0.1' }), 'pbx', example)), { kind: 'autoAttendant', attendant: 'Main', dialPlan: 'HQ' });
    assert.deepEqual(summary(route(cucmNoAnswer, 'pbx', example)), answering('1001', 'Alice Example', 'no-answer'));
  });

  it('still reaches voice access through its own number', () => {
    assert.equal(route(call({ requestUri: 'sip:8500@127.0.0.1' }), 'pbx', example).kind, 'voiceAccess');
  });
});

describe('routeCall rule 0: no usable dial plan', () => {
  it('answers noDialPlan for an unknown gateway or a gateway whose dial plan is missing', () => {
    assert.deepEqual(route(cucmNoAnswer, 'nope'), { kind: 'noDialPlan' });
    const snapshot = snapshotFromConfig(sitesConfig());
    snapshot.dialPlans = snapshot.dialPlans.filter((p) => p.name !== 'HQ');
    const dir = Directory.fromSnapshot(snapshot);
    assert.deepEqual(route(cucmNoAnswer, 'pbx', dir), { kind: 'noDialPlan' });
    assert.equal(route(divertedFrom('1001', { requestUri: 'sip:7000@192.0.2.1' }), 'pbx', dir).kind, 'callAnswering', 'the Lab hunt group still works');
  });
});
