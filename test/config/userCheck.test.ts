/**
 * checkUser: a user given outside the file (CLI, API) is checked with the file's own rules
 * (userSchema, then crossCheck's) against the rest of the directory, and every problem is
 * reported at the user, naming what already has a clashing number.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkUser, formatPath, parseConfig, type DirectoryConfig } from '../../src/config/index.js';
import { exampleText } from './helpers.js';

/** The example file's directory: dial plan HQ (4 digits, voice access 8500), pilot 8000 on pbx, auto attendant Main on 8000, users 1001 and 1002. */
const directory: DirectoryConfig = parseConfig(exampleText(), 'example.yaml', { baseDir: '/srv/openum' }).config;

const carol = { extension: '1003', name: 'Carol Third', email: 'carol@example.test', dialPlan: 'HQ', mailboxPolicy: 'Default' };

function problems(candidate: Record<string, unknown>, dir: DirectoryConfig = directory): string[] {
  const result = checkUser(candidate, dir);
  return result.ok ? [] : result.errors.map((e) => `${formatPath(e.path)}: ${e.message}`);
}

describe('checkUser: one user against the directory, with the configuration file\'s rules', () => {
  it('accepts a user that fits, and returns it as the schema parsed it', () => {
    const result = checkUser(carol, directory);
    assert.deepEqual(result, { ok: true, user: carol });
  });

  it('names the known dial plans and policies when the user names unknown ones', () => {
    assert.deepEqual(problems({ ...carol, dialPlan: 'HQX', mailboxPolicy: 'Strict' }), [
      'dialPlan: unknown dial plan "HQX" (known: HQ)',
      'mailboxPolicy: unknown mailbox policy "Strict" (known: Default)',
    ]);
  });

  it('refuses an extension of the wrong length for its dial plan', () => {
    assert.deepEqual(problems({ ...carol, extension: '10003' }), ['extension: extension "10003" must have 4 digits (dial plan HQ)']);
  });

  it('refuses an extension another user of the plan has', () => {
    assert.deepEqual(problems({ ...carol, extension: '1001' }), ['extension: duplicate extension "1001" is already the extension of user "Alice Example" in dial plan HQ']);
  });

  it('refuses an extension that is a voice access number, an auto attendant number or a hunt group pilot of the plan', () => {
    assert.deepEqual(problems({ ...carol, extension: '8500' }), ['extension: "8500" is already a voice access number in dial plan HQ']);
    assert.deepEqual(problems({ ...carol, extension: '8000' }), ['extension: "8000" is already a number of auto attendant "Main" in dial plan HQ']);
    const pilotOnly: DirectoryConfig = { ...directory, autoAttendants: [] };
    assert.deepEqual(problems({ ...carol, extension: '8000' }, pilotOnly), ['extension: "8000" is already the hunt group pilot of gateway "pbx" in dial plan HQ']);
  });

  it('words shape problems as the file\'s are: a bad email, an empty name, an extension that is not digits', () => {
    assert.deepEqual(problems({ ...carol, email: 'carol' }), ['email: must be a mail address such as alice@example.com']);
    assert.deepEqual(problems({ ...carol, name: '' }), ['name: must not be empty']);
    assert.deepEqual(problems({ ...carol, extension: '10a3' }), ['extension: extension must be 1 to 32 digits 0-9, in quotes']);
  });

  it('does not report problems of the rest of the directory, nor a user against itself', () => {
    const broken: DirectoryConfig = { ...directory, users: [...directory.users, { ...directory.users[0]!, dialPlan: 'Gone' }] };
    assert.deepEqual(problems(carol, broken), []);
    const withoutAlice: DirectoryConfig = { ...directory, users: directory.users.filter((u) => u.extension !== '1001') };
    assert.deepEqual(problems({ ...carol, extension: '1001', name: 'Alice Renamed' }, withoutAlice), []);
  });

  it('applies the PIN rules of the user\'s policy without showing the PIN', () => {
    const errors = problems({ ...carol, pin: '1234' });
    assert.deepEqual(errors, ['pin: PIN is shorter than the 6 digits mailbox policy "Default" requires']);
  });
});
