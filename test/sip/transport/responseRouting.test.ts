import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Via } from '../../../src/sip/message/types.js';
import { TransportError } from '../../../src/sip/transport/errors.js';
import { responseTarget } from '../../../src/sip/transport/responseRouting.js';
import type { Endpoint } from '../../../src/sip/transport/types.js';

function via(transport: string, host: string, port: number | null, params: Record<string, string | null> = {}): Via {
  return { protocol: 'SIP/2.0', transport, host, port, params: new Map(Object.entries(params)) };
}

const udpSource: Endpoint = { transport: 'UDP', address: '203.0.113.9', port: 40000 };
const tcpSource: Endpoint = { transport: 'TCP', address: '203.0.113.9', port: 51000, connectionId: 'tcp-7' };

describe('RFC 3261 §18.2.2 / RFC 3581 §4 response destination', () => {
  const table: Array<[string, Via, Endpoint, Endpoint]> = [
    ['UDP with rport and received → received address and rport',
      via('UDP', '10.0.0.5', 5060, { branch: 'z9hG4bK1', rport: '40000', received: '203.0.113.9' }), udpSource,
      { transport: 'UDP', address: '203.0.113.9', port: 40000 }],
    ['UDP with an unstamped empty rport → source address and port',
      via('UDP', '10.0.0.5', 5060, { rport: null }), udpSource,
      { transport: 'UDP', address: '203.0.113.9', port: 40000 }],
    ['UDP with received, no rport → received address, sent-by port',
      via('UDP', '10.0.0.5', 5070, { received: '203.0.113.9' }), udpSource,
      { transport: 'UDP', address: '203.0.113.9', port: 5070 }],
    ['UDP with received and no sent-by port → port 5060',
      via('UDP', 'gw.example.com', null, { received: '203.0.113.9' }), udpSource,
      { transport: 'UDP', address: '203.0.113.9', port: 5060 }],
    ['UDP not receiver-tagged → sent-by host and port',
      via('UDP', '203.0.113.9', 5062), udpSource,
      { transport: 'UDP', address: '203.0.113.9', port: 5062 }],
    ['UDP with maddr → maddr address, sent-by port (takes precedence over received and rport)',
      via('UDP', '10.0.0.5', 5064, { maddr: '198.51.100.4', received: '203.0.113.9', rport: '40000' }), udpSource,
      { transport: 'UDP', address: '198.51.100.4', port: 5064 }],
    ['TCP → the same connection, falling back to received and sent-by port',
      via('TCP', '10.0.0.5', 5080, { received: '203.0.113.9', rport: '51000' }), tcpSource,
      { transport: 'TCP', address: '203.0.113.9', port: 5080, connectionId: 'tcp-7' }],
    ['TLS without sent-by port → the same connection, falling back to port 5061',
      via('TLS', '203.0.113.9', null), { ...tcpSource, transport: 'TLS', connectionId: 'tls-3' },
      { transport: 'TLS', address: '203.0.113.9', port: 5061, connectionId: 'tls-3' }],
    ['IPv6 sent-by in brackets → bare address',
      via('UDP', '[2001:DB8::1]', 5060), { transport: 'UDP', address: '2001:db8::1', port: 5060 },
      { transport: 'UDP', address: '2001:db8::1', port: 5060 }],
  ];
  for (const [name, topVia, source, expected] of table) {
    it(name, () => assert.deepEqual(responseTarget(topVia, source), expected));
  }

  for (const maddr of ['224.0.0.1', '239.255.255.250', '255.255.255.255', 'ff02::1']) {
    it(`refuses to answer to multicast/broadcast maddr ${maddr}`, () => {
      assert.throws(
        () => responseTarget(via('UDP', '10.0.0.5', 5060, { maddr, ttl: '1' }), udpSource),
        (err: unknown) => err instanceof TransportError && err.code === 'SIP_TRANSPORT_MULTICAST_REFUSED',
      );
    });
  }
});
