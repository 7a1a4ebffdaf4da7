/**
 * `openum dialplan|gateway|huntgroup|policy list|show`: read-only views of the directory in the
 * store, as the example configuration put it there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeCliDirectory, type CliDirectory } from './directoryFixture.js';
import { lines } from './run.js';

describe('openum dialplan, gateway, huntgroup and policy', () => {
  let cli: CliDirectory;
  before(async () => {
    cli = makeCliDirectory();
    await cli.serveOnce();
  });
  after(() => cli.remove());

  it('list one line per entry with its name first', async () => {
    const expected: [string, string][] = [
      ['dialplan', 'HQ  4-digit extensions, +1, telExtension, voice access 8500, 2 users'],
      ['gateway', 'pbx  127.0.0.1 port 5080 udp, dial plan HQ, message waiting, outcalls'],
      ['huntgroup', '8000@pbx  pilot 8000 on gateway pbx, dial plan HQ'],
      ['policy', 'Default  PIN 6+ digits, messages up to 300 s, quota 500, 2 users'],
    ];
    for (const [command, line] of expected) {
      const result = await cli.run(command, 'list');
      assert.deepEqual([result.code, lines(result.stdout), result.stderr], [0, [line], ''], command);
    }
  });

  it('list and show with --json give the entries as the configuration file shapes them', async () => {
    const cases: [string, string, unknown][] = [
      ['dialplan', 'HQ', cli.config.dialPlans[0]],
      ['gateway', 'pbx', cli.config.gateways[0]],
      ['huntgroup', '8000@pbx', cli.config.huntGroups[0]],
      ['policy', 'Default', cli.config.mailboxPolicies[0]],
    ];
    for (const [command, name, entry] of cases) {
      const list = await cli.run(command, 'list', '--json');
      assert.deepEqual([list.code, JSON.parse(list.stdout)], [0, [entry]], `${command} list`);
      const show = await cli.run(command, 'show', name, '--json', '--config', 'openum.yaml');
      assert.deepEqual([show.code, JSON.parse(show.stdout)], [0, entry], `${command} show ${name}`);
    }
  });

  it('show prints one key and value per line', async () => {
    const result = await cli.run('dialplan', 'show', 'HQ');
    assert.equal(result.code, 0);
    assert.ok(lines(result.stdout).includes(`${'extensionDigits'.padEnd(24)} 4`), result.stdout);
    assert.ok(lines(result.stdout).includes(`${'voiceAccessNumbers'.padEnd(24)} ["8500"]`), result.stdout);
  });

  it('show of an unknown name exits 1 with one line naming the known ones', async () => {
    const cases: [string, string, string][] = [
      ['dialplan', 'HQX', 'openum: no dial plan "HQX" (known: HQ)'],
      ['gateway', 'pbx2', 'openum: no IP gateway "pbx2" (known: pbx)'],
      ['huntgroup', '8000', 'openum: no hunt group "8000" (known: 8000@pbx)'],
      ['policy', 'Strict', 'openum: no mailbox policy "Strict" (known: Default)'],
    ];
    for (const [command, name, message] of cases) {
      const result = await cli.run(command, 'show', name);
      assert.deepEqual([result.code, result.stdout, lines(result.stderr)], [1, '', [message]], command);
    }
  });

  it('say where the entries come from when the store has none yet', async () => {
    const fresh = makeCliDirectory();
    try {
      const result = await fresh.run('gateway', 'list');
      assert.deepEqual([result.code, lines(result.stdout)], [0, ['no IP gateways in the store (`openum serve` copies them from the configuration file when it starts)']]);
      assert.deepEqual(JSON.parse((await fresh.run('policy', 'list', '--json')).stdout), []);
    } finally {
      fresh.remove();
    }
  });
});
