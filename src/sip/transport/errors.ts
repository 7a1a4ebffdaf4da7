/**
 * Errors the transport layer raises (RFC 3261 §18). Each has a stable `code`; the ones a peer can
 * cause (framing, oversize) carry the SIP status a server would answer with when it still can.
 */
import { OpenUmError } from '../../util/errors.js';

export type TransportErrorCode =
  /** A listener could not bind its host:port (EADDRINUSE, EACCES, …). */
  | 'SIP_TRANSPORT_BIND_FAILED'
  /** The TLS certificate, key or CA file could not be read. */
  | 'SIP_TRANSPORT_TLS_CONFIG'
  /** No listener of the requested transport (or address family) is configured. */
  | 'SIP_TRANSPORT_NOT_AVAILABLE'
  /** The manager is not started or already closed. */
  | 'SIP_TRANSPORT_CLOSED'
  /** Sending failed: connect refused, socket error, connect timeout. */
  | 'SIP_TRANSPORT_SEND_FAILED'
  /** The open-connection limit is reached. */
  | 'SIP_TRANSPORT_TOO_MANY_CONNECTIONS'
  /** A datagram larger than the configured maximum (received or to be sent). */
  | 'SIP_TRANSPORT_DATAGRAM_TOO_LARGE'
  /** A stream header block grew past the limit without its empty line (§18.3). */
  | 'SIP_TRANSPORT_HEADER_TOO_LARGE'
  /** A stream message announced a body larger than the limit. */
  | 'SIP_TRANSPORT_BODY_TOO_LARGE'
  /** A stream message had a missing-digits, conflicting or out-of-range Content-Length (§18.3). */
  | 'SIP_TRANSPORT_BAD_CONTENT_LENGTH'
  /** A response would go to a multicast or broadcast address, which we never send to. */
  | 'SIP_TRANSPORT_MULTICAST_REFUSED'
  /** A Via names a transport this server does not run (SCTP, WS, …). */
  | 'SIP_TRANSPORT_UNSUPPORTED';

export class TransportError extends OpenUmError {
  override readonly name = 'TransportError';
  declare readonly code: TransportErrorCode;
  /** The SIP status a server answers with when the error comes from a peer's message, else null. */
  readonly status: number | null;

  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(code, message, options);
    this.status = options?.status ?? null;
  }
}
