import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, formatIssue, loadConfig } from '../../src/config/index.js';
import { edit, exampleText, issueAt, issuesOf, lineOf } from './helpers.js';

describe('loadConfig errors name the file, the line and the key path', () => {
  it('reports an unknown key at its own line with a "did you mean" suggestion', () => {
    const text = edit(exampleText(), '    port: 5080\n', '    port: 5080\n    dialplan: HQ\n');
    const issue = issueAt(issuesOf(text), 'gateways[0].dialplan');
    assert.equal(issue.file, 'test.yaml');
    assert.equal(issue.line, lineOf(text, 'dialplan: HQ'));
    assert.equal(issue.column, 5);
    assert.match(issue.message, /unknown key "dialplan" \(did you mean "dialPlan"\?\)/);
  });

  it('lists the allowed keys when an unknown key resembles none of them', () => {
    const text = edit(exampleText(), 'rtp:\n', 'rtp:\n  jitterBuffer: 60\n');
    const issue = issueAt(issuesOf(text), 'rtp.jitterBuffer');
    assert.equal(issue.line, lineOf(text, 'jitterBuffer'));
    assert.match(issue.message, /\(allowed: host, portMin, portMax, codecs, srtp, latching, inbandDtmf, clock\)/);
  });

  it('reports a value of the wrong type at the value line', () => {
    const text = edit(exampleText(), '  portMin: 20000', '  portMin: lots');
    const issue = issueAt(issuesOf(text), 'rtp.portMin');
    assert.equal(issue.line, lineOf(text, 'portMin: lots'));
    assert.equal(issue.column, 12);
    assert.match(issue.message, /expected a number, got a string \("lots"\)/);
  });

  it('asks for quotes when a number is written where digits as text are expected', () => {
    const text = edit(exampleText(), '  - extension: "1002"', '  - extension: 1002');
    const issue = issueAt(issuesOf(text), 'users[1].extension');
    assert.equal(issue.line, lineOf(text, 'extension: 1002'));
    assert.match(issue.message, /put the value in quotes \("1002"\)/);
  });

  it('reports a value outside an enumeration with the allowed values and the closest one', () => {
    const text = edit(exampleText(), '  untrusted: drop', '  untrusted: dorp');
    const issue = issueAt(issuesOf(text), 'sip.untrusted');
    assert.equal(issue.line, lineOf(text, 'untrusted: dorp'));
    assert.match(issue.message, /"dorp" is not allowed: use one of drop, reject \(did you mean "drop"\?\)/);
  });

  it('reports a missing required key at the line of the map that lacks it', () => {
    const text = edit(exampleText(), '    extensionDigits: 4\n', '');
    const issue = issueAt(issuesOf(text), 'dialPlans[0].extensionDigits');
    assert.equal(issue.line, lineOf(text, '  - name: HQ'));
    assert.match(issue.message, /missing required key "extensionDigits"/);
  });

  it('reports a missing top-level section', () => {
    const text = edit(exampleText(), 'rtp:\n  host: 127.0.0.1\n  portMin: 20000\n  portMax: 29999\n', '');
    const issue = issueAt(issuesOf(text), 'rtp');
    assert.equal(issue.line, lineOf(text, 'dataDir'));
    assert.match(issue.message, /missing required key "rtp"/);
  });

  it('reports a number below its minimum with the minimum', () => {
    const text = edit(exampleText(), '    minPinLength: 6', '    minPinLength: 3');
    const issue = issueAt(issuesOf(text), 'mailboxPolicies[0].minPinLength');
    assert.equal(issue.line, lineOf(text, 'minPinLength: 3'));
    assert.match(issue.message, /must be at least 4/);
  });

  it('reports every problem of a file at once, in line order', () => {
    let text = edit(exampleText(), '  untrusted: drop', '  untrusted: never');
    text = edit(text, '  portMax: 29999', '  portMax: "29999"');
    text = edit(text, '    quotaMessages: 500', '    quotaMessages: 0');
    const issues = issuesOf(text);
    assert.deepEqual(
      issues.map((i) => i.path),
      ['sip.untrusted', 'rtp.portMax', 'mailboxPolicies[0].quotaMessages'],
    );
  });

  it('rejects a tls listener without cert and key', () => {
    const text = edit(
      exampleText(),
      '    # - { transport: tls, host: 0.0.0.0, port: 5061, cert: ./tls/cert.pem, key: ./tls/key.pem }',
      '    - { transport: tls, host: 0.0.0.0, port: 5061, cert: ./tls/cert.pem }',
    );
    const issue = issueAt(issuesOf(text), 'sip.listen[2].key');
    assert.equal(issue.line, lineOf(text, 'transport: tls'));
    assert.match(issue.message, /tls needs "key"/);
  });

  it('rejects an odd RTP portMin and a portMax not above it', () => {
    const text = edit(exampleText(), '  portMin: 20000\n  portMax: 29999', '  portMin: 20001\n  portMax: 20001');
    const issues = issuesOf(text);
    assert.match(issueAt(issues, 'rtp.portMin').message, /must be even/);
    assert.match(issueAt(issues, 'rtp.portMax').message, /must be above portMin \(20001\)/);
  });

  it('rejects postgres storage without a url', () => {
    const text = edit(exampleText(), '  kind: sqlite', '  kind: postgres');
    assert.match(issueAt(issuesOf(text), 'storage.url').message, /kind postgres needs a url/);
  });

  it('rejects a gateway address that is neither an IP, a CIDR block nor a host name', () => {
    const text = edit(exampleText(), '    address: 127.0.0.1', '    address: 10.0.0.0/33');
    const issue = issueAt(issuesOf(text), 'gateways[0].address');
    assert.match(issue.message, /IP address .* CIDR block .* host name/);
  });

  it('rejects an unknown time zone and malformed business hours', () => {
    let text = edit(exampleText(), 'timeZone: America/New_York', 'timeZone: America/Gotham');
    text = edit(text, '"Mon-Fri 08:00-17:30"', '"Mon-Fri 08:00-17:30, Sat 12:00-09:00"');
    const issues = issuesOf(text);
    assert.match(issueAt(issues, 'autoAttendants[0].timeZone').message, /IANA time zone/);
    assert.match(issueAt(issues, 'autoAttendants[0].businessHours').message, /"Sat 12:00-09:00" ends before it starts/);
  });

  it('rejects a menu key outside 0-9 and an action with two targets', () => {
    let text = edit(exampleText(), '"0": { transferTo: operator }', '"0": { transferTo: operator }\n      "*": { transferTo: "1001" }');
    text = edit(text, '"1": { transferTo: "1001", label: Sales }', '"1": { transferTo: "1001", attendant: Main }');
    const issues = issuesOf(text);
    const star = issueAt(issues, 'autoAttendants[0].keys["*"]');
    assert.equal(star.line, lineOf(text, '"*"'));
    assert.match(star.message, /unknown key "\*" \(allowed: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9\)/);
    assert.match(issueAt(issues, 'autoAttendants[0].keys["1"]').message, /exactly one of/);
  });

  it('never echoes a PIN written as a number', () => {
    const text = edit(exampleText(), 'pin: "739204"', 'pin: 739204');
    const issue = issueAt(issuesOf(text), 'users[0].pin');
    assert.match(issue.message, /put the value in quotes/);
    assert.doesNotMatch(issue.message, /739204/);
  });
});

describe('loadConfig on YAML that does not parse', () => {
  it('reports a syntax error with its line and column (CONFIG_YAML_SYNTAX)', () => {
    const text = edit(exampleText(), '  portMin: 20000', '  portMin: [20000');
    const issues = issuesOf(text, 'CONFIG_YAML_SYNTAX');
    const first = issues[0];
    assert.ok(first);
    assert.equal(first.file, 'test.yaml');
    assert.ok(first.line !== null && first.line >= lineOf(text, 'portMin: [20000'));
    assert.ok(first.column !== null);
    assert.match(first.message, /^YAML: /);
  });

  it('reports a key written twice in one map as a syntax error at its second occurrence', () => {
    const text = edit(exampleText(), '  portMax: 29999', '  portMax: 29999\n  portMin: 20002');
    const issues = issuesOf(text, 'CONFIG_YAML_SYNTAX');
    assert.equal(issues[0]?.line, lineOf(text, 'portMin: 20002'));
  });

  it('reports an empty file as missing its required sections', () => {
    const issues = issuesOf('');
    assert.match(issueAt(issues, 'sip').message, /missing required key "sip"/);
  });
});

describe('loadConfig on the file system', () => {
  it('throws CONFIG_NOT_FOUND naming the path when there is no file', () => {
    assert.throws(
      () => loadConfig('/nonexistent/openum.yaml'),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.code === 'CONFIG_NOT_FOUND' &&
        err.issues[0]?.file === '/nonexistent/openum.yaml' &&
        err.message.includes('/nonexistent/openum.yaml'),
    );
  });

  it('throws CONFIG_UNREADABLE for a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openum-config-'));
    try {
      assert.throws(() => loadConfig(dir), (err: unknown) => err instanceof ConfigError && err.code === 'CONFIG_UNREADABLE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a relative path against the given cwd and names it as given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openum-config-'));
    try {
      const text = edit(exampleText(), '    dialPlan: HQ\n    messageWaitingIndicator', '    dialPlan: HQX\n    messageWaitingIndicator');
      writeFileSync(join(dir, 'bad.yaml'), text);
      const line = lineOf(text, 'dialPlan: HQX');
      assert.throws(
        () => loadConfig('bad.yaml', { cwd: dir }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          const issue = err.issues[0];
          assert.ok(issue);
          assert.equal(formatIssue(issue), `bad.yaml:${line}: gateways[0].dialPlan: unknown dial plan "HQX" (known: HQ)`);
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
