import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashConfigPin, hashPin, StoreError, verifyPin } from '../../src/store/index.js';

describe('PIN hashes (scrypt, RFC 7914)', () => {
  it('hashes to scrypt$N$r$p$salt$hash with base64 salt and hash, and never contains the PIN', async () => {
    const hash = await hashPin('482916');
    const parts = hash.split('$');
    assert.equal(parts.length, 6);
    assert.deepEqual(parts.slice(0, 4), ['scrypt', '32768', '8', '1']);
    assert.equal(Buffer.from(parts[4] ?? '', 'base64').length, 16);
    assert.equal(Buffer.from(parts[5] ?? '', 'base64').length, 32);
    assert.ok(!hash.includes('482916'));
  });

  it('verifies the right PIN and refuses a wrong one', async () => {
    const hash = await hashPin('482916');
    assert.equal(await verifyPin('482916', hash), true);
    assert.equal(await verifyPin('482917', hash), false);
    assert.equal(await verifyPin('48291', hash), false);
  });

  it('draws a new random salt for every hash', async () => {
    const [a, b] = await Promise.all([hashPin('1234'), hashPin('1234')]);
    assert.notEqual(a, b);
    assert.equal(await verifyPin('1234', a), true);
    assert.equal(await verifyPin('1234', b), true);
  });

  it('gives the same string for the same extension and configured PIN, and a different one otherwise', async () => {
    const a = await hashConfigPin('1001', '123456');
    assert.equal(await hashConfigPin('1001', '123456'), a);
    assert.notEqual(await hashConfigPin('1002', '123456'), a);
    assert.notEqual(await hashConfigPin('1001', '654321'), a);
    assert.equal(await verifyPin('123456', a), true);
  });

  it('refuses to hash anything but 1-24 digits (STORE_BAD_PIN)', async () => {
    for (const bad of ['', '12a4', ' 1234', '1'.repeat(25)]) {
      await assert.rejects(hashPin(bad), (err: unknown) => err instanceof StoreError && err.code === 'STORE_BAD_PIN', JSON.stringify(bad));
    }
  });

  it('answers false, never throws, for keypad input that is not digits or a malformed stored hash', async () => {
    const good = await hashPin('2580');
    const [, N, r, p, salt, key] = good.split('$');
    const malformed = [
      '',
      'plain',
      `bcrypt$${N}$${r}$${p}$${salt}$${key}`,
      `scrypt$${N}$${r}$${p}$${salt}`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$1048576$64$1$${salt}$${key}`, // 8 GiB of memory: refused before any work
      `scrypt$${N}$0$${p}$${salt}$${key}`,
      `scrypt$${N}$${r}$${p}$!!!$${key}`,
      `scrypt$${N}$${r}$${p}$${salt}$${Buffer.alloc(4).toString('base64')}`,
    ];
    for (const hash of malformed) assert.equal(await verifyPin('2580', hash), false, hash);
    assert.equal(await verifyPin('25#0', good), false);
    assert.equal(await verifyPin('', good), false);
  });
});
