/**
 * Number forms within a dial plan (Exchange UM's URI types): how an incoming number (a PBX's
 * extension, a national number, E.164) maps to an extension, and how an extension is written
 * towards a PBX.
 *
 * What Exchange leaves vague, and what we decided:
 * - Exchange matches E.164 numbers through per-user proxy addresses and "number formats" of the
 *   dial plan; we have neither, so an incoming number is read as its trailing digits. A number is
 *   looked up as itself first, then as each shorter tail down to `extensionDigits` digits, so the
 *   most specific configured number wins ("+14255558500" finds a pilot configured "4255558500"
 *   before an extension "8500"). `+` numbers must carry the dial plan's country code: a foreign
 *   number never matches by its tail.
 * - tel: local numbers with a phone-context are read as their digits alone (RFC 3966 §5.1.5
 *   leaves the combination to the context's owner); the tail rule above makes that work.
 * - e164 dial plans: the E.164 form is `+<countryCode><nationalPrefix><extension>`. Without a
 *   national prefix the extension is taken to be the national number (use extensionDigits equal to
 *   the national number length in such plans, as Exchange's E.164 plans usually do).
 * - sipUri dial plans: Exchange addresses users by their SIP address; our users have only an
 *   extension, so the user part is the extension (`1001@domain`).
 */
import type { DialPlanConfig } from '../config/index.js';

/** The parts of a dial plan the number rules read. */
export type Numbering = Pick<DialPlanConfig, 'extensionDigits' | 'countryCode' | 'uriType'>;

/** Numbers longer than this are not numbers (E.164 has 15 digits; room for prefixes). */
export const MAX_NUMBER_DIGITS = 32;

const shape = new RegExp(`^\\+?[0-9]{1,${MAX_NUMBER_DIGITS}}$`);

/**
 * `+` and digits: URI parameters (`;phone-context=…`, `;isub=…`), visual separators (RFC 3966
 * `-.()`) and spaces removed. Null for anything else (a SIP user name, `*86`, an empty string).
 */
export function normalizeNumber(text: string): string | null {
  const semi = text.indexOf(';');
  const bare = (semi < 0 ? text : text.slice(0, semi)).replace(/[-.() ]/g, '');
  return shape.test(bare) ? bare : null;
}

/** The national part of a number: without `+<countryCode>`; null for another country's number. */
function nationalPart(number: string, plan: Numbering): string | null {
  if (!number.startsWith('+')) return number;
  const prefix = `+${plan.countryCode}`;
  return number.startsWith(prefix) ? number.slice(prefix.length) : null;
}

/**
 * The keys to look a number up by, most specific first: the number (without `+` for E.164), then
 * each shorter tail of its national part down to `extensionDigits` digits. Empty when it is not
 * a number or belongs to another country.
 */
export function lookupKeys(number: string, plan: Numbering): string[] {
  const n = normalizeNumber(number);
  if (n === null) return [];
  const national = nationalPart(n, plan);
  if (national === null) return [];
  const keys = n.startsWith('+') ? [n.slice(1)] : [];
  const shortest = Math.min(plan.extensionDigits, national.length);
  for (let length = national.length; length >= shortest && length > 0; length--) {
    const key = national.slice(national.length - length);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * The extension a number reaches in the plan: the number itself when it has extensionDigits
 * digits, else its trailing extensionDigits digits; null when shorter, not a number, or foreign.
 */
export function toExtension(number: string, plan: Numbering): string | null {
  const n = normalizeNumber(number);
  if (n === null) return null;
  const national = nationalPart(n, plan);
  if (national === null || national.length < plan.extensionDigits) return null;
  return national.slice(national.length - plan.extensionDigits);
}

/**
 * `+<countryCode><nationalPrefix><extension>`; an extension already in E.164 form is returned
 * normalized. Null when the extension or prefix is not digits.
 */
export function toE164(extension: string, plan: Numbering, nationalPrefix = ''): string | null {
  const n = normalizeNumber(extension);
  if (n === null) return null;
  if (n.startsWith('+')) return n;
  if (!/^[0-9]*$/.test(nationalPrefix)) return null;
  return `+${plan.countryCode}${nationalPrefix}${n}`;
}

/**
 * The user part OpenUM puts in a SIP or tel URI for an extension, per the plan's uriType:
 * telExtension and sipUri the extension, e164 the E.164 form. Null when it is not a number.
 */
export function toSipUser(extension: string, plan: Numbering, nationalPrefix = ''): string | null {
  if (plan.uriType === 'e164') return toE164(extension, plan, nationalPrefix);
  return normalizeNumber(extension);
}
