import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { classifySmtpError, createDelivery, type Delivery } from '../../../src/delivery/index.js';
import type { MailConfig } from '../../../src/config/index.js';
import type { SqliteMailboxStore } from '../../../src/store/index.js';
import { depositTone, ManualWallClock, openTestStore, recordingLogger } from '../helpers.js';
import { startSmtpSink, type SmtpSink } from '../smtpSink.js';

const SIP_DOMAIN = 'um.example.test';

/** A loopback port with nothing listening on it (connections are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function mailConfig(port: number, extra: Partial<MailConfig> = {}): MailConfig {
  return { smtp: { host: '127.0.0.1', port, secure: false, maxConnections: 4 }, from: 'Voice Mail <voicemail@um.example.test>', attachMp3: false, ...extra };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(port: number, extra: Partial<MailConfig> = {}) {
  const clock = new ManualWallClock();
  const opened = await openTestStore(clock);
  const logger = recordingLogger();
  const delivery = createDelivery({
    store: opened.store,
    config: { mail: mailConfig(port, extra), sip: { domain: SIP_DOMAIN } },
    timeZoneOf: () => 'Europe/Berlin',
    logger,
    clock,
    worker: { random: () => 0 },
  });
  cleanups.push(async () => {
    await delivery.close();
    await opened.close();
  });
  return { clock, store: opened.store, dir: opened.dir, logger, delivery };
}

async function sink(options: Parameters<typeof startSmtpSink>[0] = {}): Promise<SmtpSink> {
  const s = await startSmtpSink(options);
  cleanups.push(() => s.close());
  return s;
}

async function only(store: SqliteMailboxStore) {
  const [entry, ...rest] = await store.listOutbox();
  assert.equal(rest.length, 0);
  assert.ok(entry !== undefined);
  return entry;
}

describe('SMTP delivery of voice mail', () => {
  it('sends the voice mail email to the user with the recording attached, and marks the entry delivered', async () => {
    const smtp = await sink();
    const { store, dir, delivery } = await setup(smtp.port);
    const { message, wav } = await depositTone(store, dir, { seconds: 1 });
    assert.deepEqual([...delivery.kinds].sort(), ['email', 'missed-call']);
    assert.equal(await delivery.worker.runOnce(), 1);
    assert.equal((await only(store)).state, 'delivered');
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0]!;
    assert.equal(mail.from, 'voicemail@um.example.test');
    assert.deepEqual(mail.to, ['alice@example.test']);
    assert.equal(mail.messageId, `<vm-${message.id}@${SIP_DOMAIN}>`);
    const parsed = await simpleParser(mail.raw);
    assert.equal(parsed.subject, 'Voice Mail from Bob Sample (0:01)');
    assert.ok(parsed.attachments[0]?.content.equals(wav));
    assert.match(parsed.text ?? '', /Wednesday, November 25, 2026,? (at )?3:32\sPM GMT\+1/u);
  });

  it('attaches an MP3 as well with mail.attachMp3', async () => {
    const smtp = await sink();
    const { store, dir, delivery } = await setup(smtp.port, { attachMp3: true });
    await depositTone(store, dir, { seconds: 1 });
    await delivery.worker.runOnce();
    const parsed = await simpleParser(smtp.received[0]!.raw);
    assert.deepEqual(parsed.attachments.map((a) => a.contentType), ['audio/wav', 'audio/mpeg']);
    assert.ok((parsed.attachments[1]?.content.length ?? 0) > 1000);
  });

  it('fails the entry for good when the server rejects the recipient with 550', async () => {
    const smtp = await sink({ onRcpt: () => ({ code: 550, text: '5.1.1 No such user here' }) });
    const { store, dir, delivery } = await setup(smtp.port);
    await depositTone(store, dir);
    await delivery.worker.runOnce();
    const entry = await only(store);
    assert.equal(entry.state, 'failed');
    assert.match(entry.lastError ?? '', /^DELIVERY_SMTP_REJECTED: SMTP server refused the message: 550 .*No such user here/);
    assert.equal(smtp.received.length, 0);
  });

  it('retries when the server defers with 451, and delivers once it accepts', async () => {
    let defer = true;
    const smtp = await sink({ onData: () => (defer ? { code: 451, text: '4.3.0 try again later' } : undefined) });
    const { store, dir, delivery, clock } = await setup(smtp.port);
    await depositTone(store, dir);
    await delivery.worker.runOnce();
    let entry = await only(store);
    assert.equal(entry.state, 'pending');
    assert.match(entry.lastError ?? '', /^DELIVERY_SMTP_UNAVAILABLE: .*451/);
    defer = false;
    clock.advance(5_000);
    await delivery.worker.runOnce();
    entry = await only(store);
    assert.equal(entry.state, 'delivered');
    assert.equal(smtp.received.length, 1);
  });

  it('retries when the connection is refused', async () => {
    const { store, dir, delivery } = await setup(await closedPort());
    await depositTone(store, dir);
    await delivery.worker.runOnce();
    const entry = await only(store);
    assert.equal(entry.state, 'pending');
    assert.match(entry.lastError ?? '', /^DELIVERY_SMTP_UNAVAILABLE: .*(ECONNECTION|ECONNREFUSED)/);
  });

  it('fails the entry with a clear reason when the user has no email address', async () => {
    const smtp = await sink();
    const { store, dir, delivery } = await setup(smtp.port);
    await depositTone(store, dir, { mailbox: '1002' });
    await delivery.worker.runOnce();
    const entry = await only(store);
    assert.equal(entry.state, 'failed');
    assert.match(entry.lastError ?? '', /^DELIVERY_NO_EMAIL: user 1002 has no email address/);
    assert.equal(smtp.received.length, 0);
  });

  it('fails the entry when the recording is gone', async () => {
    const smtp = await sink();
    const { store, dir, delivery } = await setup(smtp.port);
    const { message } = await depositTone(store, dir);
    rmSync(message.audioPath);
    await delivery.worker.runOnce();
    const entry = await only(store);
    assert.equal(entry.state, 'failed');
    assert.match(entry.lastError ?? '', /^DELIVERY_AUDIO_MISSING: .*ENOENT/);
  });

  it('sends the missed-call email for a missed-call entry', async () => {
    const smtp = await sink();
    const { store, delivery } = await setup(smtp.port);
    const call = await store.recordMissedCall(
      { mailbox: '1001', callerNumber: '+15557654321', callerName: 'Carol', reason: 'busy', at: new Date('2026-11-25T10:00:00Z'), callId: null },
      [{ kind: 'missed-call', mailbox: '1001', subjectId: null }],
    );
    await delivery.worker.runOnce();
    assert.equal((await only(store)).state, 'delivered');
    assert.equal(smtp.received[0]?.messageId, `<mc-${call.id}@${SIP_DOMAIN}>`);
    const parsed = await simpleParser(smtp.received[0]!.raw);
    assert.equal(parsed.subject, 'Missed call from Carol');
  });
});

describe('SMTP failure classification (RFC 5321 §4.2.1)', () => {
  const table: [string, object, boolean, string][] = [
    ['550 unknown user', { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 unknown' }, true, 'DELIVERY_SMTP_REJECTED'],
    ['552 message too big', { code: 'EMESSAGE', responseCode: 552, response: '552 too big' }, true, 'DELIVERY_SMTP_REJECTED'],
    ['554 transaction failed', { code: 'EMESSAGE', responseCode: 554 }, true, 'DELIVERY_SMTP_REJECTED'],
    ['503 bad sequence: a session problem', { code: 'EPROTOCOL', responseCode: 503 }, false, 'DELIVERY_SMTP_UNAVAILABLE'],
    ['535 authentication failed: our configuration', { code: 'EAUTH', responseCode: 535 }, false, 'DELIVERY_SMTP_UNAVAILABLE'],
    ['421 service not available', { code: 'EENVELOPE', responseCode: 421 }, false, 'DELIVERY_SMTP_UNAVAILABLE'],
    ['452 insufficient storage', { code: 'EENVELOPE', responseCode: 452 }, false, 'DELIVERY_SMTP_UNAVAILABLE'],
    ['connection refused', { code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' }, false, 'DELIVERY_SMTP_UNAVAILABLE'],
    ['timeout', { code: 'ETIMEDOUT', message: 'Connection timeout' }, false, 'DELIVERY_SMTP_UNAVAILABLE'],
    ['a thrown string', { toString: () => 'weird' }, false, 'DELIVERY_SMTP_UNAVAILABLE'],
  ];
  for (const [what, error, permanent, code] of table) {
    it(`${what} → ${permanent ? 'permanent' : 'temporary'}`, () => {
      const e = classifySmtpError(Object.assign(new Error(String((error as { message?: string }).message ?? 'x')), error));
      assert.equal(e.permanent, permanent);
      assert.equal(e.code, code);
    });
  }

  it('keeps a hostile server reply to one line', () => {
    const e = classifySmtpError(Object.assign(new Error('x'), { responseCode: 550, response: '550 bad\r\nX-Evil: 1\u0000' }));
    assert.ok(!/[\r\n\u0000]/.test(e.message), JSON.stringify(e.message));
  });
});

describe('fault: SMTP down during 50 deposits', () => {
  it('keeps all 50 pending while SMTP is down; once it is back, delivers each exactly once', async () => {
    const port = await closedPort();
    const clock = new ManualWallClock();
    const opened = await openTestStore(clock);
    const { store, dir } = opened;
    const logger = recordingLogger();
    const delivery: Delivery = createDelivery({
      store,
      config: { mail: mailConfig(port), sip: { domain: SIP_DOMAIN } },
      timeZoneOf: () => 'UTC',
      logger,
      clock,
      worker: { pollMs: 20, batch: 20, concurrency: { email: 4 } },
    });
    cleanups.push(async () => {
      await delivery.close();
      await opened.close();
    });

    // SMTP is down: every deposit is kicked at once, as the server does, and every attempt fails.
    delivery.worker.start();
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { message } = await depositTone(store, dir, { seconds: 0.2 });
      ids.add(message.id);
      delivery.worker.kick();
    }
    const pendingAfterAttempts = async (): Promise<boolean> => {
      const all = await store.listOutbox({ limit: 100 });
      return all.length === 50 && all.every((e) => e.state === 'pending' && e.attempts >= 1);
    };
    const deadline = Date.now() + 30_000;
    while (!(await pendingAfterAttempts())) {
      assert.ok(Date.now() < deadline, 'not every entry was tried while SMTP was down');
      await new Promise((r) => setTimeout(r, 20));
    }
    const down = await store.listOutbox({ limit: 100 });
    assert.equal(down.length, 50);
    assert.ok(down.every((e) => e.state === 'pending' && (e.lastError ?? '').startsWith('DELIVERY_SMTP_UNAVAILABLE')));

    // SMTP comes back on the same port; the backoff (at most 15 min) passes.
    const smtp = await startSmtpSink({ port });
    cleanups.push(() => smtp.close());
    clock.advance(16 * 60_000);
    delivery.worker.kick();
    const deliveredDeadline = Date.now() + 60_000;
    while ((await store.listOutbox({ states: ['delivered'], limit: 100 })).length < 50) {
      assert.ok(Date.now() < deliveredDeadline, `only ${smtp.received.length} of 50 arrived`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await delivery.close();

    const received = smtp.received.map((m) => m.messageId);
    assert.equal(received.length, 50, 'a message was sent twice or lost');
    assert.equal(new Set(received).size, 50, 'duplicate Message-IDs received');
    assert.deepEqual(new Set(received), new Set([...ids].map((id) => `<vm-${id}@${SIP_DOMAIN}>`)));
    assert.equal((await store.listOutbox({ states: ['pending', 'failed'], limit: 100 })).length, 0);
  });
});
