/**
 * The menu after the recording (Exchange UM: "to send, press pound; to listen, press 1; to
 * record again, press 2; to mark it urgent, press 3; private, 4"), driven key by key by the
 * scripted caller through a whole OpenUM node. Each caller skips the greeting with # to keep the
 * test short; the message is read back from the store.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StoredMessage } from '../../../src/store/index.js';
import { audibleMs, concat, speech, tone, toneMs, isTone, type Audio } from './audio.js';
import { TestCaller } from './caller.js';
import { eventually, startAnsweringServer, type AnsweringServer } from './fixture.js';

describe('call answering: the menu after the recording', { timeout: 300_000 }, () => {
  let node: AnsweringServer;
  let short: Audio;
  let long: Audio;

  before(async () => {
    node = await startAnsweringServer({
      policies: [
        { name: 'Default', maxMessageSeconds: 60, silenceTimeoutSeconds: 5 },
        { name: 'Hush', maxMessageSeconds: 60, silenceTimeoutSeconds: 2 },
        { name: 'Brief', maxMessageSeconds: 3 },
      ],
      users: [
        ...['2101', '2102', '2103', '2104', '2105', '2106', '2107', '2108'].map((extension) => ({ extension, name: `User ${extension}`, policy: 'Default' })),
        { extension: '2109', name: 'Hush User', policy: 'Hush' },
        { extension: '2110', name: 'Brief User', policy: 'Brief' },
      ],
    });
    short = await speech('Hi, it is Dave. Call me.');
    long = await speech('Sorry, let me say that again. This is Dave from accounting, please call me back today about the invoice.');
    assert.ok(long.durationMs > short.durationMs + 2000, `${long.durationMs} ms vs ${short.durationMs} ms`);
  });
  after(async () => {
    await node?.close();
  });

  /** Dials `mailbox`, skips the greeting with #, waits for the beep and says `audio`. */
  async function recordTo(mailbox: string, audio: Audio): Promise<{ caller: TestCaller; context: () => string }> {
    const caller = await TestCaller.dial({ server: node.sip, diversion: mailbox, from: '2000', name: 'Dave Accounting' });
    const context = (): string => node.logOf(caller.callId);
    await caller.waitForAudio(context);
    await caller.press('#');
    await caller.waitForBeep(1, context);
    await caller.say(audio.samples, audio.sampleRate);
    return { caller, context };
  }

  async function onlyMessage(mailbox: string, context: () => string): Promise<StoredMessage> {
    const list = await eventually(async () => {
      const l = await node.server.store.listMessages(mailbox);
      return l.length > 0 ? l : undefined;
    }, `a message in ${mailbox}'s mailbox`, context);
    assert.equal(list.length, 1, `one message in ${mailbox}: ${JSON.stringify(list)}`);
    return list[0]!;
  }

  it('# after speaking ends the recording and offers the menu; # there sends it and OpenUM says goodbye and hangs up', async () => {
    const { caller, context } = await recordTo('2101', short);
    try {
      const mark = caller.heardFrames;
      await caller.press('#');
      // The menu prompt is speech: audible, and no second beep.
      await caller.until(() => audibleMs(caller.frames, mark) >= 1000, 'the menu prompt', context);
      assert.equal(caller.beeps.length, 1);
      await caller.press('#');
      assert.equal(await caller.waitForEnd(context), 'remote-bye', 'OpenUM hung up after "sent"');
    } finally {
      await caller.close();
    }
    const saved = await onlyMessage('2101', context);
    assert.equal(saved.urgent, false);
    assert.equal(saved.private, false);
    assert.equal(saved.callerName, 'Dave Accounting');
    // The recording ran from the beep to the #: the sentence and the key, not the menu.
    assert.ok(saved.durationMs >= short.durationMs - 200 && saved.durationMs <= short.durationMs + 3000, `saved ${saved.durationMs} ms for ${Math.round(short.durationMs)} ms`);
  });

  it('3 in the menu marks the message urgent, then # sends it', async () => {
    const { caller, context } = await recordTo('2102', short);
    try {
      await caller.press('#3#');
      assert.equal(await caller.waitForEnd(context), 'remote-bye');
    } finally {
      await caller.close();
    }
    const saved = await onlyMessage('2102', context);
    assert.equal(saved.urgent, true);
    assert.equal(saved.private, false);
  });

  it('4 in the menu marks the message private, then # sends it', async () => {
    const { caller, context } = await recordTo('2103', short);
    try {
      await caller.press('#4#');
      assert.equal(await caller.waitForEnd(context), 'remote-bye');
    } finally {
      await caller.close();
    }
    const saved = await onlyMessage('2103', context);
    assert.equal(saved.urgent, false);
    assert.equal(saved.private, true);
  });

  it('3 pressed twice takes the urgent mark off again; 4 and 3 together mark it private and urgent', async () => {
    const first = await recordTo('2104', short);
    try {
      await first.caller.press('#33#');
      assert.equal(await first.caller.waitForEnd(first.context), 'remote-bye');
    } finally {
      await first.caller.close();
    }
    assert.equal((await onlyMessage('2104', first.context)).urgent, false);

    const second = await recordTo('2105', short);
    try {
      await second.caller.press('#43#');
      assert.equal(await second.caller.waitForEnd(second.context), 'remote-bye');
    } finally {
      await second.caller.close();
    }
    const saved = await onlyMessage('2105', second.context);
    assert.deepEqual([saved.urgent, saved.private], [true, true]);
  });

  it('2 in the menu records again: a second beep, and the saved message is the second recording alone', async () => {
    const { caller, context } = await recordTo('2106', short);
    try {
      await caller.press('#2');
      await caller.waitForBeep(2, context);
      await caller.say(long.samples, long.sampleRate);
      await caller.hangUp();
    } finally {
      await caller.close();
    }
    const saved = await onlyMessage('2106', context);
    assert.ok(saved.durationMs >= long.durationMs - 200 && saved.durationMs <= long.durationMs + 3000, `saved ${saved.durationMs} ms: the second recording lasts ${Math.round(long.durationMs)} ms, the first ${Math.round(short.durationMs)} ms`);
    // The first recording was discarded, not left in the recordings folder.
    assert.deepEqual(readdirSync(join(node.dataDir, 'recordings')).filter((f) => f.endsWith('.wav')), []);
  });

  it('hanging up in the menu still sends the message, unmarked', async () => {
    const caller = await TestCaller.dial({ server: node.sip, diversion: '2107', from: '2009' });
    const context = (): string => node.logOf(caller.callId);
    try {
      await caller.waitForAudio(context);
      await caller.press('#');
      await caller.waitForBeep(1, context);
      await caller.say(short.samples, short.sampleRate);
      const mark = caller.heardFrames;
      await caller.press('#');
      await caller.until(() => audibleMs(caller.frames, mark) >= 500, 'the menu prompt', context);
      await caller.hangUp();
    } finally {
      await caller.close();
    }
    const saved = await onlyMessage('2107', context);
    assert.equal(saved.callerNumber, '2009');
    assert.deepEqual([saved.urgent, saved.private, saved.state], [false, false, 'new']);
    assert.ok(saved.durationMs >= short.durationMs - 200 && saved.durationMs <= short.durationMs + 3000, `saved ${saved.durationMs} ms`);
  });

  it('1 in the menu plays the recording back, then the menu again; # sends it', async () => {
    // Speech (so it is a message) followed by a second of 700 Hz the caller can recognise when played back.
    const marked = concat(short, tone(700, 1000));
    const { caller, context } = await recordTo('2108', marked);
    try {
      const mark = caller.heardFrames;
      await caller.press('#1');
      const rate = caller.sampleRate;
      await caller.until(() => toneMs(caller.frames, 700, rate, mark) >= 800, 'the recording played back', context);
      // Then the menu again (speech after the tone), and # there.
      const lastTone = (): number => caller.frames.findLastIndex((f) => isTone(f, 700, rate));
      await caller.until(() => audibleMs(caller.frames, lastTone() + 1) >= 1000, 'the menu after the playback', context);
      await caller.press('#');
      assert.equal(await caller.waitForEnd(context), 'remote-bye');
    } finally {
      await caller.close();
    }
    const saved = await onlyMessage('2108', context);
    assert.ok(saved.durationMs >= marked.durationMs - 200, `saved ${saved.durationMs} ms of ${marked.durationMs} ms`);
  });

  it('silence after speaking ends the recording after silenceTimeoutSeconds and brings the menu without a key', async () => {
    const { caller, context } = await recordTo('2109', short);
    try {
      const mark = caller.heardFrames;
      await caller.until(() => audibleMs(caller.frames, mark) >= 1000, 'the menu after 2 s of silence', context);
      await caller.press('#');
      assert.equal(await caller.waitForEnd(context), 'remote-bye');
    } finally {
      await caller.close();
    }
    const saved = await onlyMessage('2109', context);
    // The speech and the silence that ended it (2 s), not the menu.
    assert.ok(saved.durationMs >= short.durationMs + 1500 && saved.durationMs <= short.durationMs + 2000 + 2000, `saved ${saved.durationMs} ms for ${Math.round(short.durationMs)} ms of speech`);
  });

  it('the recording stops at maxMessageSeconds (3 s) however long the caller speaks; # in the menu sends the 3 s', async () => {
    const { caller, context } = await recordTo('2110', long);
    try {
      await caller.press('#');
      assert.equal(await caller.waitForEnd(context), 'remote-bye');
    } finally {
      await caller.close();
    }
    const saved = await onlyMessage('2110', context);
    assert.ok(saved.durationMs > 2800 && saved.durationMs <= 3000, `saved ${saved.durationMs} ms of a ${Math.round(long.durationMs)} ms message, limit 3000 ms`);
  });
});
