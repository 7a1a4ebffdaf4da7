/**
 * The SIP message model (RFC 3261 §7). A message keeps every header as received, in order, as raw
 * text (SipHeaders), and the parser also hands out the typed values that transactions and dialogs
 * need on every message (Via, From, To, Call-ID, CSeq), validated once at parse time.
 * Other headers are parsed on demand by the functions in ./headers/.
 */
import type { SipHeaders } from './headers.js';

/** Header or URI parameters: names lower-cased, value null for a flag parameter (`;lr`). */
export type Params = Map<string, string | null>;

/** sip: and sips: URIs (RFC 3261 §19.1). `user` and `password` are unescaped. */
export interface SipUri {
  scheme: 'sip' | 'sips';
  user: string | null;
  password: string | null;
  /** Host name (lower-cased), IPv4 address, or IPv6 reference in brackets (`[2001:db8::1]`). */
  host: string;
  port: number | null;
  params: Params;
  /** `?name=value` headers of the URI, unescaped. */
  headers: Map<string, string>;
}

/** tel: URIs (RFC 3966). `number` keeps visual separators removed: "+15551234567" or "1001". */
export interface TelUri {
  scheme: 'tel';
  number: string;
  params: Params;
}

/** Any other absoluteURI (RFC 3261 §25.1), kept opaque. */
export interface OtherUri {
  scheme: string;
  /** Everything after the colon, as received. */
  opaque: string;
}

export type Uri = SipUri | TelUri | OtherUri;

/** name-addr / addr-spec with header parameters (From, To, Contact, Route, Diversion, …). */
export interface NameAddr {
  /** The display name without quotes, with quoted-pair escapes resolved; null when absent. */
  displayName: string | null;
  uri: Uri;
  params: Params;
}

/** One Via value (RFC 3261 §20.42, RFC 3581 rport). */
export interface Via {
  /** "SIP/2.0" normally; kept as received (whitespace removed). */
  protocol: string;
  /** Upper-cased transport token: UDP, TCP, TLS, SCTP, WS, WSS, … */
  transport: string;
  host: string;
  port: number | null;
  params: Params;
}

export interface CSeq {
  seq: number;
  method: string;
}

interface MessageBase {
  /** SIP-Version as received, normally "SIP/2.0". */
  version: string;
  headers: SipHeaders;
  /** Exactly Content-Length bytes (or, over a datagram without Content-Length, the rest). */
  body: Buffer;
  /** Every Via, top first. At least one. */
  via: Via[];
  from: NameAddr;
  to: NameAddr;
  callId: string;
  cseq: CSeq;
  /** Max-Forwards (0-255) when the message has one; set by the parser. */
  maxForwards?: number | undefined;
}

export interface SipRequest extends MessageBase {
  type: 'request';
  /** Method token, case-sensitive as RFC 3261 §7.1 says ("INVITE", or an extension method). */
  method: string;
  uri: Uri;
}

export interface SipResponse extends MessageBase {
  type: 'response';
  status: number;
  reason: string;
}

export type SipMessage = SipRequest | SipResponse;
