/**
 * callInfoOf: INVITEs (parsed by our parser) turned into the facts um/ routes on. Each INVITE is
 * modelled on a real sender (./invites.ts); malformed headers must cost only themselves.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Call, CachedPromptRenderer, callInfoOf, MAX_CALLER_NAME, MAX_DIVERSION_ENTRIES, type CallDeps } from '../../src/calls/index.js';
import type { DivertReason } from '../../src/store/index.js';
import { sessionFixture } from '../sip/dialog/helpers.js';
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
} from './invites.js';

const info = (lines: readonly string[]) => callInfoOf(parseInvite(lines));
const diversion = (value: string) => callInfoOf(invite({ headers: [`Diversion: ${value}`] }));
const historyInfo = (...values: string[]) => callInfoOf(invite({ headers: values.map((v) => `History-Info: ${v}`) }));

describe('callInfoOf: the caller (RFC 3325 P-Asserted-Identity, RFC 3323 privacy)', () => {
  it('takes number and name from From when there is no P-Asserted-Identity (Cisco CUCM)', () => {
    const i = info(cucmNoAnswer);
    assert.equal(i.callerNumber, '2001');
    assert.equal(i.callerName, 'Carol Caller');
    assert.equal(i.anonymous, false);
  });

  it('prefers P-Asserted-Identity over From for number and name', () => {
    const i = callInfoOf(invite({ from: '"Typed By User" <sip:2001@192.0.2.10>', headers: ['P-Asserted-Identity: "Verified Name" <sip:2003@192.0.2.10>'] }));
    assert.equal(i.callerNumber, '2003');
    assert.equal(i.callerName, 'Verified Name');
  });

  it('reads a tel: P-Asserted-Identity in E.164 and takes the name from From when PAI has none (AudioCodes)', () => {
    const i = callCaller(audiocodesTelDiversion, '"Grace Gateway" <sip:+14255552000@192.0.2.40;user=phone>');
    assert.equal(i.callerNumber, '+14255552000');
    assert.equal(i.callerName, 'Grace Gateway');
  });

  it('falls back to the From number when P-Asserted-Identity holds no number', () => {
    const i = callInfoOf(invite({ headers: ['P-Asserted-Identity: <sip:carol@example.com>'] }));
    assert.equal(i.callerNumber, '2001');
  });

  it('uses the first P-Asserted-Identity that has a number when a sip and a tel identity are both given (RFC 3325 §9.1)', () => {
    const i = callInfoOf(invite({ headers: ['P-Asserted-Identity: <sip:carol@example.com>, <tel:+14255552001>'] }));
    assert.equal(i.callerNumber, '+14255552001');
  });

  it('marks Privacy: id as anonymous, drops the name and keeps the asserted number for internal use', () => {
    const i = info(anonymousCaller);
    assert.equal(i.anonymous, true);
    assert.equal(i.callerName, null);
    assert.equal(i.callerNumber, '+14255552999');
  });

  it('marks Privacy: user (also with several values) as anonymous, and Privacy: none as not', () => {
    assert.equal(callInfoOf(invite({ headers: ['Privacy: header;user'] })).anonymous, true);
    assert.equal(callInfoOf(invite({ headers: ['Privacy: session, id'] })).anonymous, true);
    assert.equal(info(freeswitchNoAnswer).anonymous, false);
    assert.equal(callInfoOf(invite({ headers: ['Privacy: header'] })).anonymous, false);
  });

  it('marks an anonymous From as anonymous without a Privacy header (RFC 3323 §4.1.1.3, and anonymous@host)', () => {
    for (const from of ['"Anonymous" <sip:anonymous@anonymous.invalid>', '<sip:anonymous@192.0.2.10>', '"anonymous" <sip:restricted@192.0.2.10>']) {
      const i = callInfoOf(invite({ from }));
      assert.equal(i.anonymous, true, from);
      assert.equal(i.callerName, null, from);
      assert.equal(i.callerNumber, null, from);
    }
  });

  it('removes control characters and bidirectional overrides from the name and collapses spaces', () => {
    const i = callInfoOf(invite({ from: '"Mallory\\\u0007  \u202eEvil\u202c" <sip:2001@192.0.2.10>' }));
    assert.equal(i.callerName, 'Mallory Evil');
  });

  it(`cuts a long name to ${MAX_CALLER_NAME} characters without splitting a character`, () => {
    const long = '\u{1F600}'.repeat(150);
    const i = callInfoOf(invite({ from: `"${long}" <sip:2001@192.0.2.10>` }));
    assert.equal([...(i.callerName ?? '')].length, MAX_CALLER_NAME);
    assert.equal(i.callerName, '\u{1F600}'.repeat(MAX_CALLER_NAME));
  });

  it('gives no name for a display name of only spaces, and no number for a non-numeric user', () => {
    const i = callInfoOf(invite({ from: '"   " <sip:carol@example.com>' }));
    assert.equal(i.callerName, null);
    assert.equal(i.callerNumber, null);
  });
});

describe('callInfoOf: the called number', () => {
  it('reads the Request-URI user, ignoring user=phone and transport parameters', () => {
    assert.equal(info(audiocodesTelDiversion).calledNumber, '8000');
    assert.equal(info(freeswitchNoAnswer).calledNumber, '8000');
    assert.equal(info(imsBusy).calledNumber, '+14255558000');
  });

  it('reads a tel: Request-URI with a phone-context as its digits (RFC 3966 §5.1.5)', () => {
    const i = callInfoOf(invite({ requestUri: 'tel:8000;phone-context=+1-425-555', to: '<tel:8000;phone-context=+1-425-555>' }));
    assert.equal(i.calledNumber, '8000');
  });

  it('removes visual separators and telephone-subscriber parameters from a sip user part', () => {
    const i = callInfoOf(invite({ requestUri: 'sip:+1-425-555-8000;phone-context=+1@192.0.2.1;user=phone' }));
    assert.equal(i.calledNumber, '+14255558000');
  });

  it('falls back to the To number when the Request-URI user is not a number', () => {
    const i = callInfoOf(invite({ requestUri: 'sip:voicemail@192.0.2.1', to: '<sip:8500@192.0.2.1>' }));
    assert.equal(i.calledNumber, '8500');
  });

  it('has no called number when neither the Request-URI nor the To holds one', () => {
    assert.equal(callInfoOf(invite({ requestUri: 'sip:192.0.2.1', to: '<sip:um@192.0.2.1>' })).calledNumber, null);
  });
});

describe('callInfoOf: Diversion (RFC 5806)', () => {
  it('names the diverting user and reason of a single diversion (Cisco CUCM no answer)', () => {
    const i = info(cucmNoAnswer);
    assert.deepEqual(i.diversions, [{ number: '1001', reason: 'no-answer', source: 'diversion' }]);
    assert.equal(i.redirectingNumber, '1001');
    assert.equal(i.divertReason, 'no-answer');
    assert.deepEqual(i.warnings, []);
  });

  it('lists a chain oldest first and takes the mailbox from the last (first-diverting) entry (§2)', () => {
    const expected = [
      { number: '1001', reason: 'unconditional', source: 'diversion' },
      { number: '1002', reason: 'busy', source: 'diversion' },
    ];
    const twoHeaders = info(cucmChain);
    assert.deepEqual(twoHeaders.diversions, expected);
    assert.equal(twoHeaders.redirectingNumber, '1001');
    assert.equal(twoHeaders.divertReason, 'unconditional');
    const oneHeader = diversion('<sip:1002@pbx>;reason=user-busy, <sip:1001@pbx>;reason=unconditional');
    assert.deepEqual(oneHeader.diversions, expected);
  });

  it('reads Asterisk user-busy with a counter, and FreeSWITCH no-answer', () => {
    assert.equal(info(asteriskBusy).redirectingNumber, '1001');
    assert.equal(info(asteriskBusy).divertReason, 'busy');
    assert.equal(info(freeswitchNoAnswer).divertReason, 'no-answer');
  });

  it('reads a tel: Diversion in E.164 with visual separators (AudioCodes)', () => {
    const i = info(audiocodesTelDiversion);
    assert.equal(i.redirectingNumber, '+14255551001');
    assert.equal(i.divertReason, 'busy');
  });

  it('reads a tel: Diversion with a phone-context as its local digits', () => {
    assert.equal(diversion('<tel:1001;phone-context=pbx.example.com>;reason=no-answer').redirectingNumber, '1001');
  });

  it('maps each RFC 5806 §4 reason, quoted or not, in any case; unknown values are "unknown"', () => {
    const table: [string, DivertReason][] = [
      ['user-busy', 'busy'],
      ['no-answer', 'no-answer'],
      ['unconditional', 'unconditional'],
      ['deflection', 'deflection'],
      ['unavailable', 'unavailable'],
      ['out-of-service', 'unavailable'],
      ['away', 'unavailable'],
      ['do-not-disturb', 'busy'],
      ['time-of-day', 'unconditional'],
      ['follow-me', 'unconditional'],
      ['unknown', 'unknown'],
      ['"user-busy"', 'busy'],
      ['No-Answer', 'no-answer'],
      ['x-vendor-reason', 'unknown'],
      ['constructor', 'unknown'],
      ['__proto__', 'unknown'],
    ];
    for (const [value, expected] of table) {
      assert.equal(diversion(`<sip:1001@pbx>;reason=${value}`).divertReason, expected, value);
    }
    assert.equal(diversion('<sip:1001@pbx>').divertReason, 'unknown');
  });

  it('keeps a diversion whose address holds no number, with a null redirecting number', () => {
    const i = diversion('"Alice" <sip:alice@pbx.example.com>;reason=no-answer');
    assert.deepEqual(i.diversions, [{ number: null, reason: 'no-answer', source: 'diversion' }]);
    assert.equal(i.redirectingNumber, null);
  });

  it('wins over History-Info when both are present', () => {
    const i = callInfoOf(invite({ headers: ['Diversion: <sip:1001@pbx>;reason=no-answer', 'History-Info: <sip:1002@pbx>;index=1, <sip:8000@um;cause=486>;index=1.1;mp=1'] }));
    assert.deepEqual(i.diversions, [{ number: '1001', reason: 'no-answer', source: 'diversion' }]);
  });

  it('ignores a malformed entry with a warning and keeps the good ones', () => {
    const i = callInfoOf(invite({ headers: ['Diversion: <sip:1001@>;reason=no-answer', 'Diversion: <sip:1002@pbx>;reason=user-busy;counter=abc', 'Diversion: <sip:1003@pbx>;reason=user-busy'] }));
    assert.deepEqual(i.diversions, [{ number: '1003', reason: 'busy', source: 'diversion' }]);
    assert.equal(i.warnings.length, 2);
    assert.match(i.warnings[0] ?? '', /^Diversion entry 1 ignored: /);
    assert.match(i.warnings[1] ?? '', /^Diversion entry 2 ignored: .*counter/);
  });

  it('falls back to History-Info when every Diversion entry is malformed', () => {
    const i = callInfoOf(invite({ headers: ['Diversion: garbage <<>>', 'History-Info: <sip:1002@pbx>;index=1, <sip:8000@um;cause=408>;index=1.1;mp=1'] }));
    assert.deepEqual(i.diversions, [{ number: '1002', reason: 'no-answer', source: 'history-info' }]);
    assert.equal(i.warnings.length, 1);
  });

  it(`ignores a Diversion with more than ${MAX_DIVERSION_ENTRIES} entries (a loop or an attack)`, () => {
    const entries = Array.from({ length: MAX_DIVERSION_ENTRIES + 1 }, (_, n) => `<sip:${1000 + n}@pbx>;reason=no-answer`);
    const i = diversion(entries.join(', '));
    assert.deepEqual(i.diversions, []);
    assert.equal(i.redirectingNumber, null);
    assert.match(i.warnings[0] ?? '', /Diversion ignored: 33 entries/);
  });

  it('reports no diversion on a direct call', () => {
    const i = callInfoOf(invite());
    assert.deepEqual(i.diversions, []);
    assert.equal(i.redirectingNumber, null);
    assert.equal(i.divertReason, null);
  });
});

describe('callInfoOf: History-Info (RFC 7044) with RFC 4458 causes', () => {
  it('takes the entry an RFC 4458 cause was retargeted from as the mailbox (IMS CDIV busy, mp tag)', () => {
    const i = info(imsBusy);
    assert.deepEqual(i.diversions, [{ number: '+14255551001', reason: 'busy', source: 'history-info' }]);
    assert.equal(i.redirectingNumber, '+14255551001');
  });

  it('sorts entries by index and lists a chain oldest first (302 then 408)', () => {
    const i = info(historyInfoChain);
    assert.deepEqual(i.diversions, [
      { number: '1001', reason: 'unconditional', source: 'history-info' },
      { number: '1002', reason: 'no-answer', source: 'history-info' },
    ]);
    assert.equal(i.redirectingNumber, '1001');
    assert.equal(i.divertReason, 'unconditional');
  });

  it('maps the RFC 4458 §3 cause values', () => {
    const table: [number, DivertReason][] = [
      [302, 'unconditional'],
      [404, 'unavailable'],
      [408, 'no-answer'],
      [480, 'deflection'],
      [486, 'busy'],
      [487, 'deflection'],
      [503, 'unavailable'],
      [500, 'unknown'],
    ];
    for (const [cause, expected] of table) {
      const i = historyInfo(`<sip:1001@pbx>;index=1, <sip:8000@um;cause=${cause}>;index=1.1;mp=1`);
      assert.equal(i.divertReason, expected, String(cause));
      assert.equal(i.redirectingNumber, '1001');
    }
  });

  it('reads an RFC 4244 sender: the Reason escaped into the failed entry, the next entry untagged (AudioCodes)', () => {
    const i = info(audiocodesHistoryInfoReason);
    assert.deepEqual(i.diversions, [{ number: '1001', reason: 'busy', source: 'history-info' }]);
  });

  it('takes the reason from a Reason on a registered contact when the retargeted entry has only mp (RFC 7044 §4)', () => {
    const i = historyInfo(
      '<sip:1001@pbx.example.com>;index=1',
      '<sip:1001@192.0.2.77?Reason=SIP%3Bcause%3D408>;index=1.1;rc=1',
      '<sip:8000@192.0.2.1>;index=1.2;mp=1',
    );
    assert.deepEqual(i.diversions, [{ number: '1001', reason: 'no-answer', source: 'history-info' }]);
  });

  it('reads the cause of a Reason (RFC 3326): Q.850 17 user busy, SIP 408 whatever its text says', () => {
    const i = historyInfo('<sip:1001@pbx?Reason=Q.850%3Bcause%3D17>;index=1', '<sip:8000@um>;index=1.1');
    assert.equal(i.divertReason, 'busy');
    const text = historyInfo('<sip:1001@pbx?Reason=SIP%3Bcause%3D408%3Btext%3D%22x%3Bcause%3D486%22>;index=1', '<sip:8000@um>;index=1.1');
    assert.equal(text.divertReason, 'no-answer', 'the first cause parameter, not one inside the text');
  });

  it('does not see a diversion in entries added for registered contacts (rc) or without change (np)', () => {
    const i = historyInfo('<sip:8000@pbx>;index=1', '<sip:8000@192.0.2.1>;index=1.1;rc=1', '<sip:8000@192.0.2.1;transport=tcp>;index=1.1.1;np=1.1');
    assert.deepEqual(i.diversions, []);
    // Even after a failure: a second contact of the same user is not a diversion.
    const retried = historyInfo('<sip:8000@pbx?Reason=SIP%3Bcause%3D503>;index=1', '<sip:8000@192.0.2.2>;index=1.1;rc=1');
    assert.deepEqual(retried.diversions, []);
  });

  it('uses the RFC 4458 target parameter when no entry names the original target', () => {
    const i = historyInfo('<sip:8000@um.example.com;target=sip:1001%40pbx.example.com;cause=408>');
    assert.deepEqual(i.diversions, [{ number: '1001', reason: 'no-answer', source: 'history-info' }]);
  });

  it('ignores a malformed entry with a warning and keeps the others', () => {
    const i = historyInfo('<sip:1001@pbx>;index=1', '<sip:x@pbx>;index=abc', '<sip:8000@um;cause=486>;index=1.1;mp=1', '<sip:9@pbx;cause=48x>;index=1.2');
    assert.deepEqual(i.diversions, [{ number: '1001', reason: 'busy', source: 'history-info' }]);
    assert.equal(i.warnings.length, 2);
    assert.ok(i.warnings.every((w) => w.startsWith('History-Info entry ')));
  });
});

describe('callInfoOf: RFC 4458 voicemail Request-URI', () => {
  it('reads target and cause from the Request-URI when no header tells of a diversion', () => {
    const i = callInfoOf(invite({ requestUri: 'sip:voicemail@192.0.2.1;target=sip:1001%40pbx.example.com;cause=486', to: '<sip:8000@192.0.2.1>' }));
    assert.deepEqual(i.diversions, [{ number: '1001', reason: 'busy', source: 'request-uri' }]);
    assert.equal(i.calledNumber, '8000');
  });
});

describe('callInfoOf: hostile input', () => {
  it('never throws, and names each header it ignored', () => {
    const cases: [string[], number][] = [
      [['Diversion: *'], 1],
      [['History-Info: *'], 1],
      [['P-Asserted-Identity: <>'], 1],
      [['Privacy: ;;;'], 0],
      [['Diversion: <sip:1001@pbx>;reason'], 0],
      [['History-Info: <sip:1001@pbx>;index=1.1.1.1.1.1, <sip:1@x;cause=486>;mp=9.9'], 0],
      [['History-Info: <sip:8000@um;target=notauri;cause=486>'], 1],
    ];
    for (const [headers, warnings] of cases) {
      const i = callInfoOf(invite({ headers }));
      assert.equal(i.warnings.length, warnings, `${headers.join(' | ')}: ${i.warnings.join('; ')}`);
    }
  });
});

describe('Call.info', () => {
  it('reads the INVITE of the call once and returns the same facts each time', () => {
    const f = sessionFixture(parseInvite(cucmNoAnswer));
    const deps: CallDeps = {
      clock: f.clock,
      logger: { debug() {}, info() {}, warn() {} },
      media: { codecPreference: ['PCMU'], srtp: 'optional', reserve: () => Promise.reject(new Error('no media in this test')), update() {} },
      prompts: new CachedPromptRenderer({ get: async () => new Int16Array(160) }),
    };
    const call = new Call(f.session, deps);
    assert.equal(call.info.redirectingNumber, '1001');
    assert.equal(call.info.callerName, 'Carol Caller');
    assert.equal(call.info, call.info);
  });
});

/** An INVITE's lines with its From replaced (to give the AudioCodes sample a display name). */
function callCaller(lines: readonly string[], from: string) {
  return info(lines.map((l) => (l.startsWith('From: ') ? `From: ${from};tag=replaced` : l)));
}
