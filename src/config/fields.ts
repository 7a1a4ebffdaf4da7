import { z } from 'zod';
import { isGatewayAddress, isHostName, isHostOrIp } from './address.js';
import { parseBusinessHours } from './businessHours.js';

/**
 * The value types the configuration is made of, each with a message that says what is allowed.
 * Type and range errors (wrong type, number too small) are worded by describeIssue.ts; the
 * messages here are for format checks.
 */

/** A string of decimal digits: extensions, pilot numbers, PINs, country codes. */
export function digits(what: string, length?: { min?: number; max?: number }): z.ZodString {
  const min = length?.min ?? 1;
  const max = length?.max ?? 32;
  return z.string().regex(new RegExp(`^[0-9]{${min},${max}}$`), {
    error: `${what} must be ${min === max ? min : `${min} to ${max}`} digits 0-9, in quotes`,
  });
}

/** A name other entries refer to (dial plan, gateway, policy, attendant): not empty, no padding. */
export const name = z.string().regex(/^\S(?:.*\S)?$/, {
  error: 'must be a non-empty name without leading or trailing spaces',
});

/** A TCP/UDP port; 0 asks the operating system for a free one (tests use that). */
export const port = z.number().int().min(0).max(65535);

/** A whole number of something (seconds, messages, days), 0 or more. */
export const count = z.number().int().min(0);

/** An IP address or host name to bind to or to name ourselves by. */
export const hostOrIp = z.string().refine(isHostOrIp, { error: 'must be an IP address or a host name' });

/** A DNS host name (our SIP domain). */
export const hostName = z.string().refine((v) => isHostName(v) || isHostOrIp(v), {
  error: 'must be a host name such as um.example.com (or an IP address)',
});

/** Where an IP gateway's requests come from. */
export const gatewayAddress = z.string().refine(isGatewayAddress, {
  error: 'must be an IP address (192.0.2.10), a CIDR block (192.0.2.0/24) or a host name',
});

/** An IANA time zone name that this Node.js build knows. */
export const timeZone = z.string().refine(
  (v) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: v });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be an IANA time zone name such as Europe/Paris or America/New_York' },
);

/** A BCP 47 language tag such as en-US. */
export const language = z.string().refine(
  (v) => {
    try {
      return Intl.getCanonicalLocales(v).length === 1;
    } catch {
      return false;
    }
  },
  { error: 'must be a language tag such as en-US or fr-FR' },
);

/** A calendar date written YYYY-MM-DD that exists (no 2027-02-30). */
export const isoDate = z.string().refine(
  (v) => {
    const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(v);
    if (!match) return false;
    const [, y, m, d] = match.map(Number);
    const date = new Date(Date.UTC(y ?? 0, (m ?? 0) - 1, d ?? 0));
    return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d;
  },
  { error: 'must be a date written YYYY-MM-DD, in quotes (e.g. "2027-01-01")' },
);

/** Opening hours in the grammar of businessHours.ts. */
export const businessHours = z.string().superRefine((value, ctx) => {
  const parsed = parseBusinessHours(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

/** An outdialing pattern: digits and `x` for any digit. */
export const dialPattern = z.string().regex(/^[0-9xX]{1,32}$/, {
  error: 'must be digits and x (any digit), e.g. "1xxx"',
});

/** A mail address, loosely: something@domain. */
export const email = z.string().regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, {
  error: 'must be a mail address such as alice@example.com',
});

/** A From header value: `address` or `Display Name <address>`. */
export const mailbox = z.string().regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
  error: 'must be a mail address, optionally with a display name: "Voice Mail <vm@example.com>"',
});

/** A file path; a relative one is resolved against the configuration file's folder on load. */
export const filePath = z.string().min(1);

/** A SIP URI an administrator gives (fax partner, transfer target): sip: or sips:, no spaces. */
export const sipUri = z.string().regex(/^sips?:[^\s<>"]+$/, { error: 'must be a SIP URI like "sip:fax@192.0.2.10:5060"' });
