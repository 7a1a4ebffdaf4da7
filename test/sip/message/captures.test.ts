/**
 * Messages captured from real peers on this machine (test/vectors/sip/captures/README.md): each
 * parses, keeps the values that matter to the transaction and dialog layers, and survives a
 * serialize → parse round trip.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseMessage, serializeMessage, formatUri, parseNameAddrList } from '../../../src/sip/message/index.js';
import type { SipMessage } from '../../../src/sip/message/index.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      readFileSync(join(dir, 'package.json'));
      readFileSync(join(dir, 'test/vectors/sip/captures/README.md'));
      return dir;
    } catch {
      const up = resolve(dir, '..');
      if (up === dir) throw new Error('repository root not found');
      dir = up;
    }
  }
}

const folder = join(repoRoot(), 'test/vectors/sip/captures');
const load = (name: string): SipMessage => parseMessage(readFileSync(join(folder, name)), { datagram: true });

describe('SIP messages captured from sipp, baresip and Kamailio', () => {
  it('parses sipp’s INVITE with its SDP body counted by Content-Length in bytes', () => {
    const m = load('sipp-uac-invite.sip');
    assert.equal(m.type, 'request');
    if (m.type !== 'request') return;
    assert.equal(m.method, 'INVITE');
    assert.equal(formatUri(m.uri), 'sip:service@127.0.0.1:5999');
    assert.equal(m.from.displayName, 'sipp');
    assert.equal(m.from.params.get('tag'), '16539SIPpTag001');
    assert.equal(m.cseq.seq, 1);
    assert.equal(m.body.length, 129);
    assert.match(m.body.toString(), /^v=0\r\n/);
  });

  it('parses baresip’s INVITE with an empty Supported header and rport flag', () => {
    const m = load('baresip-invite.sip');
    assert.equal(m.type, 'request');
    assert.equal(m.via[0]!.params.get('rport'), null);
    assert.equal(m.via[0]!.params.has('rport'), true);
    assert.equal(m.headers.get('Supported'), '');
    assert.deepEqual(m.headers.getAll('Supported'), []);
    assert.equal(m.body.length, 362);
  });

  it('parses the INVITE Kamailio forwarded: two Vias with received/rport and a Record-Route', () => {
    const m = load('kamailio-forwarded-invite.sip');
    assert.equal(m.via.length, 2);
    assert.equal(m.via[1]!.params.get('received'), '127.0.0.1');
    assert.equal(m.via[1]!.params.get('rport'), '5997');
    assert.equal(m.via[0]!.params.get('branch'), 'z9hG4bKf741.438eb991d7aaf8fc8ead4372ccb74cab.0');
    const rr = parseNameAddrList(m.headers.getAll('Record-Route'));
    if (rr === '*') return assert.fail('Record-Route parsed as *');
    assert.equal(rr.length, 1);
    assert.equal(rr[0]!.uri.scheme, 'sip');
    assert.ok('params' in rr[0]!.uri && rr[0]!.uri.params.has('lr'));
  });

  it('parses sipp UAS responses (180, 200 with SDP, 200 to BYE)', () => {
    const ringing = load('sipp-uas-180.sip');
    const ok = load('sipp-uas-200-sdp.sip');
    const byeOk = load('sipp-uas-200-bye.sip');
    assert.ok(ringing.type === 'response' && ringing.status === 180);
    assert.ok(ok.type === 'response' && ok.status === 200 && ok.body.length > 0);
    assert.equal(ok.to.params.get('tag'), '16870SIPpTag011');
    assert.ok(byeOk.type === 'response' && byeOk.cseq.method === 'BYE');
  });

  for (const name of ['sipp-uac-invite.sip', 'sipp-uac-ack-for-486.sip', 'baresip-invite.sip', 'baresip-ack-for-486.sip',
    'kamailio-forwarded-invite.sip', 'kamailio-forwarded-ack.sip', 'sipp-uas-180.sip', 'sipp-uas-200-sdp.sip', 'sipp-uas-200-bye.sip']) {
    it(`round-trips ${name}: serialize then parse gives the same core values`, () => {
      const first = load(name);
      const again = parseMessage(serializeMessage(first), { datagram: false });
      assert.equal(again.callId, first.callId);
      assert.deepEqual(again.cseq, first.cseq);
      assert.equal(again.via.length, first.via.length);
      assert.equal(again.from.params.get('tag'), first.from.params.get('tag'));
      assert.equal(again.to.params.get('tag'), first.to.params.get('tag'));
      assert.deepEqual(again.body, first.body);
      assert.deepEqual(again.headers.fields(), first.headers.fields());
    });
  }
});
