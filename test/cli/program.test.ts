import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { reportError } from '../../src/cli/program.js';
import { ConfigError } from '../../src/config/index.js';
import { edit, exampleText, repoRoot } from '../config/helpers.js';
import { lines, memoryIo, runInProcess, spawnCli } from './run.js';

describe('openum command line', () => {
  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
    const result = await runInProcess(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${pkg.version}\n`);
  });

  it('lists its subcommands in --help and exits 0', async () => {
    const result = await runInProcess(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /config/);
    assert.match(result.stdout, /serve/);
  });

  it('exits 2 with one line for an unknown command', async () => {
    const result = await runInProcess(['frobnicate']);
    assert.equal(result.code, 2);
    assert.deepEqual(lines(result.stderr), ["openum: unknown command 'frobnicate'"]);
  });

  it('exits 2 with one line, suggestion included, for an unknown option', async () => {
    const result = await runInProcess(['config', 'check', '--jsn', 'x.yaml']);
    assert.equal(result.code, 2);
    assert.deepEqual(lines(result.stderr), ["openum: unknown option '--jsn' (Did you mean --json?)"]);
  });

  it('exits 2 with one line for a missing argument', async () => {
    const result = await runInProcess(['config', 'check']);
    assert.equal(result.code, 2);
    assert.deepEqual(lines(result.stderr), ["openum: missing required argument 'file'"]);
  });

  it('exits 2 from a usage error in a separate process too', () => {
    const result = spawnCli(['frobnicate']);
    assert.equal(result.code, 2);
    assert.deepEqual(lines(result.stderr), ["openum: unknown command 'frobnicate'"]);
  });
});

describe('openum serve', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openum-serve-'));
    writeFileSync(join(dir, 'bad.yaml'), edit(exampleText(), '  untrusted: drop', '  untrusted: dorp'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 with the configuration problems before starting anything', async () => {
    const result = await runInProcess(['serve', '--config', 'bad.yaml'], dir);
    assert.equal(result.code, 2);
    assert.deepEqual(lines(result.stderr).map((l) => l.replace(/:\d+:/, ':N:')), [
      'bad.yaml:N: sip.untrusted: "dorp" is not allowed: use one of drop, reject (did you mean "drop"?)',
    ]);
    assert.equal(result.stdout, '');
  });

  it('exits 2 naming the file when --config points nowhere', () => {
    const result = spawnCli(['serve', '--config', join(dir, 'missing.yaml')]);
    assert.equal(result.code, 2);
    assert.deepEqual(lines(result.stderr), [`${join(dir, 'missing.yaml')}: no such file`]);
  });
});

describe('errors that escape a command', () => {
  it('print one line and give exit 1, without a stack trace', () => {
    const io = memoryIo();
    assert.equal(reportError(new Error('database is locked\nmore detail'), io, false), 1);
    assert.equal(io.err(), 'openum: database is locked more detail\n');
  });

  it('add the stack trace with debug on', () => {
    const io = memoryIo();
    assert.equal(reportError(new Error('boom'), io, true), 1);
    assert.match(io.err(), /^openum: boom\nError: boom\n\s+at /);
  });

  it('print every issue of a configuration error and give exit 2', () => {
    const io = memoryIo();
    const issue = { file: 'a.yaml', line: 3, column: 1, path: 'rtp', message: 'missing required key "rtp"' };
    assert.equal(reportError(new ConfigError('CONFIG_INVALID', [issue, { ...issue, line: 4 }]), io, false), 2);
    assert.deepEqual(lines(io.err()), ['a.yaml:3: rtp: missing required key "rtp"', 'a.yaml:4: rtp: missing required key "rtp"']);
  });
});
