import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lines, runInProcess } from './run.js';

describe('openum test-call (command line)', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openum-testcall-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is listed in the help with every option of the issue', async () => {
    const result = await runInProcess(['test-call', '--help']);
    assert.equal(result.code, 0);
    for (const option of ['--from', '--name', '--diversion', '--reason', '--history-info', '--play', '--dtmf', '--dtmf-mode', '--codec',
      '--hangup-after', '--no-wait-beep', '--record-heard', '--timeout', '--bind', '--transport', '--json']) {
      assert.ok(result.stdout.includes(`${option} `), `--help does not list ${option}`);
    }
  });

  const invalid: [string, string[], string][] = [
    ['a target that is not a URI', ['8500@127.0.0.1'], 'openum: the target "8500@127.0.0.1" is not a sip: URI (did you mean "sip:8500@127.0.0.1"?); for example sip:8500@127.0.0.1:5060'],
    ['keys that are not DTMF', ['sip:8500@127.0.0.1', '--dtmf', '1x'], 'openum: --dtmf "1x" may hold only the keys 0-9, *, # and A-D'],
    ['a timeout that is not a number', ['sip:8500@127.0.0.1', '--timeout', 'ten'], 'openum: --timeout "ten" is not a number of seconds from 0 to 600'],
  ];
  for (const [what, args, line] of invalid) {
    it(`exits 2 with one line for ${what}, sending nothing`, async () => {
      const result = await runInProcess(['test-call', ...args]);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.deepEqual(lines(result.stderr), [line]);
    });
  }

  it('exits 2 naming a --play file that does not exist, before calling', async () => {
    const missing = join(dir, 'missing.wav');
    const result = await runInProcess(['test-call', 'sip:8500@127.0.0.1:9', '--play', missing]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '', 'no transcript: the call was never placed');
    assert.deepEqual(lines(result.stderr), [`openum: --play ${missing}: no such file`]);
  });

  it('exits 2 when the --record-heard folder does not exist', async () => {
    const target = join(dir, 'no-such-folder', 'heard.wav');
    const result = await runInProcess(['test-call', 'sip:8500@127.0.0.1:9', '--record-heard', target]);
    assert.equal(result.code, 2);
    assert.deepEqual(lines(result.stderr), [`openum: --record-heard ${target}: the folder ${join(dir, 'no-such-folder')} does not exist`]);
  });

  it('exits 2 when --bind names an address this machine does not have', async () => {
    const result = await runInProcess(['test-call', 'sip:8500@127.0.0.1:9', '--bind', '192.0.2.1:5080']);
    assert.equal(result.code, 2);
    const [line, ...rest] = lines(result.stderr);
    assert.deepEqual(rest, []);
    assert.match(line!, /^openum: cannot listen for SIP on udp:192\.0\.2\.1:5080: .* \(choose another --bind\)$/);
  });
});
