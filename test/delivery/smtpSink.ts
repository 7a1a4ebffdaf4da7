// An SMTP server on loopback (the smtp-server library) that keeps what it receives, for delivery
// tests. Rules decide per recipient or per message whether to accept, defer (4xx) or reject (5xx).
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  /** The Message-ID header as written (`<...>`), or '' when absent. */
  messageId: string;
}

export interface SmtpSinkOptions {
  /** Port to listen on (default: any free one). */
  port?: number;
  /** A reply for RCPT TO, e.g. `{ code: 550, text: 'no such user' }`; undefined accepts. */
  onRcpt?: (address: string) => { code: number; text: string } | undefined;
  /** A reply after DATA; undefined accepts. */
  onData?: (raw: Buffer) => { code: number; text: string } | undefined;
}

export interface SmtpSink {
  readonly port: number;
  readonly received: ReceivedMail[];
  close(): Promise<void>;
}

function smtpError(reply: { code: number; text: string }): Error {
  return Object.assign(new Error(reply.text), { responseCode: reply.code });
}

function messageIdOf(raw: Buffer): string {
  const head = raw.toString('latin1').split('\r\n\r\n', 1)[0] ?? '';
  const match = /^Message-ID:\s*(<[^>\r\n]*>)/im.exec(head.replace(/\r\n[ \t]+/g, ' '));
  return match?.[1] ?? '';
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const reply = options.onRcpt?.(address.address);
      callback(reply === undefined ? null : smtpError(reply));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const reply = options.onData?.(raw);
        if (reply !== undefined) {
          callback(smtpError(reply));
          return;
        }
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, messageId: messageIdOf(raw) });
        callback(null);
      });
    },
  });
  server.on('error', () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.server.once('error', onError);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.server.off('error', onError);
      const address = server.server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
