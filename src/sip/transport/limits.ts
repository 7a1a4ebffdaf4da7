/**
 * Every limit of the transport layer, with the reason beside it. An explicit 0 is kept as 0
 * (never `value || DEFAULT`); a missing value takes the default.
 */
export interface TransportLimits {
  /**
   * Largest datagram accepted or sent. 65535 is the UDP length field's ceiling (RFC 768); nothing
   * larger can arrive, and RFC 3261 §18.1.1 wants large requests on TCP anyway.
   */
  maxDatagramSize: number;
  /**
   * Largest stream header block (start line + headers) before its empty line. SIP header blocks are
   * a few KiB; 64 KiB leaves room for long Record-Route sets and stops an endless header (§18.3).
   */
  maxHeaderBytes: number;
  /**
   * Largest body a stream message may announce, checked before any of it is buffered. SDP and
   * message-summary bodies are small; 128 KiB bounds one connection's buffer to ~192 KiB.
   */
  maxBodyBytes: number;
  /** Close a TCP/TLS connection after this long without traffic either way (0 = never). */
  idleTimeoutMs: number;
  /** Open TCP + TLS connections, inbound and outbound together (each costs a buffer and an fd). */
  maxConnections: number;
  /** Give up on a connect (TCP + TLS handshake, outbound; TLS handshake, inbound) after this long. */
  connectTimeoutMs: number;
  /**
   * After a framing error we half-close the connection so that an answer written in onParseError
   * still leaves; the socket is destroyed after this grace period at the latest.
   */
  closeGraceMs: number;
}

export const defaultTransportLimits: Readonly<TransportLimits> = Object.freeze({
  maxDatagramSize: 65535,
  maxHeaderBytes: 64 * 1024,
  maxBodyBytes: 128 * 1024,
  idleTimeoutMs: 5 * 60 * 1000,
  maxConnections: 1024,
  connectTimeoutMs: 10_000,
  closeGraceMs: 2_000,
});

/** Defaults for every field left undefined; explicit values (including 0) are kept. */
export function resolveTransportLimits(partial?: Partial<TransportLimits>): TransportLimits {
  const out: TransportLimits = { ...defaultTransportLimits };
  if (partial) {
    for (const key of Object.keys(out) as Array<keyof TransportLimits>) {
      const value = partial[key];
      if (value !== undefined) out[key] = value;
    }
  }
  return out;
}
