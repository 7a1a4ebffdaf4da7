/**
 * Directory (src/directory/directory.ts): the lookups routing and the call flows make, over
 * directories built from validated configuration (./fixtures.ts) or a store-like snapshot.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseConfig } from '../../src/config/index.js';
import { Directory, snapshotFromConfig } from '../../src/directory/index.js';
import type { DirectorySnapshot } from '../../src/store/index.js';
import { exampleText } from '../config/helpers.js';
import { configOf, sites, sitesConfig, sitesDirectory } from './fixtures.js';

const d = sitesDirectory();
const ext = (u: { extension: string } | null): string | null => u?.extension ?? null;

describe('Directory: users', () => {
  it('finds a user by exact extension in a dial plan', () => {
    assert.equal(d.user('1001', 'HQ')?.name, 'Alice Example');
    assert.equal(d.user('1001', 'Lab')?.name, 'Lab Alice');
    assert.equal(d.user('1009', 'HQ'), null);
    assert.equal(d.user('1001', 'Nowhere'), null);
  });

  it('finds a user without a dial plan only when exactly one dial plan has the extension', () => {
    assert.equal(d.user('1002')?.name, 'bob Sample');
    assert.equal(d.user('2002')?.name, 'Lab Only');
    assert.equal(d.user('1001'), null);
  });

  it('finds a user by E.164, national or separated number whose tail is the extension', () => {
    for (const number of ['1001', '+14255551001', '4255551001', '5551001', '+1-425-555-1001', '+14255551001;phone-context=+1']) {
      assert.equal(d.userByNumber(number, 'HQ')?.name, 'Alice Example', number);
    }
    assert.equal(ext(d.userByNumber('+33123433001', 'Paris')), '33001');
  });

  it('finds no user for a foreign, short or non-numeric number', () => {
    for (const number of ['+442075551001', '101', 'alice', '']) assert.equal(d.userByNumber(number, 'HQ'), null, number);
  });

  it('finds a user by number without a dial plan only when one dial plan matches', () => {
    assert.equal(d.userByNumber('+14255551002')?.name, 'bob Sample');
    assert.equal(d.userByNumber('+14255551001'), null, '1001 is in HQ and in Lab');
    assert.equal(ext(d.userByNumber('+33123433002')), '33002');
  });

  it('gives each user its mailbox policy', () => {
    const alice = d.user('1001', 'HQ');
    assert.ok(alice);
    assert.equal(d.policyOf(alice)?.name, 'Default');
    assert.equal(d.policyOf({ ...alice, mailboxPolicy: 'Gone' }), null);
  });

  it('lists the enabled users of a dial plan by name in its language, for dial by name', () => {
    assert.deepEqual(d.usersByName('HQ').map((u) => u.name), ['Alice Example', 'bob Sample', 'Carol Caller']);
    assert.deepEqual(d.usersByName('Paris').map((u) => u.name), ['Chloé Exemple', 'Étienne Exemple']);
    const snapshot = snapshotFromConfig(sitesConfig());
    snapshot.users = snapshot.users.map((u) => (u.extension === '1002' ? { ...u, enabled: false } : u));
    assert.deepEqual(Directory.fromSnapshot(snapshot).usersByName('HQ').map((u) => u.extension), ['1001', '1003']);
    assert.deepEqual(d.usersByName('Nowhere'), []);
  });
});

describe('Directory: dial plans, gateways, hunt groups', () => {
  it('finds dial plans and gateways by name, and the dial plan of a gateway', () => {
    assert.equal(d.dialPlan('Paris')?.countryCode, '33');
    assert.equal(d.gatewayByName('pbx')?.address, '192.0.2.10');
    assert.equal(d.dialPlanOfGateway('paris-gw')?.name, 'Paris');
    assert.equal(d.dialPlan('Nowhere'), null);
    assert.equal(d.gatewayByName('nope'), null);
    assert.equal(d.dialPlanOfGateway('nope'), null);
  });

  it('finds the hunt group of a gateway by its pilot, in any number form of the hunt group’s dial plan', () => {
    assert.equal(d.huntGroup('pbx', '8000')?.dialPlan, 'HQ');
    assert.equal(d.huntGroup('pbx', '+14255558000')?.pilotNumber, '8000');
    assert.equal(d.huntGroup('pbx', '7000')?.dialPlan, 'Lab');
    assert.equal(d.huntGroup('paris-gw', '8000'), null, 'a pilot belongs to its gateway');
    assert.equal(d.huntGroup('nope', '8000'), null);
  });

  it('knows voice access numbers, auto attendant numbers and the operator of each dial plan', () => {
    assert.equal(d.isVoiceAccessNumber('HQ', '8500'), true);
    assert.equal(d.isVoiceAccessNumber('HQ', '+14255558500'), true);
    assert.equal(d.isVoiceAccessNumber('Paris', '8500'), false);
    assert.equal(d.autoAttendantByNumber('HQ', '8800')?.name, 'Main');
    assert.equal(d.autoAttendantByNumber('HQ', '+1 425 555 8800')?.name, 'Main');
    assert.equal(d.autoAttendantByNumber('Paris', '8800'), null);
    assert.equal(d.autoAttendant('Accueil')?.dialPlan, 'Paris');
    assert.equal(d.operatorOf('HQ'), '1000');
    assert.equal(d.operatorOf('Paris'), null);
  });
});

describe('Directory.ownersOf: what a number reaches, most specific first', () => {
  it('reports everything at the matching key: a pilot that is also a voice access number', () => {
    const owners = d.ownersOf('+14255558500', 'HQ', 'pbx');
    assert.equal(owners?.key, '8500');
    assert.equal(owners?.voiceAccess, true);
    assert.equal(owners?.huntGroup?.pilotNumber, '8500');
    assert.equal(owners?.user, null);
    assert.equal(d.ownersOf('8500', 'HQ')?.huntGroup, null, 'no gateway, no pilot');
  });

  it('prefers the longest configured number the dialled number ends with', () => {
    const dir = Directory.fromConfig(configOf(`
dialPlans: [{ name: HQ, extensionDigits: 4, countryCode: "1" }]
users: [{ extension: "1001", name: Alice, dialPlan: HQ, mailboxPolicy: Default }]
autoAttendants: [{ name: Sales, dialPlan: HQ, numbers: ["4255551001"], timeZone: UTC }]
`));
    assert.equal(dir.ownersOf('+14255551001', 'HQ')?.autoAttendant?.name, 'Sales');
    assert.equal(dir.ownersOf('+14255551001', 'HQ')?.user, null);
    assert.equal(dir.ownersOf('+12065551001', 'HQ')?.user?.name, 'Alice');
    assert.equal(dir.ownersOf('9999', 'HQ'), null);
  });
});

describe('Directory.fromConfig and fromSnapshot', () => {
  it('builds users in the state a new mailbox starts in, without the configured PIN', () => {
    const dir = Directory.fromConfig(parseConfig(exampleText(), 'example.yaml', { baseDir: '/srv/openum' }).config);
    const alice = dir.user('1001', 'HQ');
    assert.deepEqual(alice, {
      extension: '1001', name: 'Alice Example', email: 'alice@example.test', dialPlan: 'HQ', mailboxPolicy: 'Default',
      source: 'config', pinHash: null, pinSetAt: null, pinHistory: [], pinMustChange: false, failedLogons: 0,
      locked: false, awayGreetingEnabled: false, enabled: true,
    });
    assert.equal(dir.user('1002', 'HQ')?.email, 'bob@example.test');
  });

  it('answers "not found" for entries whose dial plan, gateway or policy is missing, never throws', () => {
    const base = snapshotFromConfig(configOf(sites));
    const broken: DirectorySnapshot = {
      ...base,
      dialPlans: base.dialPlans.filter((p) => p.name !== 'Paris'),
      huntGroups: [...base.huntGroups, { gateway: 'ghost', pilotNumber: '9000', dialPlan: 'Nowhere' }],
    };
    const dir = Directory.fromSnapshot(broken);
    assert.equal(dir.user('33001', 'Paris'), null);
    assert.equal(dir.user('33001'), null);
    assert.equal(dir.dialPlanOfGateway('paris-gw'), null);
    assert.equal(dir.huntGroup('paris-gw', '33000'), null);
    assert.equal(dir.huntGroup('ghost', '9000'), null);
    assert.equal(dir.autoAttendantByNumber('Paris', '33800'), null);
    assert.equal(dir.snapshot, broken);
  });
});
