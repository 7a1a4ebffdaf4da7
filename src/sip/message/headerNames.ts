/**
 * Header names: compact forms (RFC 3261 §7.3.3 and the extensions that define one) and the
 * canonical spelling we use when we store or write a header. Lookups are case-insensitive
 * (§7.3.1: "field names are always case-insensitive").
 */
const compact: Readonly<Record<string, string>> = {
  a: 'Accept-Contact', // RFC 3841
  b: 'Referred-By', // RFC 3892
  c: 'Content-Type',
  d: 'Request-Disposition', // RFC 3841
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact', // RFC 3841
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  o: 'Event', // RFC 6665
  r: 'Refer-To', // RFC 3515
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events', // RFC 6665
  v: 'Via',
  x: 'Session-Expires', // RFC 4028
  y: 'Identity', // RFC 8224
};

const canonicalSpellings = [
  'Accept', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow', 'Authentication-Info',
  'Authorization', 'Call-ID', 'Call-Info', 'Contact', 'Content-Disposition', 'Content-Encoding',
  'Content-Language', 'Content-Length', 'Content-Type', 'CSeq', 'Date', 'Error-Info', 'Expires',
  'From', 'In-Reply-To', 'Max-Forwards', 'MIME-Version', 'Min-Expires', 'Organization', 'Priority',
  'Proxy-Authenticate', 'Proxy-Authorization', 'Proxy-Require', 'Record-Route', 'Reply-To',
  'Require', 'Retry-After', 'Route', 'Server', 'Subject', 'Supported', 'Timestamp', 'To',
  'Unsupported', 'User-Agent', 'Via', 'Warning', 'WWW-Authenticate', 'Diversion', 'History-Info',
  'Event', 'Allow-Events', 'Subscription-State', 'Refer-To', 'Referred-By', 'Session-Expires',
  'Min-SE', 'RAck', 'RSeq', 'P-Asserted-Identity', 'P-Preferred-Identity', 'Privacy', 'Reason',
  'Replaces', 'Path', 'Service-Route', 'Accept-Contact', 'Reject-Contact', 'Request-Disposition',
  'Identity', 'Refer-Sub', 'Target-Dialog', 'Security-Client', 'Security-Server', 'Security-Verify',
] as const;

const byLower = new Map<string, string>(canonicalSpellings.map((n) => [n.toLowerCase(), n]));
for (const [short, long] of Object.entries(compact)) byLower.set(short, long);

/**
 * The canonical spelling of a header name: compact forms expanded, known names in their RFC
 * spelling, unknown names kept as received.
 */
export function canonicalHeaderName(name: string): string {
  return byLower.get(name.toLowerCase()) ?? name;
}

/**
 * Headers whose grammar is a comma-separated list (`Header: a, b` ≡ two `Header:` lines,
 * RFC 3261 §7.3.1). Headers such as WWW-Authenticate or Date contain commas but are not lists.
 */
const listHeaders = new Set<string>([
  'Accept', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow', 'Call-Info', 'Contact',
  'Content-Encoding', 'Content-Language', 'Error-Info', 'In-Reply-To', 'Proxy-Require',
  'Record-Route', 'Require', 'Route', 'Supported', 'Unsupported', 'Via', 'Warning', 'Diversion',
  'History-Info', 'Allow-Events', 'P-Asserted-Identity', 'P-Preferred-Identity', 'Reason', 'Path',
  'Service-Route', 'Accept-Contact', 'Reject-Contact', 'Request-Disposition', 'Privacy',
].map((n) => n.toLowerCase()));

export function isListHeader(canonicalName: string): boolean {
  return listHeaders.has(canonicalName.toLowerCase());
}

/** A known header: its canonical spelling and lookup key (the canonical name lower-cased). */
export interface KnownHeader {
  readonly name: string;
  readonly key: string;
}

const known = new Map<string, KnownHeader>();
for (const [lower, name] of byLower) known.set(lower, Object.freeze({ name, key: name.toLowerCase() }));

/** The known header for an already lower-cased name (compact forms included), if any. */
export function knownHeader(lowerName: string): KnownHeader | undefined {
  return known.get(lowerName);
}

/** The key under which SipHeaders files a header name (its canonical spelling lower-cased). */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  return known.get(lower)?.key ?? lower;
}

/** Every spelling we look up directly (lower-case, canonical and compact), with its header. */
export function knownHeaderSpellings(): Array<[spelling: string, header: KnownHeader]> {
  const out: Array<[string, KnownHeader]> = [];
  for (const [lowerName, header] of known) {
    out.push([lowerName, header]);
    if (lowerName.length > 1) out.push([header.name, header]);
    else out.push([lowerName.toUpperCase(), header]);
  }
  return out;
}
