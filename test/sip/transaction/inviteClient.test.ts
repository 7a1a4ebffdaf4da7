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
  const invite = makeRequest({ method: 'INVITE', routes: ['<sip:sbc.example.net;lr>'] });
  const tx = layer.sendRequest(invite, target, user);
  return { clock, sender, layer, user, invite, tx };
}

const isInvite = (m: { type: string; method?: string }) => m.type === 'request' && m.method === 'INVITE';

describe('RFC 3261 §17.1.1 INVITE client transaction', () => {
  it('sends the INVITE at once and enters "Calling", per §17.1.1.2', () => {
    const { sender, tx } = setup();
    assert.equal(tx.kind, 'ict');
    assert.equal(tx.state, 'calling');
    assert.equal(sender.requests('INVITE').length, 1);
    assert.deepEqual(sender.sent[0]?.target, udpPeer);
  });

  it('retransmits on Timer A at T1, 2*T1, 4*T1 … until Timer B, per §17.1.1.2', () => {
    const { clock, sender } = setup();
    const times = sendTimes(clock, sender, 32_000, isInvite);
    assert.deepEqual(times, [500, 1500, 3500, 7500, 15_500, 31_500]);
  });

  it('informs the TU of a timeout when Timer B (64*T1) fires in "Calling", per §17.1.1.2', () => {
    const { clock, layer, user, tx } = setup();
    clock.advance(31_999);
    assert.equal(user.timeouts, 0);
    clock.advance(1);
    assert.equal(user.timeouts, 1);
    assert.equal(tx.state, 'terminated');
    assert.equal(user.terminated, 1);
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
  });

  it('moves to "Proceeding" on a 1xx, passes it up and stops retransmitting, per §17.1.1.2', () => {
    const { clock, sender, layer, user, invite, tx } = setup();
    clock.advance(600);
    const ringing = makeResponse(invite, 180);
    layer.receiveResponse(inbound(ringing));
    assert.equal(tx.state, 'proceeding');
    assert.deepEqual(user.responses, [ringing]);
    const before = sender.sent.length;
    clock.advance(64_000);
    assert.equal(sender.sent.length, before, 'no Timer A in Proceeding');
    assert.equal(user.timeouts, 0, 'Timer B does not run in Proceeding');
    layer.receiveResponse(inbound(makeResponse(invite, 183)));
    assert.equal(user.responses.length, 2, 'further provisionals are passed up');
    layer.close();
  });

  it('sends the ACK for a 300-699 final itself with the fields of §17.1.1.3', () => {
    const { sender, layer, user, invite, tx } = setup();
    const busy = makeResponse(invite, 486, 'busytag');
    layer.receiveResponse(inbound(busy));
    assert.equal(tx.state, 'completed');
    assert.deepEqual(user.responses, [busy]);
    const [ack] = sender.requests('ACK');
    assert.ok(ack);
    assert.equal(ack.uri, invite.uri, 'same Request-URI');
    assert.equal(ack.callId, invite.callId);
    assert.deepEqual(ack.cseq, { seq: invite.cseq.seq, method: 'ACK' });
    assert.equal(ack.from, invite.from);
    assert.equal(ack.to.params.get('tag'), 'busytag', 'To of the response, with its tag');
    assert.deepEqual(ack.headers.getAll('Via'), [invite.headers.getAll('Via')[0]], 'only the top Via of the INVITE');
    assert.equal(ack.via.length, 1);
    assert.equal(ack.headers.get('To'), busy.headers.get('To'));
    assert.deepEqual(ack.headers.getAll('Route'), ['<sip:sbc.example.net;lr>'], 'Route headers of the INVITE');
    assert.equal(ack.headers.get('CSeq'), `${invite.cseq.seq} ACK`);
    assert.deepEqual(sender.sent.at(-1)?.target, udpPeer, 'sent where the INVITE went');
  });

  it('resends the ACK for each retransmitted final without passing it up, per §17.1.1.2', () => {
    const { sender, layer, user, invite } = setup();
    const busy = makeResponse(invite, 486);
    layer.receiveResponse(inbound(busy));
    layer.receiveResponse(inbound(busy));
    layer.receiveResponse(inbound(busy));
    assert.equal(sender.requests('ACK').length, 3);
    assert.equal(user.responses.length, 1);
  });

  it('terminates when Timer D (32 s over UDP) fires in "Completed", per §17.1.1.2', () => {
    const { clock, layer, invite, tx } = setup();
    layer.receiveResponse(inbound(makeResponse(invite, 503)));
    clock.advance(31_999);
    assert.equal(tx.state, 'completed');
    clock.advance(1);
    assert.equal(tx.state, 'terminated');
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
  });

  it('moves to "Accepted" on a 2xx and passes every 2xx up until Timer M, per RFC 6026 §8.4', () => {
    const { clock, sender, layer, user, invite, tx } = setup();
    const ok = makeResponse(invite, 200);
    layer.receiveResponse(inbound(ok));
    assert.equal(tx.state, 'accepted');
    const retransmitted = layer.receiveResponse(inbound(ok));
    assert.equal(retransmitted.kind, 'matched');
    const forked = makeResponse(invite, 200, 'otherfork');
    layer.receiveResponse(inbound(forked));
    assert.deepEqual(user.responses, [ok, ok, forked]);
    assert.equal(sender.requests('ACK').length, 0, 'the ACK for a 2xx is the TU\'s');
    layer.receiveResponse(inbound(makeResponse(invite, 486)));
    assert.equal(user.responses.length, 3, 'a non-2xx in Accepted is discarded');
    const sends = sender.sent.length;
    clock.advance(31_999);
    assert.equal(sender.sent.length, sends, 'no Timer A in Accepted');
    assert.equal(tx.state, 'accepted');
    clock.advance(1);
    assert.equal(tx.state, 'terminated');
    assert.equal(layer.receiveResponse(inbound(ok)).kind, 'unmatched', 'a 2xx after Timer M goes to the core');
    assert.equal(clock.pending, 0);
  });

  it('goes from "Proceeding" to "Accepted" on a 2xx, per RFC 6026 §8.4', () => {
    const { layer, invite, tx } = setup();
    layer.receiveResponse(inbound(makeResponse(invite, 180)));
    layer.receiveResponse(inbound(makeResponse(invite, 200)));
    assert.equal(tx.state, 'accepted');
    layer.close();
  });

  it('does not start Timer A over TCP and Timer D is zero, per §17.1.1.2 and Table 4', () => {
    const { clock, sender, layer, invite, tx } = setup(tcpPeer);
    clock.advance(10_000);
    assert.equal(sender.requests('INVITE').length, 1, 'no retransmission over a reliable transport');
    layer.receiveResponse(inbound(makeResponse(invite, 404), tcpPeer));
    assert.equal(sender.requests('ACK').length, 1);
    assert.equal(tx.state, 'terminated', 'Timer D = 0 terminates at once');
    assert.equal(clock.pending, 0);
    assert.equal(layer.size, 0);
  });

  it('still fires Timer B over TCP, per §17.1.1.2 ("For any transport")', () => {
    const { clock, user } = setup(tcpPeer);
    clock.advance(32_000);
    assert.equal(user.timeouts, 1);
  });

  it('informs the TU of a transport error and terminates, per §17.1.4', async () => {
    const clock = new ManualClock();
    const sender = new RecordingSender();
    sender.failWith = new Error('ECONNREFUSED');
    const layer = new TransactionLayer({ sender, clock });
    const user = new RecordingClientUser();
    const tx = layer.sendRequest(makeRequest(), tcpPeer, user);
    await settle();
    assert.deepEqual(user.errors.map((e) => e.message), ['ECONNREFUSED']);
    assert.equal(tx.state, 'terminated');
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
  });

  it('informs the TU when sending the ACK fails, per §17.1.4', async () => {
    const { sender, layer, user, invite, tx } = setup();
    sender.failWith = new Error('EHOSTUNREACH');
    layer.receiveResponse(inbound(makeResponse(invite, 486)));
    await settle();
    assert.equal(user.errors.length, 1);
    assert.equal(tx.state, 'terminated');
  });
});
