/**
 * Number forms within a dial plan (src/directory/numbers.ts): what an incoming number may be
 * looked up as, and how an extension is written towards a PBX for each uriType.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { lookupKeys, normalizeNumber, toE164, toExtension, toSipUser, type Numbering } from '../../src/directory/index.js';

const hq: Numbering = { extensionDigits: 4, countryCode: '1', uriType: 'telExtension' };
const paris: Numbering = { extensionDigits: 5, countryCode: '33', uriType: 'e164' };
const sip: Numbering = { extensionDigits: 4, countryCode: '1', uriType: 'sipUri' };
const national: Numbering = { extensionDigits: 10, countryCode: '1', uriType: 'e164' };

describe('normalizeNumber', () => {
  it('keeps + and digits, removing RFC 3966 visual separators, spaces and URI parameters', () => {
    const table: [string, string | null][] = [
      ['1001', '1001'],
      ['+1-425-555-1001', '+14255551001'],
      ['(425) 555.1001', '4255551001'],
      ['+14255551001;phone-context=+1', '+14255551001'],
      ['1001;isub=12', '1001'],
      ['alice', null],
      ['*86', null],
      ['', null],
      ['+', null],
      ['1+1', null],
      ['1'.repeat(33), null],
    ];
    for (const [input, expected] of table) assert.equal(normalizeNumber(input), expected, input);
  });
});

describe('lookupKeys: most specific first, down to the extension length', () => {
  it('looks an E.164 number up without +, then as national number, then as ever shorter tails', () => {
    assert.deepEqual(lookupKeys('+14255551001', hq), ['14255551001', '4255551001', '255551001', '55551001', '5551001', '551001', '51001', '1001']);
  });

  it('looks a national number up as itself and its tails; an extension only as itself', () => {
    assert.deepEqual(lookupKeys('5551001', hq), ['5551001', '551001', '51001', '1001']);
    assert.deepEqual(lookupKeys('1001', hq), ['1001']);
    assert.deepEqual(lookupKeys('85', hq), ['85']);
  });

  it('does not look up another country’s number by its tail, nor something that is not a number', () => {
    assert.deepEqual(lookupKeys('+442075551001', hq), []);
    assert.deepEqual(lookupKeys('bob', hq), []);
  });
});

describe('toExtension', () => {
  it('takes the trailing extensionDigits digits of a national or E.164 number of the plan', () => {
    assert.equal(toExtension('1001', hq), '1001');
    assert.equal(toExtension('+1 (425) 555-1001', hq), '1001');
    assert.equal(toExtension('4255551001', hq), '1001');
    assert.equal(toExtension('+33123433001', paris), '33001');
  });

  it('gives null for a shorter number, a foreign number or a non-number', () => {
    assert.equal(toExtension('101', hq), null);
    assert.equal(toExtension('+33123433001', hq), null);
    assert.equal(toExtension('operator', hq), null);
  });
});

describe('toE164 and toSipUser per uriType', () => {
  it('writes +<countryCode><nationalPrefix><extension>', () => {
    assert.equal(toE164('1001', hq, '425555'), '+14255551001');
    assert.equal(toE164('4255551001', national), '+14255551001');
    assert.equal(toE164('+14255551001', hq), '+14255551001');
    assert.equal(toE164('1001', hq, '42x'), null);
    assert.equal(toE164('alice', hq), null);
  });

  it('uses the extension for telExtension and sipUri plans and the E.164 form for e164 plans', () => {
    assert.equal(toSipUser('1001', hq), '1001');
    assert.equal(toSipUser('1001', sip), '1001');
    assert.equal(toSipUser('33001', paris, '1234'), '+33123433001');
    assert.equal(toSipUser('4255551001', national), '+14255551001');
  });
});
