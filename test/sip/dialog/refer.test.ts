import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sipfragStatus } from '../../../src/sip/dialog/index.js';
import { established, flush, inDialog, sessionFixture, T1 } from './helpers.js';

describe('RFC 3420 message/sipfrag status lines', () => {
  const table: Array<[body: string, status: number | null]> = [
    ['SIP/2.0 200 OK\r\n', 200],
    ['SIP/2.0 100 Trying', 100],
    ['sip/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n', 486],
    ['  SIP/2.0 603 Declined\r\n', 603],
    ['INVITE sip:1002@example.net SIP/2.0\r\n', null],
    ['SIP/2.0 OK\r\n', null],
    ['', null],
  ];
  for (const [body, status] of table) {
    it(`reads ${JSON.stringify(body)} as ${String(status)}, per RFC 3420 §2 and RFC 3515 §2.4.5`, () => {
      assert.equal(sipfragStatus(Buffer.from(body, 'utf8')), status);
    });
  }
});

describe('RFC 3515 §2.4.4 the REFER subscription', () => {
  it('settles refer() with no status when no NOTIFY arrives within 64*T1 after the 202, per RFC 3515 §2.4.4', async () => {
    const f = sessionFixture();
    await established(f);
    let settled = false;
    const outcome = f.session.refer('sip:1002@um.example.com').then((o) => ((settled = true), o));
    await flush();
    f.clock.advance(64 * T1 - 1);
    await flush();
    assert.equal(settled, false);
    f.clock.advance(1);
    assert.deepEqual(await outcome, { accepted: true, status: null });
  });

  it('keeps waiting on a provisional sipfrag and settles on Subscription-State: terminated, per RFC 3515 §2.4.5 and RFC 6665 §4.1.3', async () => {
    const f = sessionFixture();
    await established(f);
    let settled = false;
    const outcome = f.session.refer('sip:1002@um.example.com').then((o) => ((settled = true), o));
    await flush();
    f.send(inDialog(f.session, 'NOTIFY', { cseq: 102, headers: ['Event: refer', 'Subscription-State: active'], body: 'SIP/2.0 180 Ringing\r\n', contentType: 'message/sipfrag' }));
    await flush();
    assert.equal(settled, false, 'a 1xx does not settle the transfer');
    f.send(inDialog(f.session, 'NOTIFY', { cseq: 103, headers: ['Event: refer', 'Subscription-State: terminated;reason=noresource'], body: 'SIP/2.0 486 Busy Here\r\n', contentType: 'message/sipfrag' }));
    assert.deepEqual(await outcome, { accepted: true, status: 486 });
  });

  it('settles a pending refer() when the call ends, per RFC 3515 §2.4.4 (the dialog carries the subscription)', async () => {
    const f = sessionFixture();
    await established(f);
    const outcome = f.session.refer('sip:1002@um.example.com');
    await flush();
    f.send(inDialog(f.session, 'BYE', { cseq: 102 }));
    assert.deepEqual(await outcome, { accepted: true, status: null });
  });
});
