/**
 * SDES offer/answer for SRTP (RFC 4568 §5, §6.1). As answerer we take the first offered a=crypto
 * line whose suite we support and whose parameters we can honour (§5.1.2: "the answerer ... MUST
 * select one of the offered crypto attributes"), echo its tag and suite, and send our own fresh
 * master key (§6.1: each direction has its own key). What we cannot honour is reported per line,
 * so the SDP layer can answer 488 when nothing is left (§5.1.2).
 */
import { randomBytes } from 'node:crypto';
import { SDES_MAX_OFFERED, SDES_MIN_LIFETIME } from './limits.js';
import { formatCrypto, parseCrypto, type SdesCrypto } from './sdes.js';
import { SRTP_SUITES, SUPPORTED_SUITES, isSupportedSuite, type SrtpSuiteName } from './suites.js';

export interface MasterKey {
  /** 16 bytes. */
  masterKey: Buffer;
  /** 14 bytes. */
  masterSalt: Buffer;
}

/** Why one offered line was passed over. */
export type SdesRejectReason =
  | 'malformed'
  | 'unsupported-suite'
  | 'bad-key-length'
  | 'mki-unsupported'
  | 'multiple-keys'
  | 'lifetime-too-short'
  | 'unsupported-session-param';

export interface SdesRejected {
  value: string;
  reason: SdesRejectReason;
  /** One line a person can act on. */
  detail: string;
}

export type SdesAnswer =
  | {
      ok: true;
      tag: number;
      suite: SrtpSuiteName;
      /** The peer's key: for the inbound SrtpContext. */
      remote: MasterKey;
      /** Our key: for the outbound SrtpContext. */
      local: MasterKey;
      /** The value of our a=crypto attribute (without "a=crypto:"). */
      attribute: string;
      /** Lines passed over before the chosen one, with their reasons. */
      rejected: SdesRejected[];
    }
  | { ok: false; reason: string; rejected: SdesRejected[] };

type RandomBytes = (size: number) => Buffer;

/** Session parameters (§6.3) we honour: KDR=0 is our key derivation rate; WSH is only a hint. */
function sessionParamProblem(param: string): string | null {
  if (/^KDR=0$/.test(param)) return null;
  if (/^WSH=[0-9]+$/.test(param)) return null;
  // Anything else changes how packets are protected (§6.3.2-§6.3.6: UNENCRYPTED_SRTP, FEC_ORDER,
  // ...) or is unknown to us: using the line would mean not honouring it.
  return `session parameter ${param} is not supported (OpenUM encrypts and authenticates everything with KDR=0)`;
}

/** Decides whether we can use one parsed line, and with which key. */
function judge(crypto: SdesCrypto): { suite: SrtpSuiteName; remote: MasterKey } | { reason: SdesRejectReason; detail: string } {
  if (!isSupportedSuite(crypto.suite)) return { reason: 'unsupported-suite', detail: `suite ${crypto.suite} is not one of ${SUPPORTED_SUITES.join(', ')}` };
  const suite = SRTP_SUITES[crypto.suite];
  if (crypto.keys.length !== 1) return { reason: 'multiple-keys', detail: `${crypto.keys.length} keys offered; OpenUM takes exactly one (several need MKI)` };
  const key = crypto.keys[0];
  if (key === undefined) return { reason: 'malformed', detail: 'no key' };
  if (key.mki !== null) return { reason: 'mki-unsupported', detail: `MKI ${key.mki.value}:${key.mki.length} offered; OpenUM does not use MKI (RFC 4568 §6.1)` };
  if (key.lifetime !== null && key.lifetime < SDES_MIN_LIFETIME) {
    return { reason: 'lifetime-too-short', detail: `key lifetime ${key.lifetime} packets is below ${SDES_MIN_LIFETIME}; OpenUM does not rekey during a call` };
  }
  const want = suite.keyLength + suite.saltLength;
  if (key.keySalt.length !== want) return { reason: 'bad-key-length', detail: `inline key is ${key.keySalt.length} bytes, ${crypto.suite} needs ${want} (RFC 4568 §6.2)` };
  for (const param of crypto.sessionParams) {
    const problem = sessionParamProblem(param);
    if (problem !== null) return { reason: 'unsupported-session-param', detail: problem };
  }
  return {
    suite: crypto.suite,
    remote: { masterKey: Buffer.from(key.keySalt.subarray(0, suite.keyLength)), masterSalt: Buffer.from(key.keySalt.subarray(suite.keyLength)) },
  };
}

/** A fresh random master key and salt for a suite. */
export function generateMasterKey(suite: SrtpSuiteName, random: RandomBytes = randomBytes): MasterKey {
  const s = SRTP_SUITES[suite];
  const bytes = random(s.keyLength + s.saltLength);
  return { masterKey: Buffer.from(bytes.subarray(0, s.keyLength)), masterSalt: Buffer.from(bytes.subarray(s.keyLength)) };
}

/** Answers an SDES offer: `offered` are the a=crypto values of one m= section, in offer order. */
export function answerSdes(offered: readonly string[], random: RandomBytes = randomBytes): SdesAnswer {
  const rejected: SdesRejected[] = [];
  for (const value of offered.slice(0, SDES_MAX_OFFERED)) {
    const parsed = parseCrypto(value);
    if (!parsed.ok) {
      rejected.push({ value, reason: 'malformed', detail: parsed.reason });
      continue;
    }
    const verdict = judge(parsed.crypto);
    if ('reason' in verdict) {
      rejected.push({ value, ...verdict });
      continue;
    }
    const local = generateMasterKey(verdict.suite, random);
    const attribute = formatCrypto({
      tag: parsed.crypto.tag,
      suite: verdict.suite,
      keys: [{ keySalt: Buffer.concat([local.masterKey, local.masterSalt]), lifetime: null, mki: null }],
      sessionParams: [],
    });
    return { ok: true, tag: parsed.crypto.tag, suite: verdict.suite, remote: verdict.remote, local, attribute, rejected };
  }
  const reason = offered.length === 0 ? 'no a=crypto attribute offered' : `none of the ${offered.length} a=crypto attributes is usable`;
  return { ok: false, reason, rejected };
}

export interface SdesOffer {
  /** a=crypto values to put in our offer, one per suite, tags 1, 2, ... */
  attributes: string[];
  /** Our key per offered tag: whichever the answer picks is the one we send with. */
  keys: Map<number, { suite: SrtpSuiteName; local: MasterKey }>;
}

/** Builds our SDES offer (one line per suite, a fresh key each: §5.1.1). */
export function offerSdes(suites: readonly SrtpSuiteName[] = SUPPORTED_SUITES, random: RandomBytes = randomBytes): SdesOffer {
  const keys = new Map<number, { suite: SrtpSuiteName; local: MasterKey }>();
  const attributes = suites.map((suite, i) => {
    const tag = i + 1;
    const local = generateMasterKey(suite, random);
    keys.set(tag, { suite, local });
    return formatCrypto({ tag, suite, keys: [{ keySalt: Buffer.concat([local.masterKey, local.masterSalt]), lifetime: null, mki: null }], sessionParams: [] });
  });
  return { attributes, keys };
}

export type SdesAcceptResult =
  | { ok: true; tag: number; suite: SrtpSuiteName; local: MasterKey; remote: MasterKey }
  | { ok: false; reason: string };

/** Reads the answer to our offer (§5.1.3): one a=crypto line with a tag and suite we offered. */
export function acceptSdesAnswer(offer: SdesOffer, answered: readonly string[]): SdesAcceptResult {
  if (answered.length !== 1) return { ok: false, reason: `the answer has ${answered.length} a=crypto attributes, RFC 4568 §5.1.2 requires exactly one` };
  const parsed = parseCrypto(answered[0] ?? '');
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const ours = offer.keys.get(parsed.crypto.tag);
  if (ours === undefined || ours.suite !== parsed.crypto.suite) {
    return { ok: false, reason: `answer tag ${parsed.crypto.tag} with suite ${parsed.crypto.suite} does not match any offered line (RFC 4568 §5.1.3)` };
  }
  const verdict = judge(parsed.crypto);
  if ('reason' in verdict) return { ok: false, reason: verdict.detail };
  return { ok: true, tag: parsed.crypto.tag, suite: verdict.suite, local: ours.local, remote: verdict.remote };
}
