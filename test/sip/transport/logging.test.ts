import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { TransportLogger } from '../../../src/sip/transport/index.js';
import { startServer } from './fixtures.js';

describe('transport logging', () => {
  it('takes a pino logger as is and logs one line naming the code when it closes an over-cap connection', async () => {
    const lines: string[] = [];
    const logger: TransportLogger = pino({ level: 'warn' }, { write: (line: string) => { lines.push(line); } });
    const server = await startServer([{ transport: 'tcp', host: '127.0.0.1', port: 0 }], { logger, limits: { maxHeaderBytes: 1024 } });
    const client = connect({ host: '127.0.0.1', port: server.local('TCP').port });
    client.on('error', () => {});
    try {
      const closed = once(client, 'close');
      client.write(`OPTIONS sip:x SIP/2.0\r\nX-Long: ${'y'.repeat(2000)}`);
      await closed;
      const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.code === 'SIP_TRANSPORT_HEADER_TOO_LARGE');
      assert.ok(warning, `log lines: ${lines.join('')}`);
      assert.match(String(warning.msg), /^closing SIP connection: header block exceeds 1024 bytes/);
    } finally {
      client.destroy();
      await server.manager.close();
    }
  });
});
