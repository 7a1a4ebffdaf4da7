/**
 * Call answering end to end (src/um/callAnswering/callAnswering.ts): a call diverted by the PBX
 * reaches a whole OpenUM node on loopback, the caller hears the greeting and the beep, speaks and
 * hangs up, and the message is in the store with its deliveries queued. The first caller is the
 * `openum test-call` engine run in-process; the others are the scripted TestCaller.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runTestCall } from '../../../src/cli/testCall/caller.js';
import { parseTestCallOptions } from '../../../src/cli/testCall/options.js';
import { WavFileReader } from '../../../src/media/wav/index.js';
import type { StoredMessage } from '../../../src/store/index.js';
import { createLogger } from '../../../src/util/logger.js';
import { speech, tone, toneMs, writeWav, type Audio } from './audio.js';
import { TestCaller } from './caller.js';
import { eventually, startAnsweringServer, type AnsweringServer } from './fixture.js';

const MESSAGE_TEXT = 'Hello Alice, this is Bob. Please call me back about the budget review.';

describe('call answering: a diverted caller leaves a message', { timeout: 240_000 }, () => {
  let node: AnsweringServer;
  let message: Audio;
  let wav: string;

  before(async () => {
    node = await startAnsweringServer({
      policies: [{ name: 'Default', maxMessageSeconds: 60, silenceTimeoutSeconds: 5 }],
      users: [
        { extension: '1001', name: 'Alice Example', policy: 'Default' },
        { extension: '1002', name: 'Carol Skip', policy: 'Default' },
        { extension: '1003', name: 'Busy Ben', policy: 'Default' },
      ],
    });
    message = await speech(MESSAGE_TEXT);
    wav = writeWav(join(node.dataDir, 'caller-message.wav'), message);
  });
  after(async () => {
    await node?.close();
  });

  const messagesOf = async (mailbox: string, count = 1): Promise<StoredMessage[] | undefined> => {
    const list = await node.server.store.listMessages(mailbox);
    return list.length >= count ? list : undefined;
  };

  it('saves a message ended by hanging up, with the caller number and name, its reason and the length spoken (test-call engine)', async () => {
    const transcript: string[] = [];
    const options = parseTestCallOptions(`sip:8500@${node.sip.address}:${node.sip.port}`, {
      from: '2000', name: 'Bob Caller', diversion: '1001', play: wav, hangupAfter: '1', timeout: '60',
    }, node.dataDir);
    const { summary, error } = await runTestCall(options, {
      out: { write: (chunk: string) => transcript.push(chunk) },
      logger: createLogger({ level: 'silent' }),
      product: 'callAnswering-test',
    });
    const context = (): string => `${transcript.join('')}\n--- server\n${node.logOf(summary.callId)}`;
    assert.equal(error, null, context());
    assert.equal(summary.beep, true, context());
    assert.equal(summary.endedBy, 'us', 'the caller hung up (OpenUM was still recording)');

    const [saved] = await eventually(() => messagesOf('1001'), "a message in 1001's mailbox", context);
    assert.ok(saved);
    assert.equal(saved.mailbox, '1001');
    assert.equal(saved.callerNumber, '2000');
    assert.equal(saved.callerName, 'Bob Caller');
    assert.equal(saved.reason, 'no-answer');
    assert.equal(saved.state, 'new');
    assert.equal(saved.urgent, false);
    assert.equal(saved.private, false);
    assert.equal(saved.callId, summary.callId);
    // From the beep to the BYE: the sentence, then at least the second before hanging up.
    const spokenMs = summary.playedSeconds * 1000;
    assert.ok(Math.abs(spokenMs - message.durationMs) < 100, `the caller spoke ${spokenMs} ms of ${message.durationMs} ms`);
    assert.ok(saved.durationMs >= message.durationMs - 200 && saved.durationMs <= message.durationMs + 4000, `saved ${saved.durationMs} ms for ${Math.round(message.durationMs)} ms of speech`);

    // The audio is the recording, moved under the data folder; its length is the row's.
    assert.ok(saved.audioPath.startsWith(node.dataDir), saved.audioPath);
    const reader = await WavFileReader.open(saved.audioPath);
    await reader.close();
    assert.ok(Math.abs(reader.durationMs - saved.durationMs) <= 20, `WAV ${reader.durationMs} ms, row ${saved.durationMs} ms`);
    // Its deliveries were queued with it (no mail configured: the MWI update only).
    const outbox = await node.server.store.listOutbox({ mailbox: '1001' });
    assert.deepEqual(outbox.map((e) => [e.kind, e.subjectId]), [['mwi', saved.id]]);
    // Nothing is left behind in the recordings folder once the message is stored.
    assert.deepEqual(readdirSync(join(node.dataDir, 'recordings')).filter((f) => f.endsWith('.wav')), []);
  });

  it('History-Info with cause 486 and # sent by SIP INFO: the # ends the recording, the message is stored as diverted on busy (test-call engine)', async () => {
    const transcript: string[] = [];
    const options = parseTestCallOptions(`sip:8500@${node.sip.address}:${node.sip.port}`, {
      from: '2002', historyInfo: '1003', reason: 'user-busy', play: wav, dtmf: '#', dtmfMode: 'info', hangupAfter: '4', timeout: '60',
    }, node.dataDir);
    const { summary, error } = await runTestCall(options, {
      out: { write: (chunk: string) => transcript.push(chunk) },
      logger: createLogger({ level: 'silent' }),
      product: 'callAnswering-test',
    });
    const context = (): string => `${transcript.join('')}\n--- server\n${node.logOf(summary.callId)}`;
    assert.equal(error, null, context());
    assert.deepEqual(summary.dtmf, { keys: '#', mode: 'info', sent: '#' });
    // The caller hung up in the menu after the #: the message is sent as it was.
    const [saved] = await eventually(() => messagesOf('1003'), "a message in 1003's mailbox", context);
    assert.equal(saved?.reason, 'busy');
    assert.equal(saved?.callerNumber, '2002');
    // It ends at the # (the 4 s before hanging up are not in it).
    assert.ok(saved && saved.durationMs >= message.durationMs - 200 && saved.durationMs <= message.durationMs + 2000, `saved ${saved?.durationMs} ms for ${Math.round(message.durationMs)} ms of speech`);
  });

  it('# during the greeting skips it: the beep comes long before the greeting would have ended, and the message is saved', async () => {
    // A 10 s greeting of a 600 Hz tone, so the caller can tell greeting frames from anything else.
    const greeting = writeWav(join(node.dataDir, 'greeting-1002.wav'), tone(600, 10_000));
    await node.server.store.setGreeting('1002', 'normal', greeting);
    const caller = await TestCaller.dial({ server: node.sip, diversion: '1002', from: '2001' });
    const context = (): string => node.logOf(caller.callId);
    try {
      await caller.until(() => toneMs(caller.frames, 600, caller.sampleRate) >= 600, 'the greeting', context);
      await caller.press('#');
      const beep = await caller.waitForBeep(1, context);
      const greetingHeard = toneMs(caller.frames, 600, caller.sampleRate, 0, beep.endFrame);
      assert.ok(greetingHeard < 6000, `heard ${greetingHeard} ms of the 10 s greeting before the beep`);
      await caller.say(message.samples, message.sampleRate);
      await caller.hangUp();
    } finally {
      await caller.close();
    }
    const [saved] = await eventually(() => messagesOf('1002'), "a message in 1002's mailbox", context);
    assert.equal(saved?.callerNumber, '2001');
    assert.equal(saved?.callerName, null);
    assert.ok(saved && saved.durationMs >= message.durationMs - 100 && saved.durationMs <= message.durationMs + 3000, `saved ${saved?.durationMs} ms for ${Math.round(message.durationMs)} ms of speech`);
    assert.ok(existsSync(saved.audioPath));
  });
});
