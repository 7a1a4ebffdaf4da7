import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/util/clock.js';
import {
  buildCancel, newBranch, TransactionError, TransactionLayer, type ServerTransaction,
} from '../../../src/sip/transaction/index.js';
import {
  inbound, makeAck, makeRequest, makeResponse, RecordingClientUser, RecordingSender, RecordingServerUser, udpPeer,
} from './fixtures.js';

function setup() {
  const clock = new ManualClock();
  const sender = new RecordingSender();
  const layer = new TransactionLayer({ sender, clock });
  return { clock, sender, layer };
}

function expectNew(result: ReturnType<TransactionLayer['receiveRequest']>): ServerTransaction {
  assert.equal(result.kind, 'new');
  return (result as { transaction: ServerTransaction }).transaction;
}

describe('RFC 3261 §17.1.3 matching responses to client transactions', () => {
  it('matches on the top Via branch and the CSeq method', () => {
    const { layer } = setup();
    const user = new RecordingClientUser();
    const invite = makeRequest({ method: 'INVITE' });
    const tx = layer.sendRequest(invite, udpPeer, user);
    const cancelUser = new RecordingClientUser();
    const cancelTx = layer.sendRequest(buildCancel(invite), udpPeer, cancelUser);
    assert.notEqual(cancelTx, tx, 'CANCEL is its own transaction with the same branch');
    const cancelOk = makeResponse(buildCancel(invite), 200);
    const r = layer.receiveResponse(inbound(cancelOk));
    assert.equal(r.kind, 'matched');
    assert.equal(r.kind === 'matched' ? r.transaction : null, cancelTx);
    assert.equal(user.responses.length, 0, 'the 200 to CANCEL does not reach the INVITE');
    assert.equal(cancelUser.responses.length, 1);
    layer.close();
  });

  it('returns a response with an unknown branch unmatched, for the core (stray 2xx, §17.1.1.2)', () => {
    const { layer } = setup();
    const stray = makeResponse(makeRequest({ method: 'INVITE' }), 200);
    const r = layer.receiveResponse(inbound(stray));
    assert.deepEqual(r, { kind: 'unmatched', response: stray });
  });

  it('refuses ACK, a branch without the magic cookie, and a duplicate branch', () => {
    const { layer } = setup();
    const user = new RecordingClientUser();
    const code = (fn: () => unknown) => assert.throws(fn, (e: unknown) => e instanceof TransactionError && e.code !== undefined && (codes.push(e.code), true));
    const codes: string[] = [];
    code(() => layer.sendRequest(makeRequest({ method: 'ACK' }), udpPeer, user));
    code(() => layer.sendRequest(makeRequest({ method: 'OPTIONS', branch: 'old-style-1' }), udpPeer, user));
    code(() => layer.sendRequest(makeRequest({ method: 'OPTIONS', branch: null }), udpPeer, user));
    const options = makeRequest({ method: 'OPTIONS' });
    layer.sendRequest(options, udpPeer, user);
    code(() => layer.sendRequest(options, udpPeer, user));
    assert.deepEqual(codes, ['SIP_TXN_ACK_NOT_A_TRANSACTION', 'SIP_TXN_MISSING_BRANCH', 'SIP_TXN_MISSING_BRANCH', 'SIP_TXN_DUPLICATE']);
    layer.close();
  });

  it('newBranch() starts with the magic cookie z9hG4bK and is unique, per §8.1.1.7', () => {
    const branches = new Set(Array.from({ length: 1000 }, () => newBranch()));
    assert.equal(branches.size, 1000);
    for (const b of branches) assert.match(b, /^z9hG4bK[A-Za-z0-9_-]{16}$/);
  });
});

describe('RFC 3261 §17.2.3 matching requests to server transactions', () => {
  it('matches on branch, sent-by and method: another sent-by is another transaction', () => {
    const { layer } = setup();
    const invite = makeRequest({ method: 'INVITE', branch: 'z9hG4bKsame' });
    const first = expectNew(layer.receiveRequest(inbound(invite), udpPeer));
    const spoof = makeRequest({ method: 'INVITE', branch: 'z9hG4bKsame', viaHost: 'other.example.net' });
    const second = expectNew(layer.receiveRequest(inbound(spoof), udpPeer));
    assert.notEqual(first, second);
    const options = makeRequest({ method: 'OPTIONS', branch: 'z9hG4bKsame' });
    expectNew(layer.receiveRequest(inbound(options), udpPeer));
    assert.equal(layer.serverCount, 3);
    layer.close();
  });

  it('matches the ACK for a non-2xx to the INVITE transaction (method INVITE for ACK)', () => {
    const { layer } = setup();
    const invite = makeRequest({ method: 'INVITE' });
    const tx = expectNew(layer.receiveRequest(inbound(invite), udpPeer));
    const busy = makeResponse(invite, 486);
    tx.respond(busy);
    const r = layer.receiveRequest(inbound(makeAck(invite, busy)), udpPeer);
    assert.equal(r.kind, 'absorbed');
    assert.equal(tx.state, 'confirmed');
    layer.close();
  });

  it('hands an ACK for a 2xx (new branch, no transaction) to the core, per §17.1.1.3 / §13.2.2.4', () => {
    const { layer } = setup();
    const invite = makeRequest({ method: 'INVITE' });
    const tx = expectNew(layer.receiveRequest(inbound(invite), udpPeer));
    const ok = makeResponse(invite, 200);
    tx.respond(ok);
    const ack = makeAck(invite, ok);
    const r = layer.receiveRequest(inbound(ack), udpPeer);
    assert.deepEqual(r, { kind: 'ack', request: ack, transaction: null });
    assert.equal(layer.serverCount, 1, 'an ACK never creates a transaction');
    layer.close();
  });

  it('gives a CANCEL its own transaction and names the INVITE transaction it cancels, per §9.2', () => {
    const { layer, sender } = setup();
    const invite = makeRequest({ method: 'INVITE' });
    const ist = expectNew(layer.receiveRequest(inbound(invite), udpPeer));
    const cancel = buildCancel(invite);
    const r = layer.receiveRequest(inbound(cancel), udpPeer);
    assert.equal(r.kind, 'cancel');
    if (r.kind !== 'cancel') return;
    assert.equal(r.cancels, ist);
    assert.equal(r.transaction.kind, 'nist');
    assert.notEqual(r.transaction, ist);
    // The core answers 200 to the CANCEL and 487 to the INVITE.
    r.transaction.respond(makeResponse(cancel, 200));
    ist.respond(makeResponse(invite, 487));
    assert.equal(sender.responses(200).length, 1);
    assert.equal(sender.responses(487).length, 1);
    assert.equal(layer.receiveRequest(inbound(cancel), udpPeer).kind, 'absorbed', 'a retransmitted CANCEL is absorbed');
    assert.equal(sender.responses(200).length, 2, 'and gets the 200 again');
    layer.close();
  });

  it('reports a CANCEL that matches no INVITE with cancels: null (the core answers 481), per §9.2', () => {
    const { layer } = setup();
    const r = layer.receiveRequest(inbound(buildCancel(makeRequest({ method: 'INVITE' }))), udpPeer);
    assert.equal(r.kind, 'cancel');
    assert.equal(r.kind === 'cancel' ? r.cancels : undefined, null);
    layer.close();
  });
});

describe('RFC 3261 §17.2.3 RFC 2543 fallback matching (no magic cookie)', () => {
  const old = { branch: null, callId: 'old@pbx', cseq: 7, fromTag: 'f1' } as const;

  it('absorbs a retransmission with the same Request-URI, tags, Call-ID, CSeq and top Via', () => {
    const { layer, sender } = setup();
    const invite = makeRequest({ method: 'INVITE', ...old });
    const tx = expectNew(layer.receiveRequest(inbound(invite), udpPeer));
    tx.respond(makeResponse(invite, 180));
    const again = makeRequest({ method: 'INVITE', ...old });
    assert.equal(layer.receiveRequest(inbound(again), udpPeer).kind, 'absorbed');
    assert.equal(sender.responses(180).length, 2);
    const otherCseq = makeRequest({ method: 'INVITE', ...old, cseq: 8 });
    expectNew(layer.receiveRequest(inbound(otherCseq), udpPeer));
    const otherUri = makeRequest({ method: 'INVITE', ...old, requestUser: '1002' });
    expectNew(layer.receiveRequest(inbound(otherUri), udpPeer));
    const otherFromTag = makeRequest({ method: 'INVITE', ...old, fromTag: 'f2' });
    expectNew(layer.receiveRequest(inbound(otherFromTag), udpPeer));
    assert.equal(layer.serverCount, 4);
    layer.close();
    assert.equal(layer.serverCount, 0);
  });

  it('matches an ACK whose To tag is the tag of the response the transaction sent', () => {
    const { layer } = setup();
    const invite = makeRequest({ method: 'INVITE', ...old });
    const tx = expectNew(layer.receiveRequest(inbound(invite), udpPeer));
    const busy = makeResponse(invite, 486, 'srv');
    tx.respond(busy);
    const wrongTag = makeAck(invite, makeResponse(invite, 486, 'other'), null);
    assert.deepEqual(layer.receiveRequest(inbound(wrongTag), udpPeer).kind, 'ack');
    assert.equal(tx.state, 'completed');
    assert.equal(layer.receiveRequest(inbound(makeAck(invite, busy, null)), udpPeer).kind, 'absorbed');
    assert.equal(tx.state, 'confirmed');
    layer.close();
  });

  it('finds the INVITE a CANCEL cancels, per §9.2', () => {
    const { layer } = setup();
    const invite = makeRequest({ method: 'INVITE', ...old });
    const ist = expectNew(layer.receiveRequest(inbound(invite), udpPeer));
    const r = layer.receiveRequest(inbound(buildCancel(invite)), udpPeer);
    assert.equal(r.kind === 'cancel' ? r.cancels : undefined, ist);
    layer.close();
  });
});

describe('TransactionLayer lifecycle', () => {
  it('leaves no transaction and no timer behind after many transactions of every kind', () => {
    const { clock, layer } = setup();
    const users: RecordingServerUser[] = [];
    for (let i = 0; i < 250; i++) {
      const invite = makeRequest({ method: 'INVITE' });
      layer.sendRequest(invite, udpPeer, new RecordingClientUser());
      layer.receiveResponse(inbound(makeResponse(invite, i % 2 ? 200 : 486)));
      const options = makeRequest({ method: 'OPTIONS' });
      layer.sendRequest(options, udpPeer, new RecordingClientUser());
      if (i % 3) layer.receiveResponse(inbound(makeResponse(options, 200)));

      const inInvite = makeRequest({ method: 'INVITE' });
      const ist = expectNew(layer.receiveRequest(inbound(inInvite), udpPeer));
      const user = new RecordingServerUser();
      ist.attach(user);
      users.push(user);
      const final = makeResponse(inInvite, i % 2 ? 200 : 404);
      ist.respond(final);
      if (i % 4 === 0) layer.receiveRequest(inbound(makeAck(inInvite, final)), udpPeer);
      const inRegister = makeRequest({ method: 'REGISTER', branch: i % 5 ? `z9hG4bKreg${i}` : null });
      const nist = expectNew(layer.receiveRequest(inbound(inRegister), udpPeer));
      if (i % 2) nist.respond(makeResponse(inRegister, 200));
      else nist.terminate();
    }
    assert.ok(layer.size > 0);
    clock.advance(64 * 500 + 32_000);
    assert.equal(layer.clientCount, 0);
    assert.equal(layer.serverCount, 0);
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
    assert.equal(users.reduce((n, u) => n + u.terminated, 0), 250, 'each server user is told once');
  });

  it('close() terminates everything, cancels every timer, is idempotent and refuses new work', () => {
    const { clock, layer } = setup();
    const clientUser = new RecordingClientUser();
    layer.sendRequest(makeRequest({ method: 'INVITE' }), udpPeer, clientUser);
    layer.sendRequest(makeRequest({ method: 'MESSAGE' }), udpPeer, new RecordingClientUser());
    expectNew(layer.receiveRequest(inbound(makeRequest({ method: 'INVITE' })), udpPeer));
    assert.ok(clock.pending > 0);
    layer.close();
    layer.close();
    assert.equal(layer.size, 0);
    assert.equal(clock.pending, 0);
    assert.equal(clientUser.terminated, 1);
    assert.equal(clientUser.timeouts, 0);
    assert.throws(() => layer.sendRequest(makeRequest({ method: 'OPTIONS' }), udpPeer, clientUser), { code: 'SIP_TXN_CLOSED' });
    assert.throws(() => layer.receiveRequest(inbound(makeRequest()), udpPeer), { code: 'SIP_TXN_CLOSED' });
  });

  it('publishes each state change on the openum:sip:transaction diagnostics channel', () => {
    const { clock, layer } = setup();
    const seen: string[] = [];
    const listener = (msg: unknown) => {
      const m = msg as { kind: string; from: string; to: string };
      seen.push(`${m.kind} ${m.from}->${m.to}`);
    };
    subscribe('openum:sip:transaction', listener);
    try {
      const options = makeRequest({ method: 'OPTIONS' });
      layer.sendRequest(options, udpPeer, new RecordingClientUser());
      layer.receiveResponse(inbound(makeResponse(options, 200)));
      clock.advance(5000);
    } finally {
      unsubscribe('openum:sip:transaction', listener);
    }
    assert.deepEqual(seen, ['nict trying->completed', 'nict completed->terminated']);
  });

  it('refuses a response given as a request and vice versa', () => {
    const { layer } = setup();
    const req = makeRequest();
    assert.throws(() => layer.receiveResponse(inbound(req)), { code: 'SIP_TXN_WRONG_MESSAGE_TYPE' });
    assert.throws(() => layer.receiveRequest(inbound(makeResponse(req, 200)), udpPeer), { code: 'SIP_TXN_WRONG_MESSAGE_TYPE' });
  });

  it('logs rather than rethrows when a transaction user throws in a timer', () => {
    const clock = new ManualClock();
    const warnings: string[] = [];
    const layer = new TransactionLayer({
      sender: new RecordingSender(), clock,
      logger: { debug() {}, warn(_obj, msg) { warnings.push(msg ?? ''); } },
    });
    const user = new RecordingClientUser();
    user.onTimeout = () => { throw new Error('boom'); };
    layer.sendRequest(makeRequest({ method: 'OPTIONS' }), udpPeer, user);
    clock.advance(32_000);
    assert.ok(warnings.includes('transaction user threw'));
    assert.equal(layer.size, 0);
  });
});
