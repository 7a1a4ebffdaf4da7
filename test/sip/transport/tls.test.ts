import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { connect } from 'node:tls';
import { responseTarget } from '../../../src/sip/transport/responseRouting.js';
import { okFor, requestBytes, selfSignedCertificate, startServer, type TestServer } from './fixtures.js';

describe('RFC 3261 §18 / §26.2.1 SIP over TLS', () => {
  let certificate: ReturnType<typeof selfSignedCertificate>;
  let server: TestServer;
  before(async () => {
    certificate = selfSignedCertificate();
    server = await startServer(
      [{ transport: 'tls', host: '127.0.0.1', port: 0, cert: certificate.cert, key: certificate.key }],
      { tlsClient: { ca: certificate.cert } },
      (inbound, manager) => {
        if (inbound.message.type === 'request') {
          void manager.send(okFor(inbound.message), responseTarget(inbound.message.via[0]!, inbound.source)).catch(() => {});
        }
      },
    );
  });
  after(async () => {
    await server.manager.close();
    certificate.remove();
  });

  it('receives a request from a TLS client that verifies our certificate, and answers on that connection', async () => {
    const socket = connect({ host: '127.0.0.1', port: server.local('TLS').port, ca: readFileSync(certificate.cert) });
    try {
      socket.on('error', () => {});
      await once(socket, 'secureConnect');
      assert.equal(socket.authorized, true);
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.write(requestBytes({ via: 'SIP/2.0/TLS client.invalid:5061;branch=z9hG4bKtls1', callId: 'tls-1' }));
      const inbound = await server.messages.next();
      assert.equal(inbound.source.transport, 'TLS');
      assert.match(inbound.source.connectionId ?? '', /^tls-/);
      assert.equal(inbound.message.via[0]!.params.get('received'), '127.0.0.1');
      const deadline = Date.now() + 2000;
      while (!Buffer.concat(chunks).includes('\r\n\r\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      assert.match(Buffer.concat(chunks).toString('latin1'), /^SIP\/2\.0 200 OK\r\n[\s\S]*Call-ID: tls-1\r\n/);
    } finally {
      socket.destroy();
    }
  });

  it('connects out over TLS, verifying the peer against the configured CA, and gets the answer back', async () => {
    const client = await startServer([{ transport: 'udp', host: '127.0.0.1', port: 0 }], { tlsClient: { ca: certificate.cert } });
    try {
      await client.manager.sendRaw(
        requestBytes({ via: 'SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bKtls2', callId: 'tls-2' }),
        server.local('TLS'),
      );
      assert.equal((await server.messages.next()).message.callId, 'tls-2');
      const response = await client.messages.next();
      assert.equal(response.message.type, 'response');
      assert.equal(response.source.transport, 'TLS');
    } finally {
      await client.manager.close();
    }
  });

  it('refuses to send to a TLS peer whose certificate it cannot verify', async () => {
    const client = await startServer([{ transport: 'udp', host: '127.0.0.1', port: 0 }]);
    try {
      await assert.rejects(
        client.manager.sendRaw(Buffer.from('x'), server.local('TLS')),
        { code: 'SIP_TRANSPORT_SEND_FAILED' },
      );
      assert.equal(client.manager.connectionCount, 0);
    } finally {
      await client.manager.close();
    }
  });
});
