/**
 * Calls that leave call answering without a message: a calling fax (CNG, ITU-T T.30 §5.2.3) heard
 * during the greeting goes to the dial plan's fax partner by REFER (RFC 3515) or is ended; 0
 * during the greeting reaches the operator by REFER; a diversion from a number that is no mailbox
 * is answered like any other (no hint for a prober) and ended. The scripted caller's UserAgent
 * does not take transfers: it answers REFER 405, as a gateway without transfer support would, and
 * the test reads the REFER it was sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SipRequest } from '../../../src/sip/message/index.js';
import { cng } from './audio.js';
import { TestCaller } from './caller.js';
import { startAnsweringServer, type AnsweringServer, GATEWAY } from './fixture.js';

const FAX_PARTNER = 'sip:fax@127.0.0.1:5090';

describe('call answering: fax, operator and unknown mailboxes', { timeout: 300_000 }, () => {
  /** No operator, no fax partner. */
  let plain: AnsweringServer;
  /** Operator 1000 and a fax partner. */
  let full: AnsweringServer;

  before(async () => {
    const users = [
      { extension: '5101', name: 'Fax Target', policy: 'Default' },
      { extension: '5102', name: 'Zero Presser', policy: 'Default' },
    ];
    plain = await startAnsweringServer({ policies: [{ name: 'Default' }], users });
    full = await startAnsweringServer({ policies: [{ name: 'Default' }], users, operatorExtension: '1000', faxPartnerUri: FAX_PARTNER });
  });
  after(async () => {
    await plain?.close();
    await full?.close();
  });

  const refers = (caller: TestCaller): SipRequest[] => caller.requests.filter((r) => r.method === 'REFER');

  async function nothingStored(node: AnsweringServer, mailbox: string): Promise<void> {
    const store = node.server.store;
    assert.deepEqual(await store.listMessages(mailbox), [], `no message for ${mailbox}`);
    assert.deepEqual(await store.listMissedCalls(mailbox), [], `no missed call for ${mailbox}`);
    assert.deepEqual(await store.listOutbox({ mailbox }), [], `no outbox entry for ${mailbox}`);
  }

  /** A fax machine: it calls, and sends CNG once the greeting has begun, until the call ends. */
  async function faxCall(node: AnsweringServer): Promise<TestCaller> {
    const caller = await TestCaller.dial({ server: node.sip, diversion: '5101', from: '2100' });
    const context = (): string => node.logOf(caller.callId);
    await caller.waitForAudio(context);
    const tone = cng(4);
    void caller.say(tone.samples, tone.sampleRate);
    return caller;
  }

  it('a fax tone (CNG) during the greeting, no fax partner: OpenUM ends the call; no beep, nothing stored', async () => {
    const caller = await faxCall(plain);
    const context = (): string => plain.logOf(caller.callId);
    try {
      assert.equal(await caller.waitForEnd(context), 'remote-bye', 'OpenUM hung up');
    } finally {
      await caller.close();
    }
    assert.equal(caller.beeps.length, 0, 'no beep: the fax was not recorded');
    assert.deepEqual(refers(caller), [], 'no transfer without a fax partner');
    await nothingStored(plain, '5101');
  });

  it('a fax tone during the greeting with a fax partner: REFER to the partner; refused, the call is ended; nothing stored', async () => {
    const caller = await faxCall(full);
    const context = (): string => full.logOf(caller.callId);
    try {
      const refer = await caller.waitForRequest('REFER', context);
      assert.equal(refer.headers.get('Refer-To'), `<${FAX_PARTNER}>`);
      assert.ok(refer.headers.get('Referred-By'), 'Referred-By names OpenUM (RFC 3892)');
      assert.equal(await caller.waitForEnd(context), 'remote-bye', 'OpenUM hung up after the refused transfer');
    } finally {
      await caller.close();
    }
    assert.equal(caller.beeps.length, 0);
    assert.equal(refers(caller).length, 1);
    await nothingStored(full, '5101');
  });

  it('0 during the greeting with an operator: REFER to the operator; refused, "the operator cannot be reached" and the beep', async () => {
    const caller = await TestCaller.dial({ server: full.sip, diversion: '5102', from: '2101' });
    const context = (): string => full.logOf(caller.callId);
    try {
      await caller.waitForAudio(context);
      await caller.press('0');
      const refer = await caller.waitForRequest('REFER', context);
      // The operator's extension at the gateway the call came from.
      assert.equal(refer.headers.get('Refer-To'), `<sip:1000@${GATEWAY.address}:${GATEWAY.port}>`);
      assert.equal(caller.beeps.length, 0, 'no beep before the transfer was tried');
      await caller.waitForBeep(1, context);
      assert.equal(refers(caller).length, 1);
      await caller.hangUp();
    } finally {
      await caller.close();
    }
  });

  it('0 during the greeting without an operator skips to the beep, with no transfer', async () => {
    const caller = await TestCaller.dial({ server: plain.sip, diversion: '5102', from: '2102' });
    const context = (): string => plain.logOf(caller.callId);
    try {
      await caller.waitForAudio(context);
      await caller.press('0');
      await caller.waitForBeep(1, context);
      await caller.hangUp();
    } finally {
      await caller.close();
    }
    assert.deepEqual(refers(caller), []);
  });

  it('a diversion from 1999, which is no mailbox: answered, a prompt, OpenUM hangs up; no beep, nothing stored', async () => {
    const caller = await TestCaller.dial({ server: plain.sip, diversion: '1999', from: '2103' });
    const context = (): string => plain.logOf(caller.callId);
    try {
      await caller.waitForAudio(context);
      assert.equal(await caller.waitForEnd(context), 'remote-bye');
    } finally {
      await caller.close();
    }
    assert.equal(caller.beeps.length, 0);
    assert.deepEqual(refers(caller), []);
    await nothingStored(plain, '1999');
    assert.match(plain.logOf(caller.callId), /"route":"unknownMailbox"/);
  });
});
