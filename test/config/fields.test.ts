import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCidr, isGatewayAddress, isHostName } from '../../src/config/address.js';
import { isCommonPinPattern } from '../../src/config/index.js';

describe('IP gateway addresses', () => {
  const table: [string, boolean][] = [
    ['127.0.0.1', true],
    ['::1', true],
    ['192.0.2.0/24', true],
    ['2001:db8::/32', true],
    ['pbx.example.com', true],
    ['pbx', true],
    ['10.0.0.0/33', false],
    ['2001:db8::/129', false],
    ['10.0.0.300', false],
    ['-pbx.example.com', false],
    ['pbx_1.example.com', false],
    ['', false],
  ];
  for (const [address, valid] of table) {
    it(`${valid ? 'accepts' : 'rejects'} ${JSON.stringify(address)}`, () => {
      assert.equal(isGatewayAddress(address), valid);
    });
  }

  it('distinguishes CIDR blocks from plain addresses and host names', () => {
    assert.equal(isCidr('10.0.0.0/8'), true);
    assert.equal(isCidr('10.0.0.1'), false);
    assert.equal(isHostName('10.0.0.1'), false);
  });
});

describe('common PIN patterns', () => {
  it('flags repeated digits and runs up or down, wrapping past 9', () => {
    for (const pin of ['111111', '123456', '654321', '890123']) assert.equal(isCommonPinPattern(pin), true, pin);
  });

  it('lets other PINs through', () => {
    for (const pin of ['739204', '482916', '135790']) assert.equal(isCommonPinPattern(pin), false, pin);
  });
});
