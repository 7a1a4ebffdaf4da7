/**
 * The SDP crypto attribute (RFC 4568 §4, §6.1, grammar in §9.1), for SRTP:
 *
 *     a=crypto:<tag> <crypto-suite> <key-params> [<session-param> ...]
 *     key-params = key-param *(";" key-param)
 *     key-param  = "inline:" <base64 of master key || master salt> ["|" lifetime] ["|" MKI ":" length]
 *     lifetime   = ["2^"] 1*DIGIT
 *
 * `parseCrypto` reads the value after "a=crypto:" into typed fields, or says why it cannot; it does
 * not judge whether OpenUM can honour what it read (that is `answerSdes`, in sdesNegotiate.ts).
 */
import { SDES_MAX_ATTRIBUTE_LENGTH, SDES_MAX_TAG_DIGITS } from './limits.js';

export interface SdesKeyParam {
  /** Master key || master salt as sent (30 bytes for the AES_CM_128 suites). */
  keySalt: Buffer;
  /** Packets the key may protect (§6.1), or null when not given. */
  lifetime: number | null;
  /** Master Key Identifier and its length in bytes (§6.1), or null when not given. */
  mki: { value: number; length: number } | null;
}

export interface SdesCrypto {
  /** 0-999999999 (§4: 1*9DIGIT), echoed in the answer. */
  tag: number;
  /** As written; not checked against the suites we support. */
  suite: string;
  /** At least one. */
  keys: SdesKeyParam[];
  /** Session parameters as written (KDR=…, UNENCRYPTED_SRTP, WSH=…). */
  sessionParams: string[];
}

export type SdesParseResult = { ok: true; crypto: SdesCrypto } | { ok: false; reason: string };

const TAG = new RegExp(`^[0-9]{1,${SDES_MAX_TAG_DIGITS}}$`);
const SUITE = /^[A-Za-z0-9_]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const LIFETIME = /^(2\^)?([0-9]{1,20})$/;
const MKI = /^([0-9]{1,20}):([0-9]{1,3})$/;
/** §9.1: mki-length = 1*3DIGIT, 1 to 128 bytes. */
const MKI_MAX_LENGTH = 128;

const fail = (reason: string): SdesParseResult => ({ ok: false, reason });

/** Parses the value of an a=crypto attribute (without the "a=crypto:" prefix). */
export function parseCrypto(value: string): SdesParseResult {
  if (value.length > SDES_MAX_ATTRIBUTE_LENGTH) return fail(`a=crypto value longer than ${SDES_MAX_ATTRIBUTE_LENGTH} characters`);
  const fields = value.trim().split(/[ \t]+/);
  const [tagText, suite, keyParams, ...sessionParams] = fields;
  if (tagText === undefined || !TAG.test(tagText)) return fail(`tag "${tagText ?? ''}" is not 1-9 digits (RFC 4568 §4.1)`);
  if (suite === undefined || !SUITE.test(suite)) return fail(`crypto-suite "${suite ?? ''}" is missing or malformed (RFC 4568 §4.2)`);
  if (keyParams === undefined) return fail('key-params are missing (RFC 4568 §4.3)');
  const keys: SdesKeyParam[] = [];
  for (const param of keyParams.split(';')) {
    const key = parseKeyParam(param);
    if (typeof key === 'string') return fail(key);
    keys.push(key);
  }
  return { ok: true, crypto: { tag: Number(tagText), suite, keys, sessionParams } };
}

function parseKeyParam(param: string): SdesKeyParam | string {
  const colon = param.indexOf(':');
  const method = colon < 0 ? param : param.slice(0, colon);
  if (method !== 'inline') return `key-method "${method}" is not "inline" (RFC 4568 §6.1)`;
  const [keySaltText = '', ...rest] = param.slice(colon + 1).split('|');
  if (!BASE64.test(keySaltText)) return 'inline key is not base64 (RFC 4568 §6.1)';
  const keySalt = Buffer.from(keySaltText, 'base64');
  let lifetime: number | null = null;
  let mki: SdesKeyParam['mki'] = null;
  for (const part of rest) {
    const m = MKI.exec(part);
    if (m !== null && mki === null) {
      const length = Number(m[2]);
      if (length < 1 || length > MKI_MAX_LENGTH) return `MKI length ${length} is not 1-128 (RFC 4568 §6.1)`;
      mki = { value: Number(m[1]), length };
      continue;
    }
    const l = LIFETIME.exec(part);
    if (l !== null && lifetime === null && mki === null) {
      const n = Number(l[2]);
      lifetime = l[1] === undefined ? n : 2 ** n;
      continue;
    }
    return `"${part}" is neither a lifetime nor an MKI, or is out of order (RFC 4568 §6.1)`;
  }
  return { keySalt, lifetime, mki };
}

/** Formats the value of an a=crypto attribute (without "a=crypto:"), the inverse of parseCrypto. */
export function formatCrypto(crypto: SdesCrypto): string {
  const keys = crypto.keys
    .map((k) => {
      let text = `inline:${k.keySalt.toString('base64')}`;
      if (k.lifetime !== null) text += `|${formatLifetime(k.lifetime)}`;
      if (k.mki !== null) text += `|${k.mki.value}:${k.mki.length}`;
      return text;
    })
    .join(';');
  return [String(crypto.tag), crypto.suite, keys, ...crypto.sessionParams].join(' ');
}

function formatLifetime(lifetime: number): string {
  const exponent = Math.log2(lifetime);
  return Number.isInteger(exponent) ? `2^${exponent}` : String(lifetime);
}
