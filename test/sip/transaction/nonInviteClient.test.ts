import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/util/clock.js';
import { TransactionLayer } from '../../../src/sip/transaction/index.js';
import {
  inbound, makeRequest, makeResponse, RecordingClientUser, RecordingSender, sendTimes, settle, tcpPeer, udpPeer,
} from './fixtures.js';

function setup(target = udpPeer) {
  const clock = new ManualClock();
  const sender = new RecordingSender();
  const layer = new TransactionLayer({ sender, clock });
  const user = new RecordingClientUser();
  const request = makeRequest({ method: 'OPTIONS' });
  const tx = layer.sendRequest(request, target, user);
  return { clock, sender, layer, user, request, tx };
}

const isOptions = (m: { type: string; method?: string }) => m.type === 'request' && m.method === 'OPTIONS';

describe('RFC 3261 §17.1.2 non-INVITE client transaction', () => {
  it('sends the request and enters "Trying", per §17.1.2.2', () => {
    const { sender, tx } = setup();
    assert.equal(tx.kind, 'nict');
    assert.equal(tx.state, 'trying');
    assert.equal(sender.requests('OPTIONS').length, 1);
  });

  it('retransmits on Timer E doubling from T1 up to T2, per §17.1.2.2', () => {
    const { clock, sender } = setup();
    const times = sendTimes(clock, sender, 20_000, isOptions);
    assert.deepEqual(times, [500, 1500, 3500, 7500, 11_500, 15_500, 19_500]);
  });

  it('informs the TU of a timeout when Timer F (64*T1) fires, per §17.1.2.2', () => {
    const { clock, layer, user, tx } = setup();
    clock.advance(31_999);
    assert.equal(user.timeouts, 0);
    clock.advance(1);
    assert.equal(user.timeouts, 1);
    assert.equal(tx.state, 'terminated');
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
  });

  it('retransmits every T2 in "Proceeding" and Timer F keeps running, per §17.1.2.2', () => {
    const { clock, sender, layer, user, request, tx } = setup();
    clock.advance(600); // one retransmission at 500; next Timer E due at 1500
    layer.receiveResponse(inbound(makeResponse(request, 100)));
    assert.equal(tx.state, 'proceeding');
    assert.equal(user.responses.length, 1);
    const times = sendTimes(clock, sender, 31_999, isOptions);
    assert.deepEqual(times, [1500, 5500, 9500, 13_500, 17_500, 21_500, 25_500, 29_500]);
    assert.equal(user.timeouts, 0);
    clock.advance(1);
    assert.equal(user.timeouts, 1, 'Timer F fires in Proceeding too');
    assert.equal(tx.state, 'terminated');
  });

  it('passes a final response up, enters "Completed" and absorbs retransmissions, per §17.1.2.2', () => {
    const { clock, sender, layer, user, request, tx } = setup();
    const ok = makeResponse(request, 200);
    layer.receiveResponse(inbound(ok));
    layer.receiveResponse(inbound(ok));
    assert.equal(tx.state, 'completed');
    assert.deepEqual(user.responses, [ok]);
    const sends = sender.sent.length;
    clock.advance(4_999);
    assert.equal(sender.sent.length, sends, 'no retransmission in Completed');
    assert.equal(tx.state, 'completed');
    clock.advance(1);
    assert.equal(tx.state, 'terminated', 'Timer K = T4 over UDP');
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
  });

  it('does not start Timer E over TCP and Timer K is zero, per §17.1.2.2 and Table 4', () => {
    const { clock, sender, layer, request, tx } = setup(tcpPeer);
    clock.advance(20_000);
    assert.equal(sender.requests('OPTIONS').length, 1);
    layer.receiveResponse(inbound(makeResponse(request, 200), tcpPeer));
    assert.equal(tx.state, 'terminated');
    assert.equal(clock.pending, 0);
  });

  it('informs the TU of a transport error on a retransmission and terminates, per §17.1.4', async () => {
    const { clock, sender, user, tx } = setup();
    sender.failWith = new Error('ENETUNREACH');
    clock.advance(500);
    await settle();
    assert.equal(user.errors.length, 1);
    assert.equal(tx.state, 'terminated');
    assert.equal(clock.pending, 0);
  });
});
