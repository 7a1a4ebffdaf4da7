import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { edit, exampleText, issueAt, issuesOf, lineOf } from './helpers.js';

const user1003 = `  - extension: "1003"
    name: Carol Third
    dialPlan: HQ
    mailboxPolicy: Default
`;

function withUser(extra: string): string {
  return edit(exampleText(), '\nautoAttendants:', `${extra}\nautoAttendants:`);
}

describe('configuration cross-references', () => {
  it('rejects a gateway whose dial plan does not exist, listing the known ones', () => {
    const text = edit(exampleText(), '    dialPlan: HQ\n    messageWaitingIndicator', '    dialPlan: HQX\n    messageWaitingIndicator');
    const issue = issueAt(issuesOf(text), 'gateways[0].dialPlan');
    assert.equal(issue.line, lineOf(text, 'dialPlan: HQX'));
    assert.equal(issue.message, 'unknown dial plan "HQX" (known: HQ)');
  });

  it('rejects a hunt group naming an unknown gateway', () => {
    const text = edit(exampleText(), '{ gateway: pbx,', '{ gateway: pbx2,');
    assert.equal(issueAt(issuesOf(text), 'huntGroups[0].gateway').message, 'unknown gateway "pbx2" (known: pbx)');
  });

  it('rejects a user with an unknown mailbox policy', () => {
    const text = withUser(user1003.replace('mailboxPolicy: Default', 'mailboxPolicy: Strict'));
    const issue = issueAt(issuesOf(text), 'users[2].mailboxPolicy');
    assert.equal(issue.line, lineOf(text, 'mailboxPolicy: Strict'));
    assert.match(issue.message, /unknown mailbox policy "Strict" \(known: Default\)/);
  });

  it('rejects a duplicate extension at the second user', () => {
    const text = withUser(user1003.replace('"1003"', '"1001"'));
    const issue = issueAt(issuesOf(text), 'users[2].extension');
    assert.equal(issue.line, lineOf(text, 'Carol Third') - 1);
    assert.match(issue.message, /duplicate extension "1001" is already the extension of user "Alice Example"/);
  });

  it('rejects an extension whose length differs from the dial plan extensionDigits', () => {
    const text = withUser(user1003.replace('"1003"', '"10003"'));
    const issue = issueAt(issuesOf(text), 'users[2].extension');
    assert.match(issue.message, /"10003" must have 4 digits \(dial plan HQ\)/);
  });

  it('rejects a PIN shorter than the policy minimum without showing the PIN', () => {
    const text = edit(exampleText(), 'pin: "739204"', 'pin: "73920"');
    const issue = issueAt(issuesOf(text), 'users[0].pin');
    assert.equal(issue.line, lineOf(text, 'pin: "73920"'));
    assert.match(issue.message, /shorter than the 6 digits mailbox policy "Default" requires/);
    assert.doesNotMatch(issue.message, /73920/);
  });

  it('rejects a PIN equal to the extension without showing it', () => {
    let text = edit(exampleText(), '    minPinLength: 6', '    minPinLength: 4');
    text = edit(text, 'pin: "739204"', 'pin: "1001"');
    const issue = issueAt(issuesOf(text), 'users[0].pin');
    assert.equal(issue.message, 'PIN must not be the same as the extension');
  });

  it('rejects a common-pattern PIN unless the policy allows them', () => {
    const text = edit(exampleText(), 'pin: "739204"', 'pin: "123456"');
    const issue = issueAt(issuesOf(text), 'users[0].pin');
    assert.match(issue.message, /common pattern/);
    assert.doesNotMatch(issue.message, /123456/);
    const allowed = edit(text, '    minPinLength: 6', '    minPinLength: 6\n    allowCommonPatterns: true');
    assert.doesNotThrow(() => parseConfig(allowed, 'x.yaml'));
  });

  it('rejects duplicate dial plan names', () => {
    const text = edit(exampleText(), '\ngateways:', '\n  - { name: HQ, extensionDigits: 5, countryCode: "1" }\n\ngateways:');
    assert.match(issueAt(issuesOf(text), 'dialPlans[1].name').message, /duplicate name "HQ" \(also dialPlans\[0\]\)/);
  });

  it('rejects a user extension that is also the voice access number', () => {
    const text = withUser(user1003.replace('"1003"', '"8500"'));
    assert.match(issueAt(issuesOf(text), 'users[2].extension').message, /"8500" is already a voice access number in dial plan HQ/);
  });

  it('rejects an auto attendant number that is a user extension', () => {
    const text = edit(exampleText(), 'numbers: ["8000"]', 'numbers: ["8000", "1002"]');
    assert.match(
      issueAt(issuesOf(text), 'autoAttendants[0].numbers[1]').message,
      /"1002" is already the extension of user "Bob Sample"/,
    );
  });

  it('accepts a hunt group pilot equal to the voice access number without a warning', () => {
    const text = edit(exampleText(), 'pilotNumber: "8000"', 'pilotNumber: "8500"');
    assert.deepEqual(parseConfig(text, 'x.yaml').warnings, []);
  });

  it('warns, without failing, when a hunt group pilot is an auto attendant number', () => {
    const { warnings } = parseConfig(exampleText(), 'x.yaml');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.path, 'huntGroups[0].pilotNumber');
    assert.equal(warnings[0]?.line, lineOf(exampleText(), 'pilotNumber: "8000"'));
    assert.match(warnings[0]?.message ?? '', /not diverted go to that auto attendant/);
  });

  it('accepts the same pilot on two gateways but not twice on one gateway', () => {
    const second = '\n  - { name: sbc, address: 192.0.2.0/24, dialPlan: HQ }\n\nhuntGroups:';
    let text = edit(exampleText(), '\nhuntGroups:', second);
    text = edit(text, '  - { gateway: pbx, pilotNumber: "8000", dialPlan: HQ }', '  - { gateway: pbx, pilotNumber: "8000", dialPlan: HQ }\n  - { gateway: sbc, pilotNumber: "8000", dialPlan: HQ }');
    assert.equal(parseConfig(text, 'x.yaml').warnings.length, 2);
    const twice = edit(text, '{ gateway: sbc, pilotNumber', '{ gateway: pbx, pilotNumber');
    assert.match(issueAt(issuesOf(twice), 'huntGroups[1].pilotNumber').message, /gateway "pbx" already has pilot "8000" \(huntGroups\[0\]\)/);
  });

  it('rejects an auto attendant key leaving voice mail for a user who does not exist', () => {
    const text = edit(exampleText(), 'leaveVoiceMailFor: "1002"', 'leaveVoiceMailFor: "1009"');
    const issue = issueAt(issuesOf(text), 'autoAttendants[0].keys["2"].leaveVoiceMailFor');
    assert.equal(issue.line, lineOf(text, '"1009"'));
    assert.match(issue.message, /no user has extension "1009" in dial plan HQ/);
  });

  it('rejects an auto attendant key naming an unknown auto attendant', () => {
    const text = edit(exampleText(), '"0": { transferTo: operator }', '"0": { attendant: Night }');
    assert.match(issueAt(issuesOf(text), 'autoAttendants[0].keys["0"].attendant').message, /unknown auto attendant "Night" \(known: Main\)/);
  });

  it('rejects a transfer to operator when the dial plan has no operator extension', () => {
    const text = edit(exampleText(), '    operatorExtension: "1000"\n', '');
    assert.match(issueAt(issuesOf(text), 'autoAttendants[0].keys["0"].transferTo').message, /no operatorExtension/);
  });

  it('rejects a transfer to a number outside the dial plan and its outdialing patterns', () => {
    const text = edit(exampleText(), 'transferTo: "1001", label: Sales', 'transferTo: "0044207946000", label: Sales');
    assert.match(issueAt(issuesOf(text), 'autoAttendants[0].keys["1"].transferTo').message, /nor allowed by its outdialing/);
  });
});
