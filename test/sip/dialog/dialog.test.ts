import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dialog, DialogError, dialogKey } from '../../../src/sip/dialog/index.js';
import { createResponse } from '../../../src/sip/message/factory.js';
import { formatUri } from '../../../src/sip/message/index.js';
import type { SipRequest, Via } from '../../../src/sip/message/index.js';
import { invite, request } from './helpers.js';

const via: Via = { protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.1', port: 5060, params: new Map([['branch', 'z9hG4bKdlgtest']]) };

/** Route header values of a request, in order. */
const routes = (req: SipRequest): string[] => req.headers.getAll('Route');

/** Our INVITE (as UAC) and the 2xx the peer answered it with. */
function uacPair(recordRoute: string[]) {
  const req = request([
    'INVITE sip:1002@pbx.example.net SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKout1',
    'Max-Forwards: 70',
    'From: <sip:um@um.example.com>;tag=ours',
    'To: <sip:1002@pbx.example.net>',
    'Call-ID: out-1@um.example.com',
    'CSeq: 7 INVITE',
    'Contact: <sip:192.0.2.1:5060>',
  ]);
  const ok = createResponse(req, 200, undefined, {
    toTag: 'theirs',
    headers: [...recordRoute.map((r) => ['Record-Route', r] as const), ['Contact', '<sip:1002@192.0.2.20:5070>']],
  });
  return { req, ok };
}

describe('RFC 3261 §12.1 dialog creation', () => {
  it('takes the UAS route set from Record-Route in order, the remote target from Contact and the remote CSeq from the INVITE, per §12.1.1', () => {
    const inv = invite({
      cseq: 314,
      fromTag: 'gwtag',
      callId: 'abc@192.0.2.10',
      recordRoute: ['<sip:p1.example.net;lr>', '<sip:p2.example.net;lr>'],
      contact: '<sip:alice@192.0.2.10:5072;transport=udp>',
    });
    const dialog = Dialog.forUas(inv, 'umtag', false);
    assert.deepEqual(dialog.routeSet.map((r) => formatUri(r.uri)), ['sip:p1.example.net;lr', 'sip:p2.example.net;lr']);
    assert.equal(formatUri(dialog.remoteTarget), 'sip:alice@192.0.2.10:5072;transport=udp');
    assert.equal(dialog.remoteSeq, 314);
    assert.deepEqual(dialog.id, { callId: 'abc@192.0.2.10', localTag: 'umtag', remoteTag: 'gwtag' });
    assert.equal(dialog.local.params.get('tag'), 'umtag');
    assert.equal(dialog.remote.params.get('tag'), 'gwtag');
    assert.equal(formatUri(dialog.remote.uri), 'sip:alice@example.net');
    assert.equal(dialog.state, 'confirmed');
    assert.equal(dialog.secure, false);
    assert.equal(dialogKey(dialog.id), dialogKey({ callId: 'abc@192.0.2.10', localTag: 'umtag', remoteTag: 'gwtag' }));
  });

  it('refuses to form a UAS dialog from a request without a From tag or without a Contact, per §12.1.1', () => {
    const noTag = request([
      'INVITE sip:1001@um.example.com SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnotag',
      'From: <sip:alice@example.net>',
      'To: <sip:1001@um.example.com>',
      'Call-ID: notag@192.0.2.10',
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@192.0.2.10>',
    ]);
    assert.throws(() => Dialog.forUas(noTag, 'umtag', false), (err: unknown) => err instanceof DialogError && err.code === 'SIP_DIALOG_NO_FROM_TAG');
    const noContact = request([
      'INVITE sip:1001@um.example.com SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnocontact',
      'From: <sip:alice@example.net>;tag=x',
      'To: <sip:1001@um.example.com>',
      'Call-ID: nocontact@192.0.2.10',
      'CSeq: 1 INVITE',
    ]);
    assert.throws(() => Dialog.forUas(noContact, 'umtag', false), (err: unknown) => err instanceof DialogError && err.code === 'SIP_DIALOG_NO_CONTACT');
  });

  it('takes the UAC route set from the 2xx Record-Route in reverse order and the remote target from its Contact, per §12.1.2', () => {
    const { req, ok } = uacPair(['<sip:p2.example.net;lr>', '<sip:p1.example.net;lr>']);
    const dialog = Dialog.forUac(req, ok, false);
    assert.deepEqual(dialog.routeSet.map((r) => formatUri(r.uri)), ['sip:p1.example.net;lr', 'sip:p2.example.net;lr']);
    assert.equal(formatUri(dialog.remoteTarget), 'sip:1002@192.0.2.20:5070');
    assert.deepEqual(dialog.id, { callId: 'out-1@um.example.com', localTag: 'ours', remoteTag: 'theirs' });
    assert.equal(dialog.localSeq, 7, '§12.1.2: local sequence number = CSeq of the request');
    assert.equal(dialog.remoteSeq, null, '§12.1.2: remote sequence number empty');
    assert.equal(dialog.state, 'confirmed');
  });
});

describe('RFC 3261 §12.2.1.1 requests within a dialog', () => {
  it('with a loose router first, sends to the remote target with the route set as Route headers and the next CSeq, per §12.2.1.1', () => {
    const dialog = Dialog.forUas(
      invite({ recordRoute: ['<sip:p1.example.net;lr>', '<sip:p2.example.net;lr>'], contact: '<sip:alice@192.0.2.10:5060>' }),
      'umtag',
      false,
    );
    const before = dialog.localSeq;
    const bye = dialog.createRequest('BYE', via, undefined);
    assert.equal(formatUri(bye.uri), 'sip:alice@192.0.2.10:5060');
    assert.deepEqual(routes(bye), ['<sip:p1.example.net;lr>', '<sip:p2.example.net;lr>']);
    assert.equal(bye.cseq.seq, before + 1, '§12.2.1.1: local CSeq incremented by one');
    assert.equal(bye.cseq.method, 'BYE');
    assert.equal(bye.from.params.get('tag'), 'umtag', 'From = local URI and tag');
    assert.equal(bye.to.params.get('tag'), dialog.id.remoteTag, 'To = remote URI and tag');
    assert.equal(bye.callId, dialog.id.callId);
    assert.equal(formatUri(dialog.nextHopUri()), 'sip:p1.example.net;lr');
    const info = dialog.createRequest('INFO', via, undefined);
    assert.equal(info.cseq.seq, before + 2);
  });

  it('with no route set, sends to the remote target with no Route header, per §12.2.1.1', () => {
    const dialog = Dialog.forUas(invite({ contact: '<sip:alice@192.0.2.10:5060>' }), 'umtag', false);
    const bye = dialog.createRequest('BYE', via, undefined);
    assert.equal(formatUri(bye.uri), 'sip:alice@192.0.2.10:5060');
    assert.deepEqual(routes(bye), []);
    assert.equal(formatUri(dialog.nextHopUri()), 'sip:alice@192.0.2.10:5060');
  });

  it('with a strict router first, puts that route in the Request-URI and appends the remote target as the last Route, per §12.2.1.1', () => {
    const dialog = Dialog.forUas(
      invite({ recordRoute: ['<sip:strict.example.net>', '<sip:p2.example.net;lr>'], contact: '<sip:alice@192.0.2.10:5060>' }),
      'umtag',
      false,
    );
    const bye = dialog.createRequest('BYE', via, undefined);
    assert.equal(formatUri(bye.uri), 'sip:strict.example.net');
    assert.deepEqual(routes(bye), ['<sip:p2.example.net;lr>', '<sip:alice@192.0.2.10:5060>']);
  });

  it('sends an ACK with the CSeq number it is given rather than a new one, per §13.2.2.4', () => {
    const dialog = Dialog.forUas(invite(), 'umtag', false);
    const before = dialog.localSeq;
    const ack = dialog.createRequest('ACK', via, undefined, {}, 42);
    assert.equal(ack.cseq.seq, 42);
    assert.equal(dialog.localSeq, before, 'the local sequence number is not consumed');
  });

  it('replaces the remote target with the Contact of a target refresh request, per §12.2.2', () => {
    const dialog = Dialog.forUas(invite({ contact: '<sip:alice@192.0.2.10:5060>' }), 'umtag', false);
    dialog.refreshTarget(invite({ contact: '<sip:alice@192.0.2.99:5090>' }));
    assert.equal(formatUri(dialog.remoteTarget), 'sip:alice@192.0.2.99:5090');
  });
});

describe('RFC 3261 §12.2.2 remote sequence numbers', () => {
  it('accepts a higher CSeq, rejects a lower one as out of order, and keeps the highest, per §12.2.2', () => {
    const dialog = Dialog.forUas(invite({ cseq: 10 }), 'umtag', false);
    assert.equal(dialog.acceptRemoteCSeq(11), true);
    assert.equal(dialog.remoteSeq, 11);
    assert.equal(dialog.acceptRemoteCSeq(9), false, 'lower than the remote sequence number → 500');
    assert.equal(dialog.remoteSeq, 11, 'a rejected request does not lower the remote sequence number');
    assert.equal(dialog.acceptRemoteCSeq(10), false);
  });

  it('accepts any first CSeq when the remote sequence number is empty (UAC dialog), per §12.2.2', () => {
    const { req, ok } = uacPair([]);
    const dialog = Dialog.forUac(req, ok, false);
    assert.equal(dialog.acceptRemoteCSeq(1), true);
    assert.equal(dialog.remoteSeq, 1);
  });
});

describe('dialog state', () => {
  it('goes early → confirmed → terminated and refuses to leave terminated, per §12', () => {
    const dialog = Dialog.forUas(invite(), 'umtag', false, 'early');
    assert.equal(dialog.state, 'early');
    dialog.transition('confirmed');
    dialog.transition('terminated');
    assert.throws(() => dialog.transition('confirmed'), (err: unknown) => err instanceof DialogError && err.code === 'SIP_DIALOG_BAD_TRANSITION');
  });
});
