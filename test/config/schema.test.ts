import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, parseConfig } from '../../src/config/index.js';
import { exampleText, fixturePath, repoRoot } from './helpers.js';

describe('configuration schema', () => {
  it('accepts the shared reference example as it is', () => {
    const shared = resolve(repoRoot(), '..', 'shared', 'openum.example.yaml');
    assert.ok(existsSync(shared), `missing ${shared}`);
    const { config } = loadConfig(shared);
    assert.equal(config.dialPlans[0]?.name, 'HQ');
  });

  it('keeps the fixture copy of the example identical to the shared one when both exist', () => {
    const shared = resolve(repoRoot(), '..', 'shared', 'openum.example.yaml');
    if (!existsSync(shared)) return;
    assert.equal(readFileSync(fixturePath('example.yaml'), 'utf8'), readFileSync(shared, 'utf8'));
  });

  it('accepts the fixture copy of the example and reports its pilot/attendant overlap as a warning', () => {
    const { config, warnings } = loadConfig(fixturePath('example.yaml'));
    assert.equal(config.users.length, 2);
    assert.deepEqual(
      warnings.map((w) => w.path),
      ['huntGroups[0].pilotNumber'],
    );
  });

  it('accepts the demo configuration without warnings', () => {
    const { config, warnings } = loadConfig(join(repoRoot(), 'config', 'demo.yaml'));
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.sip.listen.map((l) => `${l.transport} ${l.host}:${l.port}`), [
      'udp 127.0.0.1:5060',
      'tcp 127.0.0.1:5060',
    ]);
    assert.equal(config.gateways[0]?.address, '127.0.0.1');
    assert.equal(config.storage.kind, 'sqlite');
  });

  it('resolves dataDir of the demo to the repository data folder', () => {
    const { config } = loadConfig(join(repoRoot(), 'config', 'demo.yaml'));
    assert.equal(config.dataDir, join(repoRoot(), 'data'));
  });

  it('fills in the defaults of keys the file leaves out', () => {
    const { config } = parseConfig(exampleText(), 'example.yaml', { baseDir: '/srv/openum' });
    assert.equal(config.sip.maxCalls, 500);
    assert.equal(config.sip.optionsPingSeconds, 30);
    assert.deepEqual(config.sip.timers, { t1Ms: 500, t2Ms: 4000, t4Ms: 5000 });
    assert.equal(config.sip.sessionExpiresSeconds, 1800);
    assert.equal(config.sip.minSeSeconds, 90);
    assert.equal(config.mailboxPolicies[0]?.allowDepositorLogin, false);
    assert.equal(config.huntGroups.length, 1);
    assert.equal(config.logging.level, 'info');
    assert.equal(config.dataDir, '/srv/openum/data');
  });

  it('resolves relative TLS file paths against the configuration folder and keeps absolute ones', () => {
    const text = exampleText().replace(
      '    # - { transport: tls, host: 0.0.0.0, port: 5061, cert: ./tls/cert.pem, key: ./tls/key.pem }',
      '    - { transport: tls, host: 0.0.0.0, port: 5061, cert: ./tls/cert.pem, key: /etc/openum/key.pem }',
    );
    const { config } = parseConfig(text, 'x.yaml', { baseDir: '/srv/openum' });
    const tls = config.sip.listen.find((l) => l.transport === 'tls');
    assert.equal(tls?.cert, '/srv/openum/tls/cert.pem');
    assert.equal(tls?.key, '/etc/openum/key.pem');
  });

  it('fills in gateway defaults: port 5060, udp, no MWI, no outcalls', () => {
    const text = exampleText()
      .replace('    port: 5080\n    transport: udp\n', '')
      .replace('    messageWaitingIndicator: true      # send NOTIFY message-summary for its users\n', '')
      .replace('    outcalls: true                     # may OpenUM place calls through it (transfer, play on phone)\n', '');
    const gateway = parseConfig(text, 'x.yaml').config.gateways[0];
    assert.deepEqual(gateway, {
      name: 'pbx',
      address: '127.0.0.1',
      port: 5060,
      transport: 'udp',
      dialPlan: 'HQ',
      messageWaitingIndicator: false,
      outcalls: false,
    });
  });
});
