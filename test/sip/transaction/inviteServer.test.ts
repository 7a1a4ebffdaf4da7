import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/util/clock.js';
import { TransactionLayer, type InviteServerTransaction, type TimerValues } from '../../../src/sip/transaction/index.js';
import type { Endpoint } from '../../../src/sip/transport/types.js';
import {
  inbound, makeAck, makeRequest, makeResponse, RecordingSender, RecordingServerUser, sendTimes, settle, tcpPeer, udpPeer,
} from './fixtures.js';

function setup(source: Endpoint = udpPeer, timers?: Partial<TimerValues>) {
  const clock = new ManualClock();
  const sender = new RecordingSender();
  const layer = new TransactionLayer({ sender, clock, timers });
  const user = new RecordingServerUser();
  const invite = makeRequest({ method: 'INVITE', transport: source.transport, timestamp: '54' });
  const result = layer.receiveRequest(inbound(invite, source), source);
  assert.equal(result.kind, 'new');
  const tx = result.transaction as InviteServerTransaction;
  assert.equal(tx.kind, 'ist');
  tx.attach(user);
  return { clock, sender, layer, user, invite, tx, source };
}

const isResponse = (status: number) => (m: { type: string; status?: number }) => m.type === 'response' && m.status === status;

describe('RFC 3261 §17.2.1 INVITE server transaction', () => {
  it('starts in "Proceeding" and sends 100 Trying itself when the TU is silent for 200 ms, per §17.2.1', () => {
    const { clock, sender, tx, invite } = setup();
    assert.equal(tx.state, 'proceeding');
    clock.advance(199);
    assert.equal(sender.sent.length, 0);
    clock.advance(1);
    const [trying] = sender.responses(100);
    assert.ok(trying);
    assert.equal(trying.reason, 'Trying');
    assert.deepEqual(trying.headers.getAll('Via'), invite.headers.getAll('Via'));
    assert.equal(trying.headers.get('To'), invite.headers.get('To'), 'no To tag added (§17.2.1: SHOULD NOT)');
    assert.equal(trying.headers.get('CSeq'), invite.headers.get('CSeq'));
    assert.equal(trying.headers.get('Timestamp'), '54', 'Timestamp copied, §8.2.6.1');
    assert.deepEqual(sender.sent[0]?.target, udpPeer);
  });

  it('sends no 100 Trying when the TU responds within 200 ms, per §17.2.1', () => {
    const { clock, sender, tx, invite } = setup();
    clock.advance(150);
    tx.respond(makeResponse(invite, 180));
    clock.advance(1000);
    assert.equal(sender.responses(100).length, 0);
    assert.equal(sender.responses(180).length, 1);
  });

  it('makes the automatic 100 Trying delay configurable, and null turns it off', () => {
    const late = setup(udpPeer, { trying: 50 });
    late.clock.advance(50);
    assert.equal(late.sender.responses(100).length, 1);
    const off = setup(udpPeer, { trying: null });
    off.clock.advance(10_000);
    assert.equal(off.sender.responses(100).length, 0);
    const now = setup(udpPeer, { trying: 0 });
    assert.equal(now.sender.responses(100).length, 1, '0 sends it at once');
  });

  it('resends the most recent provisional on a retransmitted INVITE in "Proceeding", per §17.2.1', () => {
    const { sender, layer, tx, invite } = setup();
    const retransmit = () => layer.receiveRequest(inbound(invite), udpPeer);
    assert.equal(retransmit().kind, 'absorbed');
    assert.equal(sender.sent.length, 0, 'nothing to resend yet');
    tx.respond(makeResponse(invite, 180));
    tx.respond(makeResponse(invite, 183));
    retransmit();
    assert.equal(sender.responses(183).length, 2);
    assert.equal(sender.responses(180).length, 1);
  });

  it('resends its own 100 Trying on an INVITE retransmitted after it, per §17.2.1', () => {
    const { clock, sender, layer, invite } = setup();
    clock.advance(200);
    layer.receiveRequest(inbound(invite), udpPeer);
    assert.equal(sender.responses(100).length, 2);
  });

  it('retransmits a 300-699 final on Timer G doubling up to T2, per §17.2.1', () => {
    const { clock, sender, tx, invite } = setup();
    tx.respond(makeResponse(invite, 486));
    assert.equal(tx.state, 'completed');
    const times = sendTimes(clock, sender, 20_000, isResponse(486));
    assert.deepEqual(times, [500, 1500, 3500, 7500, 11_500, 15_500, 19_500]);
  });

  it('retransmits the final response on each retransmitted INVITE in "Completed", per §17.2.1', () => {
    const { sender, layer, tx, invite } = setup();
    tx.respond(makeResponse(invite, 486));
    assert.equal(layer.receiveRequest(inbound(invite), udpPeer).kind, 'absorbed');
    assert.equal(layer.receiveRequest(inbound(invite), udpPeer).kind, 'absorbed');
    assert.equal(sender.responses(486).length, 3);
  });

  it('informs the TU when Timer H (64*T1) fires without an ACK, per §17.2.1', () => {
    const { clock, layer, user, tx, invite } = setup();
    tx.respond(makeResponse(invite, 486));
    clock.advance(31_999);
    assert.equal(user.timeouts, 0);
    clock.advance(1);
    assert.equal(user.timeouts, 1);
    assert.equal(tx.state, 'terminated');
    assert.equal(user.terminated, 1);
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
  });

  it('moves to "Confirmed" on the ACK, stops Timer G and H, absorbs ACKs until Timer I (T4), per §17.2.1', () => {
    const { clock, sender, layer, user, tx, invite } = setup();
    const busy = makeResponse(invite, 486);
    tx.respond(busy);
    const ack = makeAck(invite, busy);
    assert.equal(layer.receiveRequest(inbound(ack), udpPeer).kind, 'absorbed');
    assert.equal(tx.state, 'confirmed');
    assert.equal(layer.receiveRequest(inbound(ack), udpPeer).kind, 'absorbed');
    const sends = sender.sent.length;
    clock.advance(4_999);
    assert.equal(sender.sent.length, sends, 'no Timer G in Confirmed');
    assert.equal(tx.state, 'confirmed');
    clock.advance(1);
    assert.equal(tx.state, 'terminated');
    assert.equal(user.timeouts, 0, 'no Timer H after the ACK');
    assert.equal(clock.pending, 0);
    assert.equal(layer.size, 0);
  });

  it('does not start Timer G over TCP and Timer I is zero, per §17.2.1 and Table 4', () => {
    const { clock, sender, layer, tx, invite, source } = setup(tcpPeer);
    const busy = makeResponse(invite, 603);
    tx.respond(busy);
    clock.advance(10_000);
    assert.equal(sender.responses(603).length, 1);
    assert.deepEqual(sender.sent.at(-1)?.target, tcpPeer);
    layer.receiveRequest(inbound(makeAck(invite, busy), source), source);
    assert.equal(tx.state, 'terminated');
    assert.equal(clock.pending, 0);
    assert.equal(layer.size, 0);
  });

  it('still fires Timer H over TCP, per §17.2.1 ("for all transports")', () => {
    const { clock, user, tx, invite } = setup(tcpPeer);
    tx.respond(makeResponse(invite, 480));
    clock.advance(32_000);
    assert.equal(user.timeouts, 1);
  });

  it('moves to "Accepted" on a 2xx and absorbs retransmitted INVITEs without answering them, per RFC 6026 §8.7', () => {
    const { sender, layer, tx, invite } = setup();
    const ok = makeResponse(invite, 200);
    tx.respond(ok);
    assert.equal(tx.state, 'accepted');
    assert.equal(sender.responses(200).length, 1);
    const again = layer.receiveRequest(inbound(invite), udpPeer);
    assert.equal(again.kind, 'absorbed');
    assert.equal(sender.responses(200).length, 1, 'the transaction never retransmits a 2xx itself');
  });

  it('passes 2xx retransmissions from the TU to the transport while "Accepted", per RFC 6026 §8.7', () => {
    const { sender, tx, invite } = setup();
    const ok = makeResponse(invite, 200);
    tx.respond(ok);
    tx.respond(ok);
    tx.respond(makeResponse(invite, 500));
    assert.equal(sender.responses(200).length, 2);
    assert.equal(sender.responses(500).length, 0, 'a non-2xx after a 2xx is discarded');
  });

  it('hands an ACK matching the transaction in "Accepted" to the TU, per RFC 6026 §8.7', () => {
    const { layer, tx, invite } = setup();
    const ok = makeResponse(invite, 200);
    tx.respond(ok);
    const sameBranchAck = makeAck(invite, ok, invite.via[0]?.params.get('branch') ?? null);
    const result = layer.receiveRequest(inbound(sameBranchAck), udpPeer);
    assert.equal(result.kind, 'ack');
    assert.equal(result.kind === 'ack' ? result.transaction : null, tx);
  });

  it('terminates when Timer L (64*T1) fires in "Accepted", per RFC 6026 §8.7', () => {
    const { clock, layer, tx, invite } = setup();
    tx.respond(makeResponse(invite, 200));
    clock.advance(31_999);
    assert.equal(tx.state, 'accepted');
    clock.advance(1);
    assert.equal(tx.state, 'terminated');
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
  });

  it('discards responses from the TU once "Completed", per §17.2.1', () => {
    const { sender, tx, invite } = setup();
    tx.respond(makeResponse(invite, 486));
    tx.respond(makeResponse(invite, 200));
    tx.respond(makeResponse(invite, 180));
    assert.equal(sender.sent.length, 1);
    assert.equal(tx.state, 'completed');
  });

  it('informs the TU of a transport error and terminates, per §17.2.4', async () => {
    const { sender, user, tx, invite, clock, layer } = setup();
    sender.failWith = new Error('EPIPE');
    tx.respond(makeResponse(invite, 486));
    await settle();
    assert.deepEqual(user.errors.map((e) => e.message), ['EPIPE']);
    assert.equal(tx.state, 'terminated');
    assert.equal(clock.pending, 0);
    assert.equal(layer.size, 0);
  });

  it('informs the TU of a transport error in "Accepted" but keeps absorbing INVITEs until Timer L, per RFC 6026', async () => {
    const { sender, user, tx, invite } = setup();
    sender.failWith = new Error('EPIPE');
    tx.respond(makeResponse(invite, 200));
    await settle();
    assert.equal(user.errors.length, 1);
    assert.equal(tx.state, 'accepted');
  });
});
