import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipRequest } from '../../../src/sip/message/types.js';
import { stampReceivedParams } from '../../../src/sip/transport/receivedParams.js';
import type { Endpoint } from '../../../src/sip/transport/types.js';
import { requestBytes, testCodec } from './fixtures.js';

function stamped(via: string, source: Endpoint): Record<string, string | null> {
  const request = testCodec.parse(requestBytes({ via }), true) as SipRequest;
  stampReceivedParams(request, source);
  return Object.fromEntries(request.via[0]!.params);
}

const source: Endpoint = { transport: 'UDP', address: '203.0.113.9', port: 40000 };

describe('RFC 3261 §18.2.1 / RFC 3581 §4 receiver tagging of the top Via', () => {
  it('adds received when the sent-by IP differs from the source address', () => {
    assert.deepEqual(stamped('SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1', source), { branch: 'z9hG4bK1', received: '203.0.113.9' });
  });

  it('adds received when sent-by is a host name', () => {
    assert.deepEqual(stamped('SIP/2.0/UDP gw.example.com;branch=z9hG4bK1', source), { branch: 'z9hG4bK1', received: '203.0.113.9' });
  });

  it('adds nothing when sent-by is the source address and there is no rport', () => {
    assert.deepEqual(stamped('SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK1', source), { branch: 'z9hG4bK1' });
  });

  it('fills an empty rport with the source port, and adds received even when it equals sent-by', () => {
    assert.deepEqual(stamped('SIP/2.0/UDP 203.0.113.9:5060;rport;branch=z9hG4bK1', source), {
      rport: '40000', branch: 'z9hG4bK1', received: '203.0.113.9',
    });
  });

  it('leaves an rport that already has a value', () => {
    assert.equal(stamped('SIP/2.0/UDP 203.0.113.9;rport=1234', source).rport, '1234');
  });

  it('compares IPv6 addresses in any spelling and IPv4-mapped sources as IPv4', () => {
    assert.deepEqual(stamped('SIP/2.0/UDP [2001:DB8:0::1]:5060', { ...source, address: '2001:db8::1' }), {});
    assert.deepEqual(stamped('SIP/2.0/UDP 203.0.113.9', { ...source, address: '::ffff:203.0.113.9' }), {});
  });
});
