import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, editDistance, suggestion } from '../../src/config/suggest.js';

describe('did-you-mean suggestions', () => {
  it('ignores letter case when measuring distance', () => {
    assert.equal(editDistance('dialplan', 'dialPlan'), 0);
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    assert.equal(editDistance('dorp', 'drop'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('suggests the closest key within a third of the word length', () => {
    assert.equal(closest('mailboxPolicys', ['mailboxPolicy', 'dialPlan']), 'mailboxPolicy');
    assert.equal(closest('frobnicate', ['dialPlan', 'name']), undefined);
  });

  it('does not guess for one- and two-character words', () => {
    assert.equal(closest('*', ['0', '1']), undefined);
    assert.equal(closest('ID', ['id', 'ip']), 'id');
  });

  it('lists the allowed keys when nothing is close', () => {
    assert.equal(suggestion('zzz', ['host', 'port']), '(allowed: host, port)');
    assert.equal(suggestion('hots', ['host', 'port']), '(did you mean "host"?)');
  });
});
