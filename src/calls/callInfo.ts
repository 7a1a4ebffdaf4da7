/**
 * The INVITE as plain facts for um/ (ARCHITECTURE.md: um/ never touches a SIP header): who calls,
 * which number they called, and whose call was diverted to us and why.
 *
 * Sources, each header read with the sip/message parser of that header:
 * - Caller: P-Asserted-Identity (RFC 3325) when it yields a number, else From. Anonymous when
 *   Privacy (RFC 3323 §4.2) asks for `id` or `user`, or the From is anonymous
 *   (`sip:anonymous@anonymous.invalid`, RFC 3323 §4.1.1.3, or any `anonymous` user or name).
 * - Called number: the Request-URI's user part (sip, sips) or number (tel), else the To.
 * - Diversion, by precedence (the first that yields an entry wins, the others are not merged):
 *   1. Diversion (RFC 5806): what Cisco CUCM, Asterisk, FreeSWITCH and most gateways send, and
 *      what Exchange UM reads first;
 *   2. History-Info (RFC 7044) with RFC 4458 cause values (IMS, BroadWorks, Avaya, AudioCodes);
 *   3. RFC 4458 `target`/`cause` parameters of the Request-URI itself (a voicemail URI).
 *
 * `diversions` are in chronological order: [0] is the first diversion, whose diverting party is
 * the originally called user (the mailbox: Exchange UM takes the *last* Diversion entry, RFC 5806
 * §2 puts the most recent diversion on top), the last element is the most recent diversion.
 * `redirectingNumber` and `divertReason` are those of diversions[0]: the greeting (busy or not)
 * is about why the mailbox owner did not answer, not why a later party forwarded.
 *
 * A header that does not parse is ignored and named in `warnings`; callInfoOf never throws on
 * what a peer sent. Numbers are `+` and digits only (visual separators and URI parameters such
 * as phone-context removed); anything else (a name, `*86`) is null.
 */
import {
  parseDiversion,
  parseHistoryInfo,
  parseNameAddr,
  parseUri,
  SipHeaders,
  type HistoryInfoEntry,
  type NameAddr,
  type SipRequest,
  type Uri,
} from '../sip/message/index.js';
import type { DivertReason } from '../store/index.js';

export interface DiversionInfo {
  /** The diverting party's number, or null when its address holds none. */
  number: string | null;
  reason: DivertReason;
  source: 'diversion' | 'history-info' | 'request-uri';
}

export interface CallInfo {
  /**
   * The caller's number: P-Asserted-Identity when it has one, else From. Kept when `anonymous`
   * (the network asserted it to us); whoever shows or stores it must then hide it.
   */
  callerNumber: string | null;
  /** Display name (P-Asserted-Identity, else From), control characters removed, ≤ 100 characters; null when anonymous. */
  callerName: string | null;
  /** Request-URI user part (sip, sips, tel), else the To's. */
  calledNumber: string | null;
  /** Oldest first: [0] names the originally called party (see the module comment). */
  diversions: DiversionInfo[];
  /** The mailbox owner: diversions[0].number, null when the call was not diverted (or [0] has no number). */
  redirectingNumber: string | null;
  divertReason: DivertReason | null;
  /** Privacy: id or user, or an anonymous From. */
  anonymous: boolean;
  /** One line per header that was ignored because it did not parse (no message content, bounded). */
  warnings: string[];
}

/** Longest number kept: E.164 allows 15 digits; 32 leaves room for prefixes and matches config's digits(). */
const MAX_NUMBER_DIGITS = 32;
/** Display names are cut here (code points): enough for any real name, bounded for logs and emails. */
export const MAX_CALLER_NAME = 100;
/** More Diversion or History-Info entries than this is a loop or an attack: the header is ignored. */
export const MAX_DIVERSION_ENTRIES = 32;
/** Longest excerpt of a parse error quoted in a warning. */
const MAX_WARNING_DETAIL = 120;

// ---------------------------------------------------------------------------------------------
// Reasons
// ---------------------------------------------------------------------------------------------

/** RFC 5806 §4 diversion-reason values; anything else is 'unknown'. */
const diversionReasons: ReadonlyMap<string, DivertReason> = new Map<string, DivertReason>([
  ['user-busy', 'busy'],
  ['no-answer', 'no-answer'],
  ['unconditional', 'unconditional'],
  ['deflection', 'deflection'],
  ['unavailable', 'unavailable'],
  ['out-of-service', 'unavailable'],
  ['away', 'unavailable'],
  // The user declined calls: the busy greeting fits (CUCM's DND "call reject" answers busy too).
  ['do-not-disturb', 'busy'],
  // Forwarding the user set up (by schedule, to follow them): as unconditional as a forward gets.
  ['time-of-day', 'unconditional'],
  ['follow-me', 'unconditional'],
  ['unknown', 'unknown'],
]);

/**
 * RFC 4458 §3 `cause` URI parameter values (the ISUP redirecting reasons of Q.763 §3.45):
 * 404 unknown/not available (also 3GPP's "not logged in"), 302 unconditional, 486 user busy,
 * 408 no reply, 480 deflection immediate response, 487 deflection during alerting,
 * 503 mobile subscriber not reachable.
 */
const rfc4458Causes: ReadonlyMap<number, DivertReason> = new Map<number, DivertReason>([
  [302, 'unconditional'],
  [404, 'unavailable'],
  [408, 'no-answer'],
  [480, 'deflection'],
  [486, 'busy'],
  [487, 'deflection'],
  [503, 'unavailable'],
]);

function reasonOfCause(cause: number): DivertReason {
  return rfc4458Causes.get(cause) ?? 'unknown';
}

/**
 * A Reason header's SIP status (RFC 7044 §4: the response the retargeted-from request got), read
 * as a SIP response rather than an RFC 4458 cause: 487 there means the ringing was cancelled.
 */
function reasonOfStatus(status: number): DivertReason | null {
  if (status === 486 || status === 600) return 'busy';
  if (status === 408 || status === 487) return 'no-answer';
  if (status === 480 || status === 404 || status === 410 || status === 503) return 'unavailable';
  if (status === 301 || status === 302) return 'unconditional';
  if (status === 603) return 'deflection';
  return status >= 300 ? 'unknown' : null;
}

/** Q.850 cause values a Reason header may carry instead (RFC 3326): 17 busy, 18/19 no answer, 20 absent. */
function reasonOfQ850(cause: number): DivertReason | null {
  if (cause === 17) return 'busy';
  if (cause === 18 || cause === 19) return 'no-answer';
  if (cause === 20) return 'unavailable';
  if (cause === 21) return 'deflection';
  return null;
}

/** `SIP;cause=486;text="Busy Here"` or `Q.850;cause=17` (RFC 3326 §2) → a reason, or null. */
function reasonOfReasonHeader(value: string | null): DivertReason | null {
  if (value === null) return null;
  // Quoted strings (the text) emptied first, so that a ";cause=" inside them is not a parameter.
  const [protocol, ...params] = value.replace(/"(?:[^"\\]|\\.)*"/g, '""').split(';').map((p) => p.trim());
  const cause = params.map((p) => /^cause\s*=\s*(\d{1,3})$/i.exec(p)?.[1]).find((c) => c !== undefined);
  if (cause === undefined) return null;
  const kind = protocol?.toUpperCase();
  return kind === 'SIP' ? reasonOfStatus(Number(cause)) : kind === 'Q.850' ? reasonOfQ850(Number(cause)) : null;
}

// ---------------------------------------------------------------------------------------------
// Numbers and names
// ---------------------------------------------------------------------------------------------

/** `+` and digits from a user part or tel number; URI parameters and visual separators dropped. */
const numberShape = new RegExp(`^\\+?[0-9]{1,${MAX_NUMBER_DIGITS}}$`);

function phoneNumber(text: string): string | null {
  const semi = text.indexOf(';');
  const bare = (semi < 0 ? text : text.slice(0, semi)).replace(/[-.() ]/g, '');
  return numberShape.test(bare) ? bare : null;
}

function numberOfUri(uri: Uri): string | null {
  if ('number' in uri) return phoneNumber(uri.number);
  if ('user' in uri) return uri.user === null ? null : phoneNumber(uri.user);
  return null;
}

/** Control characters and bidirectional overrides (which can disguise a name) become spaces. */
const unsafeInName = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function cleanName(raw: string | null): string | null {
  if (raw === null) return null;
  const spaced = raw.replace(unsafeInName, ' ').replace(/\s+/g, ' ').trim();
  const cut = [...spaced].slice(0, MAX_CALLER_NAME).join('').trimEnd();
  return cut === '' ? null : cut;
}

function isAnonymousAddress(na: NameAddr): boolean {
  if (na.displayName !== null && /^\s*anonymous\s*$/i.test(na.displayName)) return true;
  const uri = na.uri;
  if (!('user' in uri)) return false;
  return uri.host === 'anonymous.invalid' || (uri.user !== null && uri.user.toLowerCase() === 'anonymous');
}

// ---------------------------------------------------------------------------------------------
// Reading headers without throwing
// ---------------------------------------------------------------------------------------------

function detail(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(unsafeInName, ' ').slice(0, MAX_WARNING_DETAIL);
}

/** The elements of a header each parsed alone: a bad element costs only itself. */
function parseEach<T>(invite: SipRequest, name: string, parse: (value: string) => T, warnings: string[]): T[] {
  const values = invite.headers.getAll(name);
  if (values.length > MAX_DIVERSION_ENTRIES) {
    warnings.push(`${name} ignored: ${values.length} entries (more than ${MAX_DIVERSION_ENTRIES})`);
    return [];
  }
  const out: T[] = [];
  values.forEach((value, i) => {
    try {
      out.push(parse(value));
    } catch (err) {
      warnings.push(`${name} entry ${i + 1} ignored: ${detail(err)}`);
    }
  });
  return out;
}

/** One element as its own header, for the sip/message parsers that read a whole message. */
function single(name: string, value: string): { headers: SipHeaders } {
  return { headers: new SipHeaders([{ name, value }]) };
}

// ---------------------------------------------------------------------------------------------
// Diversion (RFC 5806)
// ---------------------------------------------------------------------------------------------

function fromDiversion(invite: SipRequest, warnings: string[]): DiversionInfo[] {
  const entries = parseEach(invite, 'Diversion', (v) => parseDiversion(single('Diversion', v)), warnings).flat();
  // RFC 5806 §2: the top entry is the most recent diversion; reversed to oldest first.
  return entries.reverse().map((e) => ({
    number: numberOfUri(e.target.uri),
    reason: diversionReasons.get(e.reason ?? 'unknown') ?? 'unknown',
    source: 'diversion' as const,
  }));
}

// ---------------------------------------------------------------------------------------------
// History-Info (RFC 7044, RFC 4244, causes RFC 4458)
// ---------------------------------------------------------------------------------------------

function readHistoryInfo(invite: SipRequest, warnings: string[]): HistoryInfoEntry[] {
  const good = parseEach(invite, 'History-Info', (v) => {
    parseHistoryInfo(single('History-Info', v));
    return v;
  }, warnings);
  if (good.length === 0) return [];
  // Parsed together again so that the parser sorts them by index (RFC 7044 §9.2).
  const headers = new SipHeaders(good.map((value) => ({ name: 'History-Info', value })));
  return parseHistoryInfo({ headers });
}

function parentIndex(index: string): string | null {
  const dot = index.lastIndexOf('.');
  return dot < 0 ? null : index.slice(0, dot);
}

/**
 * The entry a retargeted entry came from: the one its mp parameter names (RFC 7044 §10.2), else
 * the parent of its index, else the entry before it (senders without indexes).
 */
function divertingEntry(sorted: readonly HistoryInfoEntry[], at: number): HistoryInfoEntry | null {
  const entry = sorted[at]!;
  const byIndex = (index: string | null): HistoryInfoEntry | null =>
    index === null || index === '' ? null : (sorted.find((e) => e.index === index) ?? null);
  return byIndex(entry.mp) ?? byIndex(parentIndex(entry.index)) ?? sorted[at - 1] ?? null;
}

/** The Reason (RFC 7044 §4) found on the diverting entry or a descendant tried before `at`. */
function failureReason(sorted: readonly HistoryInfoEntry[], at: number, from: HistoryInfoEntry): DivertReason | null {
  for (let i = at - 1; i >= 0; i--) {
    const e = sorted[i]!;
    const inSubtree = e === from || (from.index !== '' && e.index.startsWith(`${from.index}.`));
    if (!inSubtree) continue;
    const reason = reasonOfReasonHeader(e.reason);
    if (reason !== null) return reason;
  }
  return null;
}

/**
 * Each retargeting, oldest first. An entry is a retargeting when it carries an RFC 4458 cause or
 * an RFC 7044 mp tag, or (RFC 4244 senders, no tags at all) when the entry it came from carries
 * a Reason. rc (same user, registered contact) and np (no change) entries are not diversions.
 */
function fromHistoryInfo(invite: SipRequest, warnings: string[]): DiversionInfo[] {
  const sorted = readHistoryInfo(invite, warnings);
  const out: DiversionInfo[] = [];
  sorted.forEach((entry, at) => {
    const from = divertingEntry(sorted, at);
    const tagged = entry.cause !== null || entry.mp !== null;
    const untaggedAfterFailure =
      !tagged && entry.rc === null && entry.np === null && from !== null && reasonOfReasonHeader(from.reason) !== null;
    if (!tagged && !untaggedAfterFailure) return;
    if (from === null && entry.targetParam === null) return;
    const reason =
      (entry.cause !== null ? reasonOfCause(entry.cause) : null) ?? (from && failureReason(sorted, at, from)) ?? 'unknown';
    // RFC 4458 §3: `target` names the original target; used when no entry names one with a number.
    const number = (from && numberOfUri(from.target.uri)) ?? targetNumber(entry.targetParam, warnings);
    out.push({ number, reason, source: 'history-info' });
  });
  return out;
}

function targetNumber(target: string | null, warnings: string[]): string | null {
  if (target === null) return null;
  try {
    return numberOfUri(parseUri(target));
  } catch (err) {
    warnings.push(`RFC 4458 target parameter ignored: ${detail(err)}`);
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// RFC 4458 voicemail Request-URI
// ---------------------------------------------------------------------------------------------

function fromRequestUri(invite: SipRequest, warnings: string[]): DiversionInfo[] {
  const uri = invite.uri;
  if (!('params' in uri) || uri.scheme === 'tel') return [];
  const target = uri.params.get('target');
  if (target === undefined || target === null) return [];
  const causeText = uri.params.get('cause');
  const cause = causeText !== undefined && causeText !== null && /^\d{3}$/.test(causeText) ? Number(causeText) : null;
  const reason = cause === null ? 'unknown' : reasonOfCause(cause);
  return [{ number: targetNumber(target, warnings), reason, source: 'request-uri' }];
}

// ---------------------------------------------------------------------------------------------
// The call
// ---------------------------------------------------------------------------------------------

function isPrivate(invite: SipRequest): boolean {
  // RFC 3323 §4.2: priv-value *(";" priv-value); some senders use commas.
  const values = invite.headers.getAll('Privacy').flatMap((v) => v.split(/[;,]/));
  return values.some((v) => {
    const p = v.trim().toLowerCase();
    return p === 'id' || p === 'user';
  });
}

export function callInfoOf(invite: SipRequest): CallInfo {
  const warnings: string[] = [];
  const asserted = parseEach(invite, 'P-Asserted-Identity', (v) => parseNameAddr(v), warnings);
  const identities = [...asserted, invite.from];
  let callerNumber: string | null = null;
  for (const id of identities) {
    callerNumber = numberOfUri(id.uri);
    if (callerNumber !== null) break;
  }
  const anonymous = isPrivate(invite) || isAnonymousAddress(invite.from);
  const named = identities.find((id) => cleanName(id.displayName) !== null);
  const callerName = anonymous || named === undefined ? null : cleanName(named.displayName);

  const calledNumber = numberOfUri(invite.uri) ?? numberOfUri(invite.to.uri);

  let diversions = fromDiversion(invite, warnings);
  if (diversions.length === 0) diversions = fromHistoryInfo(invite, warnings);
  if (diversions.length === 0) diversions = fromRequestUri(invite, warnings);
  const first = diversions[0];

  return {
    callerNumber,
    callerName,
    calledNumber,
    diversions,
    redirectingNumber: first?.number ?? null,
    divertReason: first?.reason ?? null,
    anonymous,
    warnings,
  };
}
