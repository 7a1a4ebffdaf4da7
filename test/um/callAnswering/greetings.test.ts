/**
 * Which greeting a caller hears (Exchange UM): the away (extended absence) greeting when the user
 * turned it on, the busy greeting when the call was diverted on busy and one is recorded, the
 * normal greeting, else the system greeting ("<name> is not available"). Each recorded greeting
 * here is a tone of its own frequency, so the caller can tell which one played, and that nothing
 * else (no synthesized system greeting) came before the beep.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { audibleMs, tone, toneMs, writeWav } from './audio.js';
import { TestCaller, type DialSpec } from './caller.js';
import { startAnsweringServer, type AnsweringServer } from './fixture.js';

const NORMAL_HZ = 600;
const AWAY_HZ = 1400;
const BUSY_HZ = 500;
const GREETING_MS = 2000;

describe('call answering: the greeting the caller hears', { timeout: 240_000 }, () => {
  let node: AnsweringServer;

  before(async () => {
    node = await startAnsweringServer({
      policies: [{ name: 'Default' }],
      users: ['4101', '4102', '4103', '4104'].map((extension) => ({ extension, name: `Greeting User ${extension}`, policy: 'Default' })),
    });
  });
  after(async () => {
    await node?.close();
  });

  async function record(mailbox: string, kind: 'normal' | 'away' | 'busy', hz: number): Promise<void> {
    await node.server.store.setGreeting(mailbox, kind, writeWav(join(node.dataDir, `${kind}-${mailbox}.wav`), tone(hz, GREETING_MS)));
  }

  /** What the caller heard up to the end of the beep: ms of each tone and of any sound. */
  async function heardBeforeBeep(spec: Omit<DialSpec, 'server'>): Promise<{ normal: number; away: number; busy: number; audible: number }> {
    const caller = await TestCaller.dial({ server: node.sip, ...spec });
    const context = (): string => node.logOf(caller.callId);
    try {
      const beep = await caller.waitForBeep(1, context);
      const rate = caller.sampleRate;
      const heard = {
        normal: toneMs(caller.frames, NORMAL_HZ, rate, 0, beep.endFrame),
        away: toneMs(caller.frames, AWAY_HZ, rate, 0, beep.endFrame),
        busy: toneMs(caller.frames, BUSY_HZ, rate, 0, beep.endFrame),
        audible: audibleMs(caller.frames, 0, beep.endFrame),
      };
      await caller.hangUp();
      return heard;
    } finally {
      await caller.close();
    }
  }

  it("without a recorded greeting, the system greeting: speech, none of the recorded greetings' tones", async () => {
    const heard = await heardBeforeBeep({ diversion: '4101' });
    assert.ok(heard.audible >= 2000, `heard ${heard.audible} ms before the beep`);
    assert.deepEqual([heard.normal, heard.away, heard.busy], [0, 0, 0]);
  });

  it("the user's recorded greeting is played instead of the system greeting, and nothing but it before the beep", async () => {
    await record('4102', 'normal', NORMAL_HZ);
    const heard = await heardBeforeBeep({ diversion: '4102' });
    assert.ok(heard.normal >= GREETING_MS - 300, `heard ${heard.normal} ms of the ${GREETING_MS} ms greeting`);
    // The greeting and the 250 ms beep; a synthesized "is not available" would add seconds.
    assert.ok(heard.audible <= GREETING_MS + 250 + 500, `heard ${heard.audible} ms of sound before the beep`);
  });

  it('the away greeting when the user turned it on (store.updateUser while the node runs), instead of the normal one', async () => {
    await record('4103', 'normal', NORMAL_HZ);
    await record('4103', 'away', AWAY_HZ);
    await node.server.store.updateUser('4103', { awayGreetingEnabled: true });
    const away = await heardBeforeBeep({ diversion: '4103' });
    assert.ok(away.away >= GREETING_MS - 300, `heard ${away.away} ms of the away greeting`);
    assert.equal(away.normal, 0, 'not the normal greeting');

    await node.server.store.updateUser('4103', { awayGreetingEnabled: false });
    const back = await heardBeforeBeep({ diversion: '4103' });
    assert.ok(back.normal >= GREETING_MS - 300, `heard ${back.normal} ms of the normal greeting once away is off`);
    assert.equal(back.away, 0);
  });

  it('the busy greeting for a call diverted on busy; the normal one for a call diverted on no answer', async () => {
    await record('4104', 'normal', NORMAL_HZ);
    await record('4104', 'busy', BUSY_HZ);
    const busy = await heardBeforeBeep({ diversion: '4104', reason: 'user-busy' });
    assert.ok(busy.busy >= GREETING_MS - 300, `heard ${busy.busy} ms of the busy greeting`);
    assert.equal(busy.normal, 0);
    const busyByHistoryInfo = await heardBeforeBeep({ historyInfo: '4104', reason: 'user-busy' });
    assert.ok(busyByHistoryInfo.busy >= GREETING_MS - 300, `History-Info cause 486: heard ${busyByHistoryInfo.busy} ms of the busy greeting`);
    const noAnswer = await heardBeforeBeep({ diversion: '4104' });
    assert.ok(noAnswer.normal >= GREETING_MS - 300, `heard ${noAnswer.normal} ms of the normal greeting`);
    assert.equal(noAnswer.busy, 0);
  });
});
