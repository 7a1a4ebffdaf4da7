/**
 * Where a response goes (RFC 3261 §18.2.2, RFC 3581 §4), decided from the top Via of the request
 * and the endpoint the request came from. Pure: no socket, no DNS.
 */
import type { Via } from '../message/index.js';
import { defaultPort, isMulticastOrBroadcast, normalizeHost } from './address.js';
import { TransportError } from './errors.js';
import { isReliable, type Endpoint } from './types.js';

/**
 * The Endpoint a response to a request with this top Via, received from `source`, is sent to.
 * Throws SIP_TRANSPORT_MULTICAST_REFUSED for a multicast/broadcast destination.
 */
export function responseTarget(topVia: Via, source: Endpoint): Endpoint {
  const sentByPort = topVia.port;
  const received = paramValue(topVia, 'received');

  // §18.2.2: "If the sent-protocol is a reliable transport protocol such as TCP or SCTP, or TLS
  // over those, the response MUST be sent using the existing connection to the source of the
  // original request that created the transaction, if that connection is still open. [...] If
  // that connection is no longer open, the server SHOULD open a connection to the IP address in
  // the received parameter, if present, using the port in the sent-by value, or the default port
  // for that transport." The connection is the one the request used, so reliability is judged
  // by the transport it actually arrived on.
  if (isReliable(source.transport)) {
    const target: Endpoint = {
      transport: source.transport,
      address: refuseMulticast(normalizeHost(received ?? topVia.host)),
      port: sentByPort ?? defaultPort(source.transport),
    };
    if (source.connectionId !== undefined) target.connectionId = source.connectionId;
    return target;
  }

  // §18.2.2: "Otherwise, if the Via header field value contains a maddr parameter, the response
  // MUST be forwarded to the address listed there, using the port indicated in sent-by, or port
  // 5060 if none is present." Multicast (and so the ttl parameter) is refused: see address.ts.
  const maddr = paramValue(topVia, 'maddr');
  if (maddr !== null) {
    return { transport: source.transport, address: refuseMulticast(normalizeHost(maddr)), port: sentByPort ?? 5060 };
  }

  // RFC 3581 §4: "If the sent-protocol component indicates an unreliable unicast transport
  // protocol, such as UDP, and there is no maddr parameter, but there is both a received
  // parameter and an rport parameter, the response MUST be sent to the IP address listed in the
  // received parameter, and the port in the rport parameter." When the rport is still empty
  // (the request was not stamped), the source port is what it would have held.
  if (topVia.params.has('rport')) {
    const rport = parsePort(paramValue(topVia, 'rport'));
    return {
      transport: source.transport,
      address: refuseMulticast(normalizeHost(received ?? source.address)),
      port: rport ?? source.port,
    };
  }

  // §18.2.2: "Otherwise (for unreliable unicast transports), if the top Via has a received
  // parameter, the response MUST be sent to the address in the received parameter, using the port
  // indicated in the sent-by value, or using port 5060 if none is specified explicitly."
  if (received !== null) {
    return { transport: source.transport, address: refuseMulticast(normalizeHost(received)), port: sentByPort ?? 5060 };
  }

  // §18.2.2: "Otherwise, if it is not receiver-tagged, the response MUST be sent to the address
  // indicated by the sent-by value" (a host name is resolved by the socket's lookup).
  return { transport: source.transport, address: refuseMulticast(normalizeHost(topVia.host)), port: sentByPort ?? 5060 };
}

function paramValue(via: Via, name: string): string | null {
  const value = via.params.get(name);
  return value === undefined || value === null || value === '' ? null : value;
}

function parsePort(value: string | null): number | null {
  if (value === null || !/^[0-9]{1,5}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= 65535 ? n : null;
}

function refuseMulticast(address: string): string {
  if (isMulticastOrBroadcast(address)) {
    throw new TransportError(
      'SIP_TRANSPORT_MULTICAST_REFUSED',
      `refusing to send a response to multicast/broadcast address ${address} (RFC 3261 §18.2.2 maddr)`,
    );
  }
  return address;
}
