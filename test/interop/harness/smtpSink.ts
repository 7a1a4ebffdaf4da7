// An SMTP server on loopback (the smtp-server library) that keeps every message it accepts,
// parsed with mailparser, with the time it accepted it. Tests point OpenUM's `mail.smtp` at it
// and can stop and restart it on the same port to play "mail server down".

import { once } from 'node:events';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './processes.js';

export interface ReceivedMail {
  /** Date.now() when the DATA was accepted (250 sent). */
  acceptedAt: number;
  raw: Buffer;
  /** The Message-ID header (from the raw header block), with its angle brackets. */
  messageId: string | null;
  /** mailparser's view; an empty stand-in when the sink was started with `parse: false`. */
  parsed: ParsedMail;
  envelopeTo: string[];
}

export interface SmtpSinkOptions {
  port?: number;
  /** Parse each message with mailparser (default true). Benchmarks turn it off: the sink then costs little. */
  parse?: boolean;
}

function headerMessageId(raw: Buffer): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 65536) : end).toString('latin1');
  return /^Message-ID:\s*(<[^>\r\n]*>)/im.exec(head)?.[1] ?? null;
}

export interface SmtpSink {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Resolves once `count` messages have been accepted in all (or rejects after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the first accepted message matching `match` (polling every 50 ms). */
  find(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Stops listening (connections refused) until start() again. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const listenPort = options.port ?? (await freePort('tcp'));
  const parse = options.parse ?? true;
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let server: SMTPServer | null = null;

  const make = (): SMTPServer =>
    new SMTPServer({
      authOptional: true,
      // No reverse DNS of the client: on a machine without DNS each lookup waits for a timeout.
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const parsing = parse ? simpleParser(raw) : Promise.resolve({ attachments: [], headers: new Map(), headerLines: [], html: false } as unknown as ParsedMail);
          parsing
            .then((parsed) => {
              received.push({ acceptedAt: Date.now(), raw, messageId: headerMessageId(raw), parsed, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
              for (const w of waiters.filter((w) => received.length >= w.count)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve();
              }
              callback();
            })
            .catch((err: Error) => callback(err));
        });
      },
    });

  const sink: SmtpSink = {
    port: listenPort,
    received,
    async start() {
      if (server) return;
      server = make();
      server.listen(listenPort, '127.0.0.1');
      await once(server.server, 'listening');
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async find(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = received.find(match);
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`SMTP sink: no matching message after ${timeoutMs} ms (${received.length} received)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    waitFor(count, timeoutMs = 30_000) {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`SMTP sink: ${received.length} of ${count} messages after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
  };
  await sink.start();
  return sink;
}
