import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { edit, exampleText, fixturePath, lineOf, repoRoot } from '../config/helpers.js';
import { lines, runInProcess, spawnCli } from './run.js';

describe('openum config check', () => {
  let dir = '';
  let bad = '';
  let badText = '';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openum-cli-'));
    badText = edit(exampleText(), '    dialPlan: HQ\n    messageWaitingIndicator', '    dialPlan: HQX\n    messageWaitingIndicator');
    badText = edit(badText, '  untrusted: drop', '  untrusted: dorp');
    bad = join(dir, 'bad.yaml');
    writeFileSync(bad, badText);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints "FILE: OK" and exits 0 for the demo configuration', () => {
    const demo = join(repoRoot(), 'config', 'demo.yaml');
    const result = spawnCli(['config', 'check', demo]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${demo}: OK\n`);
    assert.equal(result.stderr, '');
  });

  it('prints warnings on stderr but still exits 0', () => {
    const example = fixturePath('example.yaml');
    const result = spawnCli(['config', 'check', example]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${example}: OK\n`);
    const line = lineOf(exampleText(), 'pilotNumber: "8000"');
    assert.deepEqual(lines(result.stderr).map((l) => l.split(': ').slice(0, 3).join(': ')), [
      `${example}:${line}: warning: huntGroups[0].pilotNumber`,
    ]);
  });

  it('exits 2 with one "file:line: path: message" line per problem on stderr', () => {
    const result = spawnCli(['config', 'check', bad]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.deepEqual(lines(result.stderr), [
      `${bad}:${lineOf(badText, 'untrusted: dorp')}: sip.untrusted: "dorp" is not allowed: use one of drop, reject (did you mean "drop"?)`,
    ]);
  });

  it('reports cross-reference errors once the shapes are valid', () => {
    const text = edit(badText, '  untrusted: dorp', '  untrusted: drop');
    writeFileSync(bad, text);
    const result = spawnCli(['config', 'check', bad]);
    assert.equal(result.code, 2);
    assert.deepEqual(lines(result.stderr), [
      `${bad}:${lineOf(text, 'dialPlan: HQX')}: gateways[0].dialPlan: unknown dial plan "HQX" (known: HQ)`,
    ]);
    writeFileSync(bad, badText);
  });

  it('exits 2 naming the file when it does not exist, without a stack trace', () => {
    const missing = join(dir, 'missing.yaml');
    const result = spawnCli(['config', 'check', missing]);
    assert.equal(result.code, 2);
    assert.deepEqual(lines(result.stderr), [`${missing}: no such file`]);
  });

  it('exits 2 with the line of a YAML syntax error', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'dataDir: ./data\nsip: [\n');
    const result = spawnCli(['config', 'check', broken]);
    assert.equal(result.code, 2);
    const first = lines(result.stderr)[0] ?? '';
    assert.match(first, new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:[23]: YAML: `));
  });

  it('prints the result as JSON with --json, with the same exit codes', () => {
    const invalid = spawnCli(['config', 'check', '--json', bad]);
    assert.equal(invalid.code, 2);
    const report = JSON.parse(invalid.stdout) as { file: string; valid: boolean; code: string; errors: { path: string; line: number }[] };
    assert.equal(report.file, bad);
    assert.equal(report.valid, false);
    assert.equal(report.code, 'CONFIG_INVALID');
    assert.deepEqual(report.errors.map((e) => [e.path, e.line]), [['sip.untrusted', lineOf(badText, 'untrusted: dorp')]]);

    const valid = spawnCli(['config', 'check', fixturePath('example.yaml'), '--json']);
    assert.equal(valid.code, 0);
    const ok = JSON.parse(valid.stdout) as { valid: boolean; errors: unknown[]; warnings: unknown[] };
    assert.equal(ok.valid, true);
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.warnings.length, 1);
  });

  it('resolves a relative FILE against the working folder and prints it as given', async () => {
    const result = await runInProcess(['config', 'check', 'bad.yaml'], dir);
    assert.equal(result.code, 2);
    assert.match(lines(result.stderr)[0] ?? '', /^bad\.yaml:\d+: sip\.untrusted: /);
  });
});
