import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIGEST_ERROR_CODES, DigestError } from '../../../src/sip/auth/index.js';
import { OpenUmError } from '../../../src/util/errors.js';

describe('DigestError codes', () => {
  it('are unique and all start with SIP_AUTH_', () => {
    assert.equal(new Set(DIGEST_ERROR_CODES).size, DIGEST_ERROR_CODES.length);
    for (const code of DIGEST_ERROR_CODES) assert.match(code, /^SIP_AUTH_[A-Z_]+$/);
  });

  it('is an OpenUmError named DigestError carrying its code', () => {
    const err = new DigestError('SIP_AUTH_REJECTED', 'nope');
    assert.ok(err instanceof OpenUmError);
    assert.equal(err.name, 'DigestError');
    assert.equal(err.code, 'SIP_AUTH_REJECTED');
  });
});
