import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/util/clock.js';
import { TransactionLayer } from '../../../src/sip/transaction/index.js';
import type { Endpoint } from '../../../src/sip/transport/types.js';
import { inbound, makeRequest, makeResponse, RecordingSender, RecordingServerUser, settle, tcpPeer, udpPeer } from './fixtures.js';

function setup(source: Endpoint = udpPeer) {
  const clock = new ManualClock();
  const sender = new RecordingSender();
  const layer = new TransactionLayer({ sender, clock });
  const user = new RecordingServerUser();
  const request = makeRequest({ method: 'OPTIONS', transport: source.transport });
  const result = layer.receiveRequest(inbound(request, source), source);
  assert.equal(result.kind, 'new');
  const tx = result.transaction;
  tx.attach(user);
  const retransmit = () => layer.receiveRequest(inbound(request, source), source);
  return { clock, sender, layer, user, request, tx, retransmit };
}

describe('RFC 3261 §17.2.2 non-INVITE server transaction', () => {
  it('starts in "Trying", sends nothing on its own and discards retransmissions, per §17.2.2', () => {
    const { clock, sender, tx, retransmit } = setup();
    assert.equal(tx.kind, 'nist');
    assert.equal(tx.state, 'trying');
    assert.equal(retransmit().kind, 'absorbed');
    clock.advance(10_000);
    assert.equal(sender.sent.length, 0, 'no automatic 100 for non-INVITE');
    assert.equal(clock.pending, 0, 'no timer in Trying');
  });

  it('moves to "Proceeding" on a 1xx and resends it on a retransmitted request, per §17.2.2', () => {
    const { sender, tx, request, retransmit } = setup();
    tx.respond(makeResponse(request, 100));
    assert.equal(tx.state, 'proceeding');
    tx.respond(makeResponse(request, 180));
    retransmit();
    assert.equal(sender.responses(180).length, 2);
    assert.equal(sender.responses(100).length, 1);
  });

  it('moves to "Completed" on a final and resends it on each retransmitted request, per §17.2.2', () => {
    const { sender, tx, request, retransmit } = setup();
    tx.respond(makeResponse(request, 200));
    assert.equal(tx.state, 'completed');
    assert.deepEqual(sender.sent[0]?.target, udpPeer);
    retransmit();
    retransmit();
    assert.equal(sender.responses(200).length, 3);
  });

  it('discards further final responses from the TU in "Completed", per §17.2.2', () => {
    const { sender, tx, request } = setup();
    tx.respond(makeResponse(request, 200));
    tx.respond(makeResponse(request, 500));
    assert.equal(sender.sent.length, 1);
  });

  it('refuses a status outside 100-699 with SIP_TXN_BAD_STATUS', () => {
    const { tx, request, sender } = setup();
    assert.throws(() => tx.respond(makeResponse(request, 99)), { code: 'SIP_TXN_BAD_STATUS' });
    assert.throws(() => tx.respond(makeResponse(request, 700)), { code: 'SIP_TXN_BAD_STATUS' });
    assert.equal(sender.sent.length, 0);
    assert.equal(tx.state, 'trying');
  });

  it('terminates when Timer J (64*T1 over UDP) fires, per §17.2.2', () => {
    const { clock, layer, user, tx, request } = setup();
    tx.respond(makeResponse(request, 200));
    clock.advance(31_999);
    assert.equal(tx.state, 'completed');
    clock.advance(1);
    assert.equal(tx.state, 'terminated');
    assert.equal(user.terminated, 1);
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
  });

  it('terminates at once over TCP (Timer J = 0), per §17.2.2 and Table 4', () => {
    const { clock, layer, tx, request, sender } = setup(tcpPeer);
    tx.respond(makeResponse(request, 200));
    assert.equal(sender.responses(200).length, 1);
    assert.deepEqual(sender.sent[0]?.target, tcpPeer);
    assert.equal(tx.state, 'terminated');
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
  });

  it('informs the TU of a transport error and terminates, per §17.2.4', async () => {
    const { sender, user, tx, request, clock } = setup();
    sender.failWith = new Error('EMSGSIZE');
    tx.respond(makeResponse(request, 200));
    await settle();
    assert.equal(user.errors.length, 1);
    assert.equal(tx.state, 'terminated');
    assert.equal(clock.pending, 0);
  });
});
