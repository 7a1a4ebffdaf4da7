// A raw SIP OPTIONS over UDP, to tell when a SIP server (Kamailio, OpenUM) is up, without sipp.

import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

import { delay } from './processes.js';

export interface ProbeOptions {
  readonly host: string;
  readonly port: number;
  /** Request-URI, default `sip:<host>:<port>` (no user part: the server itself). */
  readonly requestUri?: string;
  /** How long to wait for a response to one OPTIONS, default 500 ms. */
  readonly answerTimeoutMs?: number;
  /** Local address to send from, default 127.0.0.1 (a trusted gateway in the tests' configs). */
  readonly localHost?: string;
  /** Local port to send from, default any. */
  readonly localPort?: number;
}

/** Sends one OPTIONS and resolves with the status code of the first response, or undefined. */
export function sipOptionsOnce(options: ProbeOptions): Promise<number | undefined> {
  const localHost = options.localHost ?? '127.0.0.1';
  const socket = createSocket('udp4');
  const branch = `z9hG4bK-probe-${randomBytes(6).toString('hex')}`;
  const callId = `probe-${randomBytes(8).toString('hex')}@${localHost}`;
  const uri = options.requestUri ?? `sip:${options.host}:${options.port}`;
  return new Promise((resolveStatus) => {
    let done = false;
    const finish = (status: number | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolveStatus(status);
    };
    const timer = setTimeout(() => finish(undefined), options.answerTimeoutMs ?? 500);
    socket.on('error', () => finish(undefined));
    socket.on('message', (data) => {
      const match = /^SIP\/2\.0 (\d{3}) /.exec(data.toString('latin1'));
      if (match?.[1] !== undefined && data.includes(branch)) {
        const status = Number(match[1]);
        if (status >= 200) finish(status);
      }
    });
    socket.bind(options.localPort ?? 0, localHost, () => {
      const localPort = socket.address().port;
      const message = [
        `OPTIONS ${uri} SIP/2.0`,
        `Via: SIP/2.0/UDP ${localHost}:${localPort};branch=${branch};rport`,
        'Max-Forwards: 70',
        `From: <sip:probe@${localHost}:${localPort}>;tag=${randomBytes(4).toString('hex')}`,
        `To: <${uri}>`,
        `Call-ID: ${callId}`,
        'CSeq: 1 OPTIONS',
        `Contact: <sip:probe@${localHost}:${localPort}>`,
        'Accept: application/sdp',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      socket.send(message, options.port, options.host, (error) => {
        if (error) finish(undefined);
      });
    });
  });
}

/**
 * Repeats OPTIONS until a final response arrives; resolves with its status, rejects after
 * timeoutMs with a message naming the server.
 */
export async function waitForSipAnswer(options: ProbeOptions & { readonly timeoutMs: number; readonly what?: string }): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const status = await sipOptionsOnce(options);
    if (status !== undefined) return status;
    if (Date.now() >= deadline) {
      throw new Error(`${options.what ?? 'SIP server'} at ${options.host}:${options.port} did not answer OPTIONS within ${options.timeoutMs} ms`);
    }
    await delay(100);
  }
}
