import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { describe, it } from 'node:test';
import { PortError, PortPool } from '../../../src/media/ports/index.js';

const HOST = '127.0.0.1';

function bindTo(port: number): Promise<Socket | null> {
  const s = createSocket('udp4');
  return new Promise((resolve) => {
    s.once('error', () => {
      s.close();
      resolve(null);
    });
    s.bind(port, HOST, () => resolve(s));
  });
}

/** An even base port whose next `count` ports are all free right now (other tests run in parallel). */
async function freeRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + 2 * Math.floor(Math.random() * 20000);
    const sockets = await Promise.all(Array.from({ length: count }, (_, i) => bindTo(base + i)));
    await Promise.all(sockets.map((s) => (s === null ? undefined : new Promise<void>((r) => s.close(() => r())))));
    if (sockets.every((s) => s !== null)) return base;
  }
  throw new Error('no free port range found on 127.0.0.1');
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

const code = (c: string) => (err: unknown): boolean => err instanceof PortError && err.code === c;

describe('RFC 3550 §11 RTP port pool', () => {
  it('hands out even RTP ports with RTCP on the next odd one, both really bound', async () => {
    const base = await freeRange(8);
    const pool = new PortPool({ host: HOST, portMin: base, portMax: base + 7 });
    assert.equal(pool.capacity, 4);
    const pair = await pool.allocate();
    assert.equal(pair.rtpPort, base);
    assert.equal(pair.rtcpPort, base + 1);
    assert.equal(pair.rtp.address().port, base);
    assert.equal(pair.rtcp.address().port, base + 1);
    assert.equal(pool.inUse, 1);
    // The RTP socket receives what is sent to the port.
    const got = new Promise<Buffer>((r) => pair.rtp.once('message', (m) => r(m)));
    const sender = createSocket('udp4');
    sender.send(Buffer.from('rtp'), base, HOST);
    assert.equal((await got).toString(), 'rtp');
    sender.close();
    pair.release();
    assert.equal(pool.inUse, 0);
  });

  it('rounds an odd portMin up and ignores a last even port without its RTCP port', () => {
    assert.equal(new PortPool({ host: HOST, portMin: 30001, portMax: 30006 }).capacity, 2); // 30002, 30004
    assert.throws(() => new PortPool({ host: HOST, portMin: 30001, portMax: 30002 }), code('MEDIA_PORTS_BAD_RANGE'));
    assert.throws(() => new PortPool({ host: HOST, portMin: 0, portMax: 70000 }), code('MEDIA_PORTS_BAD_RANGE'));
    assert.throws(() => new PortPool({ host: 'localhost', portMin: 30000, portMax: 30010 }), code('MEDIA_PORTS_BAD_RANGE'));
  });

  it('fails with MEDIA_PORTS_EXHAUSTED when every pair is in use, and recovers after a release', async () => {
    const base = await freeRange(4);
    const pool = new PortPool({ host: HOST, portMin: base, portMax: base + 3 });
    const a = await pool.allocate();
    const b = await pool.allocate();
    await assert.rejects(pool.allocate(), code('MEDIA_PORTS_EXHAUSTED'));
    b.release();
    const c = await pool.allocate();
    assert.equal(c.rtpPort, b.rtpPort);
    a.release();
    c.release();
  });

  it('reuses a released pair only after going round the range (round robin)', async () => {
    const base = await freeRange(8);
    const pool = new PortPool({ host: HOST, portMin: base, portMax: base + 7 });
    const a = await pool.allocate();
    const b = await pool.allocate();
    a.release();
    const c = await pool.allocate();
    const d = await pool.allocate();
    assert.deepEqual([a.rtpPort, b.rtpPort, c.rtpPort, d.rtpPort], [base, base + 2, base + 4, base + 6]);
    const e = await pool.allocate(); // wraps: the only free pair is a's
    assert.equal(e.rtpPort, base);
    pool.close();
  });

  it('skips a pair whose RTP or RTCP port another socket holds (EADDRINUSE)', async () => {
    const base = await freeRange(6);
    const foreignRtp = await bindTo(base);
    const foreignRtcp = await bindTo(base + 3);
    assert.ok(foreignRtp && foreignRtcp);
    const pool = new PortPool({ host: HOST, portMin: base, portMax: base + 5 });
    const pair = await pool.allocate();
    assert.equal(pair.rtpPort, base + 4);
    await tick();
    assert.equal(pool.openSockets, 2, 'the sockets of the skipped pairs were closed');
    await assert.rejects(pool.allocate(), code('MEDIA_PORTS_EXHAUSTED'));
    pool.close();
    foreignRtp.close();
    foreignRtcp.close();
  });

  it('never hands the same pair to two concurrent allocations', async () => {
    const base = await freeRange(8);
    const pool = new PortPool({ host: HOST, portMin: base, portMax: base + 7 });
    const pairs = await Promise.all([pool.allocate(), pool.allocate(), pool.allocate(), pool.allocate()]);
    assert.equal(new Set(pairs.map((p) => p.rtpPort)).size, 4);
    pool.close();
    assert.equal(pool.inUse, 0);
    await assert.rejects(pool.allocate(), code('MEDIA_PORTS_CLOSED'));
  });

  it('leaks no socket over 1000 allocate/release cycles, and release is idempotent', async () => {
    const base = await freeRange(20);
    const pool = new PortPool({ host: HOST, portMin: base, portMax: base + 19 });
    for (let i = 0; i < 1000; i++) {
      const pair = await pool.allocate();
      pair.release();
      pair.release();
    }
    await tick();
    assert.equal(pool.inUse, 0);
    assert.equal(pool.openSockets, 0);
  });
});
