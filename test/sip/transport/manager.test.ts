import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { describe, it } from 'node:test';
import { TransportManager } from '../../../src/sip/transport/manager.js';
import { requestBytes, selfSignedCertificate, startServer, testCodec } from './fixtures.js';

const NETWORK = new Set(['UDPWrap', 'TCPServerWrap', 'TCPSocketWrap', 'TLSWrap', 'TCPWrap', 'Timeout']);

/** Sockets, servers and ref'd timers alive now, after letting pending closes finish. */
async function handles(): Promise<string[]> {
  await new Promise((r) => setTimeout(r, 20));
  return process.getActiveResourcesInfo().filter((r) => NETWORK.has(r)).sort();
}

function newManager(listen: ConstructorParameters<typeof TransportManager>[0]['listen']): TransportManager {
  return new TransportManager({ listen, codec: testCodec, onMessage: () => {}, onParseError: () => {} });
}

describe('TransportManager lifecycle', () => {
  it('rejects start() naming the transport and host:port when UDP is already bound (EADDRINUSE)', async () => {
    const blocker = createSocket('udp4');
    blocker.bind(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = blocker.address().port;
    const manager = newManager([{ transport: 'udp', host: '127.0.0.1', port }]);
    try {
      await assert.rejects(manager.start(), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'SIP_TRANSPORT_BIND_FAILED');
        assert.match(err.message, new RegExp(`UDP 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
        return true;
      });
    } finally {
      await manager.close();
      blocker.close();
    }
  });

  it('rejects start() when a TCP port is taken, closing the listeners it had already bound', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    const before = await handles();
    const manager = newManager([
      { transport: 'udp', host: '127.0.0.1', port: 0 },
      { transport: 'tcp', host: '127.0.0.1', port },
    ]);
    try {
      await assert.rejects(manager.start(), new RegExp(`TCP 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
      assert.deepEqual(await handles(), before, 'the UDP socket bound first was closed');
    } finally {
      await manager.close();
      blocker.close();
    }
  });

  it('rejects start() with SIP_TRANSPORT_TLS_CONFIG naming a missing certificate file', async () => {
    const manager = newManager([{ transport: 'tls', host: '127.0.0.1', port: 0, cert: '/nonexistent/c.pem', key: '/nonexistent/k.pem' }]);
    await assert.rejects(manager.start(), { code: 'SIP_TRANSPORT_TLS_CONFIG', message: /\/nonexistent\/c\.pem/ });
    await manager.close();
  });

  it('reports real ports for every listener and a Via sent-by per transport', async () => {
    const certificate = selfSignedCertificate();
    const server = await startServer([
      { transport: 'udp', host: '127.0.0.1', port: 0 },
      { transport: 'tcp', host: '127.0.0.1', port: 0 },
      { transport: 'tls', host: '127.0.0.1', port: 0, cert: certificate.cert, key: certificate.key },
      { transport: 'udp', host: '0.0.0.0', port: 0, advertisedHost: 'um.example.com' },
    ]);
    try {
      const locals = server.manager.localEndpoints();
      assert.deepEqual(locals.map((e) => e.transport), ['UDP', 'UDP', 'TCP', 'TLS']);
      for (const e of locals) assert.ok(e.port > 0);
      assert.deepEqual(server.manager.viaSentBy('TLS'), { host: '127.0.0.1', port: server.local('TLS').port });
      assert.throws(() => newManager([]).viaSentBy('UDP'), { code: 'SIP_TRANSPORT_NOT_AVAILABLE' });
    } finally {
      await server.manager.close();
      certificate.remove();
    }
  });

  it('close() is idempotent, closes every socket and connection, and leaves no open handle', async () => {
    const before = await handles();
    const server = await startServer([
      { transport: 'udp', host: '127.0.0.1', port: 0 },
      { transport: 'tcp', host: '127.0.0.1', port: 0 },
    ]);
    const client = connect({ host: '127.0.0.1', port: server.local('TCP').port });
    client.on('error', () => {});
    const clientClosed = once(client, 'close');
    client.write(requestBytes({ via: 'SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKm1' }));
    await server.messages.next();
    assert.equal(server.manager.connectionCount, 1);
    await Promise.all([server.manager.close(), server.manager.close()]);
    await server.manager.close();
    await clientClosed;
    assert.equal(server.manager.connectionCount, 0);
    assert.deepEqual(await handles(), before);
    await assert.rejects(
      server.manager.sendRaw(Buffer.from('x'), { transport: 'UDP', address: '127.0.0.1', port: 9 }),
      { code: 'SIP_TRANSPORT_CLOSED' },
    );
  });
});
