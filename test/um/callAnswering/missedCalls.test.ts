/**
 * When a call to call answering is not a message (Exchange UM: the caller hung up before the beep,
 * said nothing, or less than the policy's minimum; or the mailbox is full), the store gets a
 * missed call instead, and with mail configured a missed-call email goes through the outbox to the
 * SMTP server (here an smtp-server sink on loopback).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MissedCall, OutboxEntry } from '../../../src/store/index.js';
import { speech, tone, writeWav, type Audio } from './audio.js';
import { TestCaller } from './caller.js';
import { eventually, startAnsweringServer, type AnsweringServer } from './fixture.js';
import { startSmtpSink, type SmtpSink } from '../../delivery/smtpSink.js';

describe('call answering: no message → a missed call and its notice', { timeout: 300_000 }, () => {
  let node: AnsweringServer;
  let smtp: SmtpSink;
  let short: Audio;

  before(async () => {
    smtp = await startSmtpSink();
    node = await startAnsweringServer({
      policies: [
        { name: 'Default', maxMessageSeconds: 60, silenceTimeoutSeconds: 5 },
        { name: 'Strict', maxMessageSeconds: 60, minMessageSeconds: 5 },
        { name: 'Tiny', maxMessageSeconds: 2 },
        { name: 'Full', quotaMessages: 1 },
        { name: 'Quiet', missedCallNotifications: false },
      ],
      users: [
        { extension: '3101', name: 'Silent Sam', email: 'sam@example.test', policy: 'Default' },
        { extension: '3102', name: 'Strict Stella', email: 'stella@example.test', policy: 'Strict' },
        { extension: '3103', name: 'Tiny Tim', email: 'tim@example.test', policy: 'Tiny' },
        { extension: '3104', name: 'Early Eve', email: 'eve@example.test', policy: 'Default' },
        { extension: '3105', name: 'Full Fred', email: 'fred@example.test', policy: 'Full' },
        { extension: '3106', name: 'Quiet Quinn', email: 'quinn@example.test', policy: 'Quiet' },
        { extension: '3107', name: 'Filling Fay', email: 'fay@example.test', policy: 'Full' },
      ],
      smtpPort: smtp.port,
    });
    short = await speech('Hi, call me.');
  });
  after(async () => {
    await node?.close();
    await smtp?.close();
  });

  /** The one missed call of `mailbox` once the flow has recorded it, and that no message was stored. */
  async function missedCallOf(mailbox: string, context: () => string): Promise<MissedCall> {
    const calls = await eventually(async () => {
      const l = await node.server.store.listMissedCalls(mailbox);
      return l.length > 0 ? l : undefined;
    }, `a missed call for ${mailbox}`, context);
    assert.equal(calls.length, 1, JSON.stringify(calls));
    assert.deepEqual(await node.server.store.listMessages(mailbox), [], `no message in ${mailbox}`);
    return calls[0]!;
  }

  /** The missed-call outbox entry of `call`, once the worker delivered it. */
  async function deliveredNotice(call: MissedCall, context: () => string): Promise<OutboxEntry> {
    return eventually(async () => {
      const entries = await node.server.store.listOutbox({ mailbox: call.mailbox, kinds: ['missed-call'] });
      return entries.length > 0 && entries.every((e) => e.state === 'delivered') ? entries[0] : undefined;
    }, `the missed-call notice for ${call.mailbox} delivered`, () => `${context()}\n${JSON.stringify(smtp.received.map((m) => m.to))}`);
  }

  const mailTo = (address: string): string[] => smtp.received.filter((m) => m.to.includes(address)).map((m) => m.raw.toString('utf8'));

  it('silence after the beep, then hanging up: no message, a missed call, and a missed-call email to the user', async () => {
    const caller = await TestCaller.dial({ server: node.sip, diversion: '3101', from: '2000', name: 'Bob Caller' });
    const context = (): string => node.logOf(caller.callId);
    try {
      await caller.waitForBeep(1, context);
      await caller.silence(2000);
      await caller.hangUp();
    } finally {
      await caller.close();
    }
    const missed = await missedCallOf('3101', context);
    assert.deepEqual([missed.callerNumber, missed.callerName, missed.reason, missed.callId], ['2000', 'Bob Caller', 'no-answer', caller.callId]);
    const entry = await deliveredNotice(missed, context);
    assert.equal(entry.subjectId, missed.id);
    const [mail, ...more] = mailTo('sam@example.test');
    assert.equal(more.length, 0, 'one email');
    assert.match(mail ?? '', /^Subject: Missed call from Bob Caller/m);
    // Only the notice: no voice mail email, no MWI update (the counts did not change).
    const kinds = (await node.server.store.listOutbox({ mailbox: '3101' })).map((e) => e.kind);
    assert.deepEqual(kinds, ['missed-call']);
  });

  it('speech shorter than the policy minimum (minMessageSeconds 5), then hanging up: a missed call, not a message', async () => {
    const caller = await TestCaller.dial({ server: node.sip, diversion: '3102', from: '2002' });
    const context = (): string => node.logOf(caller.callId);
    try {
      await caller.waitForBeep(1, context);
      await caller.say(short.samples, short.sampleRate);
      await caller.hangUp();
    } finally {
      await caller.close();
    }
    const missed = await missedCallOf('3102', context);
    assert.equal(missed.callerNumber, '2002');
    await deliveredNotice(missed, context);
    assert.equal(mailTo('stella@example.test').length, 1);
  });

  it('silence until the maximum length, twice: OpenUM says it heard no message, hangs up, and records a missed call', async () => {
    const caller = await TestCaller.dial({ server: node.sip, diversion: '3103', from: '2003' });
    const context = (): string => node.logOf(caller.callId);
    try {
      assert.equal(await caller.waitForEnd(context), 'remote-bye');
    } finally {
      await caller.close();
    }
    assert.equal(caller.beeps.length, 2, 'a beep for each attempt');
    const missed = await missedCallOf('3103', context);
    assert.equal(missed.callerNumber, '2003');
  });

  it('hanging up during the greeting: a missed call', async () => {
    const caller = await TestCaller.dial({ server: node.sip, diversion: '3104', from: '2004' });
    const context = (): string => node.logOf(caller.callId);
    try {
      await caller.waitForAudio(context);
      await caller.hangUp();
    } finally {
      await caller.close();
    }
    assert.equal(caller.beeps.length, 0);
    const missed = await missedCallOf('3104', context);
    assert.equal(missed.callerNumber, '2004');
    await deliveredNotice(missed, context);
  });

  it('a full mailbox (quotaMessages 1, one message kept): a prompt, no beep, OpenUM hangs up, a missed call', async () => {
    const store = node.server.store;
    const kept = await store.deposit({
      mailbox: '3105', callerNumber: '2999', callerName: null, reason: 'no-answer', receivedAt: new Date(), durationMs: 1000,
      urgent: false, private: false, callId: null, recordingPath: writeWav(join(node.dataDir, 'kept.wav'), tone(440, 1000)),
    }, []);
    const caller = await TestCaller.dial({ server: node.sip, diversion: '3105', from: '2005' });
    const context = (): string => node.logOf(caller.callId);
    try {
      await caller.waitForAudio(context);
      assert.equal(await caller.waitForEnd(context), 'remote-bye');
    } finally {
      await caller.close();
    }
    assert.equal(caller.beeps.length, 0, 'no beep: nothing is recorded');
    const calls = await eventually(async () => {
      const l = await store.listMissedCalls('3105');
      return l.length > 0 ? l : undefined;
    }, 'the missed call for the full mailbox', context);
    assert.deepEqual(calls.map((c) => c.callerNumber), ['2005']);
    assert.deepEqual((await store.listMessages('3105')).map((m) => m.id), [kept.id], 'only the message that was there');
    await deliveredNotice(calls[0]!, context);
  });

  it('a mailbox that fills up while the caller records: told the mailbox is full, OpenUM hangs up, the user gets a missed call', async () => {
    const store = node.server.store;
    const caller = await TestCaller.dial({ server: node.sip, diversion: '3107', from: '2007' });
    const context = (): string => node.logOf(caller.callId);
    try {
      await caller.waitForAudio(context);
      await caller.press('#');
      await caller.waitForBeep(1, context);
      await caller.say(short.samples, short.sampleRate);
      // Another caller's message lands first and takes the last place (quotaMessages 1).
      await store.deposit({
        mailbox: '3107', callerNumber: '2999', callerName: null, reason: 'no-answer', receivedAt: new Date(), durationMs: 1000,
        urgent: false, private: false, callId: null, recordingPath: writeWav(join(node.dataDir, 'first-in.wav'), tone(440, 1000)),
      }, []);
      await caller.press('##');
      assert.equal(await caller.waitForEnd(context), 'remote-bye');
    } finally {
      await caller.close();
    }
    assert.deepEqual((await store.listMessages('3107')).map((m) => m.callerNumber), ['2999'], 'only the message that came first');
    const calls = await eventually(async () => {
      const l = await store.listMissedCalls('3107');
      return l.length > 0 ? l : undefined;
    }, 'a missed call for the caller whose message did not fit', context);
    assert.deepEqual(calls.map((c) => c.callerNumber), ['2007']);
    await deliveredNotice(calls[0]!, context);
  });

  it('a policy with missedCallNotifications off keeps the missed call but queues no email', async () => {
    const caller = await TestCaller.dial({ server: node.sip, diversion: '3106', from: '2006' });
    const context = (): string => node.logOf(caller.callId);
    try {
      await caller.waitForAudio(context);
      await caller.hangUp();
    } finally {
      await caller.close();
    }
    await missedCallOf('3106', context);
    assert.deepEqual(await node.server.store.listOutbox({ mailbox: '3106' }), []);
  });
});
