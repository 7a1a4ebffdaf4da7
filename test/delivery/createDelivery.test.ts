import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDelivery, type MwiNotifier } from '../../src/delivery/index.js';
import { openTestStore, recordingLogger } from './helpers.js';

const notifier: MwiNotifier = { notify: async () => undefined };
const smtp = { host: '127.0.0.1', port: 25, secure: false, maxConnections: 4 };

describe('createDelivery wires the handlers the configuration asks for', () => {
  it('has no handler without mail and without an MWI notifier', async () => {
    const opened = await openTestStore();
    const d = createDelivery({ store: opened.store, config: { sip: { domain: 'um.test' } }, timeZoneOf: () => 'UTC', logger: recordingLogger() });
    assert.deepEqual(d.kinds, []);
    await d.close();
    await opened.close();
  });

  it('adds email and missed-call with mail, imap with mail.imap, and mwi with a notifier', async () => {
    const opened = await openTestStore();
    const d = createDelivery({
      store: opened.store,
      config: {
        mail: { smtp, from: 'vm@um.test', attachMp3: false, imap: { host: '127.0.0.1', secure: false, user: '{email}', password: 'p', folder: 'INBOX' } },
        sip: { domain: 'um.test' },
      },
      timeZoneOf: () => 'UTC',
      mwi: notifier,
      logger: recordingLogger(),
    });
    assert.deepEqual([...d.kinds].sort(), ['email', 'imap', 'missed-call', 'mwi']);
    d.worker.start();
    const first = d.close();
    assert.equal(d.close(), first, 'close() is idempotent');
    await first;
    await opened.close();
  });
});
