import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { TransportError } from '../../../src/sip/transport/errors.js';
import { responseTarget } from '../../../src/sip/transport/responseRouting.js';
import { StreamFramer } from '../../../src/sip/transport/streamFramer.js';
import { Inbox, okFor, requestBytes, seededRandom, startServer, type TestServer } from './fixtures.js';

/** A raw TCP client that collects the bytes it receives and notes when the server closes. */
async function rawClient(port: number): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  const socket = connect({ host: '127.0.0.1', port });
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => {});
  const closed = once(socket, 'close').then(() => undefined);
  await once(socket, 'connect');
  return { socket, received: () => Buffer.concat(chunks), closed };
}

/** Waits until `check` is true, polling every 5 ms, for at most `ms`. */
async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A plain TCP server standing in for a peer's SIP listener; frames what it receives. */
async function peerListener(): Promise<{ server: Server; port: number; messages: Inbox<Buffer>; sockets: Set<Socket> }> {
  const messages = new Inbox<Buffer>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const framer = new StreamFramer({ maxHeaderBytes: 65536, maxBodyBytes: 65536 });
    socket.on('data', (c: Buffer) => {
      for (const e of framer.push(c)) if (e.kind === 'message') messages.push(e.data);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { server, port: address.port, messages, sockets };
}

describe('RFC 3261 §18 SIP over TCP', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(
      [{ transport: 'tcp', host: '127.0.0.1', port: 0 }],
      { limits: { maxHeaderBytes: 4096, maxBodyBytes: 4096 } },
      (inbound, manager) => {
        if (inbound.message.type === 'request' && inbound.message.callId.startsWith('answer')) {
          void manager.send(okFor(inbound.message), responseTarget(inbound.message.via[0]!, inbound.source)).catch(() => {});
        }
      },
    );
  });
  after(() => server.manager.close());

  it('frames the same bytes identically however the stream is split (seeded, §18.3)', async () => {
    const messages = [0, 1, 2].map((i) => requestBytes({ via: `SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKs${i}`, callId: `split-${i}`, body: `body ${i}\r\n` }));
    const stream = Buffer.concat(messages);
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      const client = await rawClient(server.local('TCP').port);
      try {
        let at = 0;
        while (at < stream.length) {
          const n = 1 + Math.floor(random() * 60);
          client.socket.write(stream.subarray(at, at + n));
          at += n;
          await new Promise((r) => setImmediate(r));
        }
        for (let i = 0; i < messages.length; i++) {
          const inbound = await server.messages.next();
          assert.deepEqual(inbound.raw, messages[i], `seed ${seed}, message ${i}`);
          assert.equal(inbound.message.body.toString(), `body ${i}\r\n`);
        }
      } finally {
        client.socket.destroy();
      }
    }
  });

  it('delivers two messages that arrive in one segment, both tagged with the same connection', async () => {
    const client = await rawClient(server.local('TCP').port);
    try {
      const a = requestBytes({ via: 'SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKt1', callId: 'one' });
      const b = requestBytes({ via: 'SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKt2', callId: 'two' });
      client.socket.write(Buffer.concat([a, b]));
      const first = await server.messages.next();
      const second = await server.messages.next();
      assert.deepEqual([first.message.callId, second.message.callId], ['one', 'two']);
      assert.ok(first.source.connectionId);
      assert.equal(first.source.connectionId, second.source.connectionId);
      assert.equal(first.source.port, client.socket.localPort);
    } finally {
      client.socket.destroy();
    }
  });

  it('answers a double-CRLF keep-alive ping with a single CRLF pong (RFC 5626 §3.5.1)', async () => {
    const client = await rawClient(server.local('TCP').port);
    try {
      client.socket.write('\r\n\r\n');
      await until(() => client.received().length >= 2);
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(client.received().toString('latin1'), '\r\n');
    } finally {
      client.socket.destroy();
    }
  });

  it('sends the response over the connection the request came on (§18.2.2)', async () => {
    const client = await rawClient(server.local('TCP').port);
    try {
      client.socket.write(requestBytes({ via: 'SIP/2.0/TCP 192.0.2.7:5099;branch=z9hG4bKt3', callId: 'answer-same' }));
      assert.equal((await server.messages.next()).message.callId, 'answer-same');
      await until(() => client.received().includes('\r\n\r\n'));
      const response = client.received().toString('latin1');
      assert.match(response, /^SIP\/2\.0 200 OK\r\n/);
      assert.match(response, /Via: SIP\/2\.0\/TCP 192\.0\.2\.7:5099;branch=z9hG4bKt3;received=127\.0\.0\.1\r\n/);
    } finally {
      client.socket.destroy();
    }
  });

  it('opens a new connection to received and sent-by port when the request connection is gone (§18.2.2)', async () => {
    const peer = await peerListener();
    const client = await rawClient(server.local('TCP').port);
    try {
      client.socket.write(requestBytes({ via: `SIP/2.0/TCP localhost:${peer.port};branch=z9hG4bKt4`, callId: 'late' }));
      const inbound = await server.messages.next();
      client.socket.destroy();
      await until(() => server.manager.connectionCount === 0);
      const target = responseTarget(inbound.message.via[0]!, inbound.source);
      assert.deepEqual({ ...target, connectionId: undefined }, { transport: 'TCP', address: '127.0.0.1', port: peer.port, connectionId: undefined });
      await server.manager.send(okFor(inbound.message), target);
      const response = (await peer.messages.next()).toString('latin1');
      assert.match(response, /^SIP\/2\.0 200 OK\r\n[\s\S]*Call-ID: late\r\n/);
      // A second message to the same peer reuses that connection (§18.1.1).
      await server.manager.send(okFor(inbound.message), target);
      await peer.messages.next();
      assert.equal(peer.sockets.size, 1);
    } finally {
      client.socket.destroy();
      for (const s of peer.sockets) s.destroy();
      peer.server.close();
    }
  });

  it('closes a connection whose header block never ends once it passes the buffer cap', async () => {
    const client = await rawClient(server.local('TCP').port);
    try {
      client.socket.write('INVITE sip:um@127.0.0.1 SIP/2.0\r\n');
      const line = `X-Flood: ${'x'.repeat(200)}\r\n`;
      let closed = false;
      void client.closed.then(() => { closed = true; });
      for (let i = 0; i < 200 && !closed; i++) {
        client.socket.write(line);
        await new Promise((r) => setImmediate(r));
      }
      await client.closed;
      const failure = await server.parseErrors.next();
      assert.ok(failure.err instanceof TransportError);
      assert.equal(failure.err.code, 'SIP_TRANSPORT_HEADER_TOO_LARGE');
      assert.equal(failure.source.connectionId !== undefined, true);
    } finally {
      client.socket.destroy();
    }
  });

  it('reports a bad Content-Length to onParseError and closes the connection (the stream cannot resync)', async () => {
    const client = await rawClient(server.local('TCP').port);
    try {
      const bad = Buffer.from('OPTIONS sip:um@127.0.0.1 SIP/2.0\r\nCall-ID: x\r\nContent-Length: 12abc\r\n\r\nhello');
      client.socket.write(bad);
      const failure = await server.parseErrors.next();
      assert.equal((failure.err as TransportError).code, 'SIP_TRANSPORT_BAD_CONTENT_LENGTH');
      assert.deepEqual(failure.raw, bad);
      assert.equal(failure.source.port, client.socket.localPort);
      await client.closed;
    } finally {
      client.socket.destroy();
    }
  });

  it('reports an unparseable but well-framed message and keeps the connection open', async () => {
    const client = await rawClient(server.local('TCP').port);
    try {
      client.socket.write('NOT A SIP MESSAGE\r\nContent-Length: 0\r\n\r\n');
      await server.parseErrors.next();
      client.socket.write(requestBytes({ via: 'SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKt5', callId: 'still-open' }));
      assert.equal((await server.messages.next()).message.callId, 'still-open');
    } finally {
      client.socket.destroy();
    }
  });
});

describe('TCP connection limits', () => {
  it('closes a connection after the configured idle time without traffic', async () => {
    const server = await startServer([{ transport: 'tcp', host: '127.0.0.1', port: 0 }], { limits: { idleTimeoutMs: 200 } });
    try {
      const client = await rawClient(server.local('TCP').port);
      const started = Date.now();
      await client.closed;
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 150 && elapsed < 2000, `closed after ${elapsed} ms`);
    } finally {
      await server.manager.close();
    }
  });

  it('refuses connections beyond maxConnections', async () => {
    const server = await startServer([{ transport: 'tcp', host: '127.0.0.1', port: 0 }], { limits: { maxConnections: 1 } });
    const first = await rawClient(server.local('TCP').port);
    try {
      await until(() => server.manager.connectionCount === 1);
      const second = await rawClient(server.local('TCP').port);
      await second.closed;
      assert.equal(first.socket.destroyed, false);
      assert.equal(server.manager.connectionCount, 1);
    } finally {
      first.socket.destroy();
      await server.manager.close();
    }
  });

  it('reuses one outbound connection for several messages to the same peer, and the peer answers on it', async () => {
    const a = await startServer([{ transport: 'tcp', host: '127.0.0.1', port: 0 }]);
    const b = await startServer([{ transport: 'tcp', host: '127.0.0.1', port: 0 }], {}, (inbound, manager) => {
      if (inbound.message.type === 'request') void manager.send(okFor(inbound.message), responseTarget(inbound.message.via[0]!, inbound.source));
    });
    try {
      const sentBy = a.manager.viaSentBy('TCP');
      const send = (i: number): Promise<void> => a.manager.sendRaw(
        requestBytes({ via: `SIP/2.0/TCP ${sentBy.host}:${sentBy.port};branch=z9hG4bKr${i}`, callId: `answer-${i}` }),
        b.local('TCP'),
      );
      await Promise.all([send(1), send(2)]);
      const [r1, r2] = [await b.messages.next(), await b.messages.next()];
      assert.equal(r1.source.connectionId, r2.source.connectionId);
      assert.equal(a.manager.connectionCount, 1);
      const responses = [await a.messages.next(), await a.messages.next()];
      assert.deepEqual(responses.map((r) => r.message.type), ['response', 'response']);
      assert.equal(b.manager.connectionCount, 1, 'answered on the same connection, no new one');
    } finally {
      await a.manager.close();
      await b.manager.close();
    }
  });

  it('rejects a send to a port nobody listens on with SIP_TRANSPORT_SEND_FAILED', async () => {
    const server = await startServer([{ transport: 'tcp', host: '127.0.0.1', port: 0 }]);
    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    try {
      await assert.rejects(
        server.manager.sendRaw(Buffer.from('x'), { transport: 'TCP', address: '127.0.0.1', port: closedPort }),
        { code: 'SIP_TRANSPORT_SEND_FAILED' },
      );
    } finally {
      await server.manager.close();
    }
  });
});
