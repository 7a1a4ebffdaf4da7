import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { responseTarget } from '../../../src/sip/transport/responseRouting.js';
import { Inbox, okFor, requestBytes, startServer, type TestServer } from './fixtures.js';

function clientSocket(): Promise<{ socket: Socket; port: number; inbox: Inbox<Buffer> }> {
  const socket = createSocket('udp4');
  const inbox = new Inbox<Buffer>();
  socket.on('message', (data) => inbox.push(data));
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve({ socket, port: socket.address().port, inbox })));
}

describe('RFC 3261 §18 SIP over UDP', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer([{ transport: 'udp', host: '127.0.0.1', port: 0 }], {}, (inbound, manager) => {
      if (inbound.message.type === 'request' && inbound.message.callId.startsWith('answer')) {
        void manager.send(okFor(inbound.message), responseTarget(inbound.message.via[0]!, inbound.source));
      }
    });
  });
  after(() => server.manager.close());

  it('binds port 0 and reports the real port', () => {
    assert.ok(server.local('UDP').port > 0);
    assert.deepEqual(server.manager.viaSentBy('UDP'), { host: '127.0.0.1', port: server.local('UDP').port });
  });

  it('delivers a request with received/rport stamped and sends the response to source IP and port (RFC 3581 §4)', async () => {
    const client = await clientSocket();
    try {
      const request = requestBytes({ via: 'SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bKu1', callId: 'answer-1' });
      client.socket.send(request, server.local('UDP').port, '127.0.0.1');
      const inbound = await server.messages.next();
      assert.deepEqual(inbound.source, { transport: 'UDP', address: '127.0.0.1', port: client.port });
      assert.deepEqual(inbound.local, server.local('UDP'));
      assert.deepEqual(inbound.raw, request);
      const response = (await client.inbox.next()).toString('latin1');
      assert.match(response, /^SIP\/2\.0 200 OK\r\n/);
      assert.match(response, new RegExp(`Via: SIP/2.0/UDP 192.0.2.1:5060;rport=${client.port};branch=z9hG4bKu1;received=127.0.0.1\r\n`));
    } finally {
      client.socket.close();
    }
  });

  it('reports a garbage datagram to onParseError with its bytes and source, and keeps serving', async () => {
    const client = await clientSocket();
    try {
      const garbage = Buffer.from([0x16, 0x03, 0x01, 0xff, 0x00, 0x41, 0x42]);
      client.socket.send(garbage, server.local('UDP').port, '127.0.0.1');
      const failure = await server.parseErrors.next();
      assert.deepEqual(failure.raw, garbage);
      assert.deepEqual(failure.source, { transport: 'UDP', address: '127.0.0.1', port: client.port });
      client.socket.send(requestBytes({ via: 'SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKu2', callId: 'after-garbage' }), server.local('UDP').port, '127.0.0.1');
      assert.equal((await server.messages.next()).message.callId, 'after-garbage');
    } finally {
      client.socket.close();
    }
  });

  it('ignores CRLF keep-alive datagrams without reporting a parse error', async () => {
    const client = await clientSocket();
    try {
      client.socket.send(Buffer.from('\r\n\r\n'), server.local('UDP').port, '127.0.0.1');
      client.socket.send(requestBytes({ via: 'SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKu3', callId: 'after-ping' }), server.local('UDP').port, '127.0.0.1');
      assert.equal((await server.messages.next()).message.callId, 'after-ping');
      assert.equal(server.parseErrors.length, 0);
    } finally {
      client.socket.close();
    }
  });

  it('sends from the listener socket, so the peer sees our Via sent-by port as the source (§18.1.1)', async () => {
    const peer = await startServer([{ transport: 'udp', host: '127.0.0.1', port: 0 }]);
    try {
      const sentBy = server.manager.viaSentBy('UDP');
      const request = requestBytes({ via: `SIP/2.0/UDP ${sentBy.host}:${sentBy.port};branch=z9hG4bKu4`, callId: 'outbound' });
      await server.manager.sendRaw(request, peer.local('UDP'));
      const inbound = await peer.messages.next();
      assert.equal(inbound.source.port, sentBy.port);
      assert.equal(inbound.message.via[0]!.params.has('received'), false);
    } finally {
      await peer.manager.close();
    }
  });

  it('refuses to send a message larger than the datagram limit', async () => {
    const small = await startServer([{ transport: 'udp', host: '127.0.0.1', port: 0 }], { limits: { maxDatagramSize: 100 } });
    try {
      await assert.rejects(
        small.manager.sendRaw(Buffer.alloc(101, 0x41), { transport: 'UDP', address: '127.0.0.1', port: 9 }),
        { code: 'SIP_TRANSPORT_DATAGRAM_TOO_LARGE' },
      );
    } finally {
      await small.manager.close();
    }
  });
});
