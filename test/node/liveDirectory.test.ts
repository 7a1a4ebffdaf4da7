/**
 * The live directory end to end: a whole node (startServer) runs on loopback while `openum user`
 * commands, run in-process as an administrator would in another shell, change the store. The node
 * picks the change up at its next directory poll: an added user's diverted calls reach call
 * answering (the caller hears the beep), a disabled or removed user's get "not available".
 *
 * Waits have generous deadlines that only turn a hang into a clear failure; nothing asserts how
 * fast the change arrived.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { callInfoOf } from '../../src/calls/index.js';
import { loadConfig } from '../../src/config/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { Endpoint } from '../../src/sip/transport/index.js';
import type { RouteKind } from '../../src/um/routing/index.js';
import { routeCall } from '../../src/um/routing/index.js';
import { createLogger } from '../../src/util/logger.js';
import { invite } from '../calls/invites.js';
import { runInProcess, type CliResult } from '../cli/run.js';
import { TestCaller } from '../um/callAnswering/caller.js';
import { eventually } from '../um/callAnswering/fixture.js';

const POLL_MS = 200;

const yaml = (dataDir: string): string =>
  [
    `dataDir: ${JSON.stringify(dataDir)}`,
    'sip:',
    '  domain: um.example.test',
    '  listen:',
    '    - { transport: udp, host: 127.0.0.1, port: 0 }',
    '  optionsPingSeconds: 0',
    'rtp: { host: 127.0.0.1 }',
    'dialPlans:',
    '  - { name: HQ, extensionDigits: 4, countryCode: "1", voiceAccessNumbers: ["8500"] }',
    'gateways:',
    '  - { name: pbx, address: 127.0.0.1, port: 5080, transport: udp, dialPlan: HQ }',
    'mailboxPolicies:',
    '  - { name: Default, maxMessageSeconds: 60 }',
    'users:',
    '  - { extension: "1001", name: Alice Example, dialPlan: HQ, mailboxPolicy: Default }',
    'logging: { level: debug }',
    '',
  ].join('\n');

describe('a running node follows directory changes made with openum user', { timeout: 240_000 }, () => {
  let dir = '';
  let file = '';
  let server: RunningServer;
  let sip: Endpoint;
  const log: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openum-live-'));
    file = join(dir, 'openum.yaml');
    writeFileSync(file, yaml(join(dir, 'data')));
    const { config } = loadConfig(file);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
        done();
      },
    });
    server = await startServer(config, { logger: createLogger({ level: 'debug', destination: sink }), configPath: file, directoryPollMs: POLL_MS });
    const udp = server.sipEndpoints().find((e) => e.transport === 'UDP');
    assert.ok(udp, 'the node bound UDP');
    sip = udp;
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const context = (): string => log.slice(-40).join('\n');

  async function openum(...args: string[]): Promise<CliResult> {
    const result = await runInProcess([...args, '--config', file], dir);
    assert.equal(result.code, 0, `openum ${args.join(' ')}: ${result.stderr}`);
    return result;
  }

  /** Where the node would send a call the PBX diverted from `extension` (routing over its current directory). */
  function routeOfDivertedFrom(extension: string): RouteKind {
    const info = callInfoOf(invite({ requestUri: 'sip:8500@127.0.0.1', headers: [`Diversion: <sip:${extension}@127.0.0.1>;reason=no-answer`] }));
    return routeCall(info, 'pbx', server.directory()).kind;
  }

  /** Resolves once the node's directory satisfies `ready`. */
  async function nodeSees(what: string, ready: () => boolean): Promise<void> {
    await eventually(async () => (ready() ? true : undefined), what, context, 15_000);
  }

  it('takes calls for a user added while it runs', async () => {
    assert.equal(server.directory().user('1003'), null);
    assert.equal(routeOfDivertedFrom('1003'), 'unknownMailbox');

    await openum('user', 'add', '1003', '--name', 'Carol Third', '--dial-plan', 'HQ', '--policy', 'Default');
    await nodeSees('user 1003 in the node directory', () => server.directory().user('1003') !== null);
    assert.equal(server.directory().user('1003')?.name, 'Carol Third');
    assert.equal(routeOfDivertedFrom('1003'), 'callAnswering');

    const caller = await TestCaller.dial({ server: sip, diversion: '1003', from: '2000' });
    try {
      await caller.waitForBeep(1, context);
    } finally {
      await caller.close();
    }
  });

  it('says "not available" for a user disabled while it runs, and takes calls again once enabled', async () => {
    await openum('user', 'set', '1003', '--disable');
    await nodeSees('user 1003 disabled', () => server.directory().user('1003')?.enabled === false);
    assert.equal(routeOfDivertedFrom('1003'), 'unknownMailbox');

    const caller = await TestCaller.dial({ server: sip, diversion: '1003', from: '2000' });
    try {
      await caller.waitForEnd(context);
      assert.equal(caller.beeps.length, 0, 'no beep: the caller was told the extension is not available');
      assert.equal(caller.endReason, 'remote-bye', 'OpenUM hung up');
    } finally {
      await caller.close();
    }

    await openum('user', 'set', '1003', '--enable');
    await nodeSees('user 1003 enabled', () => server.directory().user('1003')?.enabled === true);
    assert.equal(routeOfDivertedFrom('1003'), 'callAnswering');
  });

  it('forgets a user removed while it runs, and a disabled configuration user', async () => {
    await openum('user', 'remove', '1003');
    await nodeSees('user 1003 gone', () => server.directory().user('1003') === null);
    assert.equal(routeOfDivertedFrom('1003'), 'unknownMailbox');

    assert.equal(routeOfDivertedFrom('1001'), 'callAnswering');
    await openum('user', 'set', '1001', '--disable');
    await nodeSees('user 1001 disabled', () => server.directory().user('1001')?.enabled === false);
    assert.equal(routeOfDivertedFrom('1001'), 'unknownMailbox');
  });
});
