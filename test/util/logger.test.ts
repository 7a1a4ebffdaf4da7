import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/util/logger.js';

// Lives here until test/util/ has an owner; it tests src/util/logger.ts.

function capture(level?: string) {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger(level === undefined ? { destination } : { level, destination });
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON object per line with level, time and message', () => {
    const { logger, lines } = capture();
    logger.info({ mailbox: '1001' }, 'message saved');
    const [line] = lines();
    assert.equal(line?.['msg'], 'message saved');
    assert.equal(line?.['mailbox'], '1001');
    assert.equal(line?.['level'], 30);
    assert.equal(typeof line?.['time'], 'string');
  });

  it('never writes a PIN, a PIN hash, a password or an Authorization header, at any depth', () => {
    const { logger, lines } = capture();
    logger.child({ callId: 'abc' }).info(
      {
        pin: '739204',
        user: { extension: '1001', pin: '482916', pinHash: 'scrypt$xyz' },
        smtp: { password: 'hunter2' },
        request: { headers: { authorization: 'Digest secret', 'proxy-authorization': 'Digest other' } },
        users: [{ pin: '731594' }],
      },
      'logon',
    );
    const text = JSON.stringify(lines());
    for (const secret of ['739204', '482916', 'scrypt$xyz', 'hunter2', 'Digest secret', 'Digest other', '731594']) {
      assert.ok(!text.includes(secret), `${secret} reached the log`);
    }
    assert.equal((lines()[0]?.['user'] as Record<string, unknown>)['extension'], '1001');
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.warn('shown');
    assert.deepEqual(lines().map((l) => l['msg']), ['shown']);
  });
});
