// Delivery against a real mail system: OpenUM's outbox worker → Postfix (SMTP) → Dovecot LMTP →
// Maildir, read back over IMAP with imapflow; and OpenUM's IMAP APPEND into a Dovecot folder
// through a master user. See test/interop/harness/mail.ts.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createDelivery, type Delivery } from '../../src/delivery/index.js';
import { SqliteMailboxStore, type StoredMessage } from '../../src/store/index.js';
import { writeToneWav } from '../delivery/helpers.js';
import { startMailServers, type MailServers } from './harness/mail.js';
import { artifactsDir, stopAll, waitUntil } from './harness/processes.js';

const SIP_DOMAIN = 'um.vm.test';

describe('delivery to Postfix + Dovecot on loopback', () => {
  let mail: MailServers;
  let store: SqliteMailboxStore;
  let delivery: Delivery;
  let work: string;
  const logDir = artifactsDir('delivery-postfix-dovecot');

  before(async () => {
    mail = await startMailServers({
      logDir,
      users: [
        { local: 'alice', password: 'secret' },
        { local: 'mallory', password: 'secret2' },
      ],
    });
    work = mkdtempSync(join(tmpdir(), 'openum-delivery-interop-'));
    store = SqliteMailboxStore.open({ dataDir: join(work, 'data') });
    await store.migrate();
    await store.syncDirectory(
      {
        dialPlans: [],
        gateways: [],
        huntGroups: [],
        mailboxPolicies: [],
        autoAttendants: [],
        users: [{ extension: '1001', name: 'Alice Example', email: 'alice@vm.test', dialPlan: 'HQ', mailboxPolicy: 'Default' }],
      },
      'config',
    );
    const lines: string[] = [];
    const log = (level: string) => (obj: Record<string, unknown>, msg?: string) => void lines.push(JSON.stringify({ level, ...obj, msg }));
    delivery = createDelivery({
      store,
      config: {
        mail: {
          smtp: { host: mail.host, port: mail.smtpPort, secure: false, maxConnections: 4 },
          from: 'Voice Mail <voicemail@um.vm.test>',
          attachMp3: false,
          imap: { host: mail.host, port: mail.imapPort, secure: false, user: '{email}*vmmaster', password: 'mastersecret', folder: 'Voice Mail' },
        },
        sip: { domain: SIP_DOMAIN },
      },
      timeZoneOf: () => 'Europe/Paris',
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    });
  });

  after(async () => {
    await delivery?.close();
    await store?.close();
    await mail?.stop();
    await stopAll();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  async function deposit(callerName: string, seconds: number, kinds: ('email' | 'imap')[]): Promise<{ message: StoredMessage; wav: Buffer }> {
    const path = join(work, `rec-${Math.random().toString(36).slice(2)}.wav`);
    const wav = writeToneWav(path, seconds);
    const message = await store.deposit(
      {
        mailbox: '1001',
        callerNumber: '+33123456789',
        callerName,
        reason: 'no-answer',
        receivedAt: new Date('2026-11-25T14:32:10Z'),
        durationMs: seconds * 1000,
        urgent: false,
        private: false,
        callId: null,
        recordingPath: path,
      },
      kinds.map((kind) => ({ kind, mailbox: '1001', subjectId: null })),
    );
    return { message, wav };
  }

  /** Runs the worker until every entry is settled; fails with the entries' errors otherwise. */
  async function drain(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await delivery.worker.runOnce();
      const open = await store.listOutbox({ states: ['pending', 'failed'] });
      if (open.length === 0) return;
      if (open.some((e) => e.state === 'failed')) break;
    }
    const open = await store.listOutbox({ states: ['pending', 'failed'] });
    assert.deepEqual(open.map((e) => `${e.kind} ${e.state} ${e.lastError ?? ''}`), [], `postfix log:\n${mail.postfixLog().slice(-2000)}`);
  }

  async function withImap<T>(user: string, password: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({ host: mail.host, port: mail.imapPort, secure: false, auth: { user, pass: password }, logger: false });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => undefined);
    }
  }

  /** UIDs in `folder` of messages with this Message-ID. */
  async function uidsOf(client: ImapFlow, folder: string, messageId: string): Promise<number[]> {
    const lock = await client.getMailboxLock(folder);
    try {
      const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      return Array.isArray(found) ? found : [];
    } finally {
      lock.release();
    }
  }

  /** Waits for the message to reach alice's INBOX, then returns its source, parsed, and raw. */
  async function fetchFromInbox(messageId: string): Promise<{ raw: Buffer; parsed: ParsedMail }> {
    return withImap('alice@vm.test', 'secret', async (client) => {
      let uids: number[] = [];
      await waitUntil(`${messageId} in alice's INBOX`, async () => (uids = await uidsOf(client, 'INBOX', messageId)).length > 0, 20_000, 100);
      assert.equal(uids.length, 1, `${messageId} arrived ${uids.length} times`);
      const lock = await client.getMailboxLock('INBOX');
      try {
        const fetched = await client.fetchOne(String(uids[0]), { source: true }, { uid: true });
        assert.ok(fetched !== false && fetched.source !== undefined);
        return { raw: fetched.source, parsed: await simpleParser(fetched.source) };
      } finally {
        lock.release();
      }
    });
  }

  it('delivers the voice mail email through Postfix to the IMAP inbox with the same WAV bytes, subject and duration', async () => {
    const { message, wav } = await deposit('Bob Sample', 3, ['email']);
    await drain();
    const { parsed } = await fetchFromInbox(`<vm-${message.id}@${SIP_DOMAIN}>`);
    assert.equal(parsed.subject, 'Voice Mail from Bob Sample (0:03)');
    assert.equal(parsed.headers.get('x-openum-duration'), '3');
    assert.equal(parsed.headers.get('x-openum-mailbox'), '1001');
    assert.equal(parsed.attachments.length, 1);
    assert.equal(parsed.attachments[0]?.filename, 'voicemail-2026-11-25-1532-Bob-Sample.wav');
    assert.ok(parsed.attachments[0]?.content.equals(wav), 'the WAV read back over IMAP differs from the recording');
    assert.match(parsed.text ?? '', /Wednesday, November 25, 2026,? (at )?3:32\sPM/u);
  });

  it('lets a hostile display name add no header and reach no other recipient', async () => {
    const { message } = await deposit('Eve\r\nBcc: mallory@vm.test\r\nX-Injected: yes', 1, ['email']);
    await drain();
    const { raw, parsed } = await fetchFromInbox(`<vm-${message.id}@${SIP_DOMAIN}>`);
    const head = raw.toString('latin1').split('\r\n\r\n', 1)[0] ?? '';
    const names = head.replace(/\r\n[ \t]+/g, ' ').split('\r\n').map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
    assert.ok(!names.includes('bcc') && !names.includes('x-injected'), `headers: ${names.join(', ')}`);
    assert.equal(parsed.bcc, undefined);
    assert.equal(parsed.subject, 'Voice Mail from Eve Bcc: mallory@vm.test X-Injected: yes (0:01)');
    assert.ok(!/to=<mallory@vm\.test>/.test(mail.postfixLog()), 'Postfix delivered to mallory');
    const malloryNew = join(mail.maildirOf('mallory'), 'new');
    assert.ok(!existsSync(malloryNew) || readdirSync(malloryNew).length === 0, 'mallory received mail');
  });

  it('appends the voice mail into an IMAP folder through a master user, once, even when the entry runs again', async () => {
    const { message, wav } = await deposit('Carol Sample', 2, ['imap']);
    await drain();
    const messageId = `<vm-${message.id}@${SIP_DOMAIN}>`;
    const first = await withImap('alice@vm.test', 'secret', (c) => uidsOf(c, 'Voice Mail', messageId));
    assert.equal(first.length, 1);

    // A second run for the same message (a retry after a lost APPEND reply, or a duplicate entry).
    await store.enqueue([{ kind: 'imap', mailbox: '1001', subjectId: message.id }]);
    await drain();
    const second = await withImap('alice@vm.test', 'secret', async (c) => {
      const uids = await uidsOf(c, 'Voice Mail', messageId);
      const lock = await c.getMailboxLock('Voice Mail');
      try {
        const fetched = await c.fetchOne(String(uids[0]), { source: true }, { uid: true });
        assert.ok(fetched !== false && fetched.source !== undefined);
        return { uids, parsed: await simpleParser(fetched.source) };
      } finally {
        lock.release();
      }
    });
    assert.deepEqual(second.uids, first, 'the message was appended twice');
    assert.equal(second.parsed.subject, 'Voice Mail from Carol Sample (0:02)');
    assert.ok(second.parsed.attachments[0]?.content.equals(wav));
    const entries = await store.listOutbox({ kinds: ['imap'] });
    assert.equal(entries.length, 2);
    assert.ok(entries.every((e) => e.state === 'delivered'));
  });
});
