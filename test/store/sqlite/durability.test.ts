import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeDirs, makeRecording, openTestStore, type TestDirs } from '../helpers.js';

const child = fileURLToPath(new URL('../fixtures/depositThenWait.js', import.meta.url));

describe('SQLite store: a resolved deposit is durable', () => {
  let dirs: TestDirs;
  beforeEach(() => {
    dirs = makeDirs();
  });
  afterEach(() => dirs.remove());

  it('keeps the message, its audio and its outbox entries when the process is SIGKILLed right after deposit() resolves', async () => {
    const rec = makeRecording(dirs, Buffer.alloc(64 * 1024, 0x7f));
    const proc = spawn(process.execPath, [child, dirs.dataDir, rec.path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = once(proc, 'exit');
    const lines = createInterface({ input: proc.stdout });
    let reported: { id: string; audioPath: string } | undefined;
    for await (const line of lines) {
      reported = JSON.parse(line) as { id: string; audioPath: string };
      proc.kill('SIGKILL');
      break;
    }
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    assert.ok(reported !== undefined, `the child never reported a deposit (exit ${code}): ${stderr}`);
    assert.equal(signal, 'SIGKILL', `the child ended on its own (exit ${code}): ${stderr}`);

    const store = openTestStore(dirs);
    try {
      const message = await store.getMessage(reported.id);
      assert.ok(message !== null, 'the message row survived');
      assert.equal(message.audioPath, reported.audioPath);
      assert.equal(message.urgent, true);
      assert.deepEqual(readFileSync(message.audioPath), rec.bytes);
      const outbox = await store.listOutbox({ mailbox: '1001' });
      assert.deepEqual(outbox.map((e) => [e.kind, e.subjectId, e.state]).sort(), [
        ['email', reported.id, 'pending'],
        ['mwi', reported.id, 'pending'],
      ]);
    } finally {
      await store.close();
    }
  });
});
