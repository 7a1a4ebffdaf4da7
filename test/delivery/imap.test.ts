import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { createDelivery, imapUserFor } from '../../src/delivery/index.js';
import { depositTone, ManualWallClock, openTestStore, recordingLogger } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('IMAP APPEND handler', () => {
  it('fills {email} and {extension} in the log on name', () => {
    const user = { email: 'alice@example.test', extension: '1001' };
    assert.equal(imapUserFor('{email}*vmmaster', user), 'alice@example.test*vmmaster');
    assert.equal(imapUserFor('vm-{extension}', user), 'vm-1001');
    assert.equal(imapUserFor('static', user), 'static');
    assert.equal(imapUserFor('{email}{email}', user), 'alice@example.testalice@example.test');
  });

  it('keeps the entry pending (DELIVERY_IMAP_UNAVAILABLE) when the IMAP server refuses the connection', async () => {
    const clock = new ManualWallClock();
    const opened = await openTestStore(clock);
    const port = await closedPort();
    const delivery = createDelivery({
      store: opened.store,
      config: {
        mail: {
          smtp: { host: '127.0.0.1', port: 25, secure: false, maxConnections: 4 },
          from: 'vm@example.test',
          attachMp3: false,
          imap: { host: '127.0.0.1', port, secure: false, user: '{email}', password: 'x', folder: 'INBOX' },
        },
        sip: { domain: 'um.example.test' },
      },
      timeZoneOf: () => 'UTC',
      logger: recordingLogger(),
      clock,
    });
    cleanups.push(async () => {
      await delivery.close();
      await opened.close();
    });
    await depositTone(opened.store, opened.dir, { kinds: ['imap'] });
    assert.equal(await delivery.worker.runOnce(), 1);
    const [entry] = await opened.store.listOutbox();
    assert.equal(entry?.state, 'pending');
    assert.match(entry?.lastError ?? '', /^DELIVERY_IMAP_UNAVAILABLE: IMAP connect failed: .*ECONNREFUSED/);
  });

  it('fails an imap entry for a user without email for good, before connecting', async () => {
    const opened = await openTestStore();
    const delivery = createDelivery({
      store: opened.store,
      config: {
        mail: {
          smtp: { host: '127.0.0.1', port: 25, secure: false, maxConnections: 4 },
          from: 'vm@example.test',
          attachMp3: false,
          imap: { host: '127.0.0.1', port: await closedPort(), secure: false, user: '{email}', password: 'x', folder: 'INBOX' },
        },
        sip: { domain: 'um.example.test' },
      },
      timeZoneOf: () => 'UTC',
      logger: recordingLogger(),
    });
    cleanups.push(async () => {
      await delivery.close();
      await opened.close();
    });
    await depositTone(opened.store, opened.dir, { mailbox: '1002', kinds: ['imap'] });
    await delivery.worker.runOnce();
    const [entry] = await opened.store.listOutbox();
    assert.equal(entry?.state, 'failed');
    assert.match(entry?.lastError ?? '', /^DELIVERY_NO_EMAIL: /);
  });
});
