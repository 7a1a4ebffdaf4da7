import { z } from 'zod';
import {
  businessHours,
  count,
  dialPattern,
  digits,
  email,
  gatewayAddress,
  isoDate,
  language,
  name,
  port,
  sipUri,
  timeZone,
} from './fields.js';

/**
 * The directory part of the configuration, in Exchange UM's terms: dial plans, IP gateways, hunt
 * groups, mailbox policies, users and auto attendants. Shapes only; references between them are
 * checked by crossCheck.ts once the shapes are valid.
 */

export const dialPlanSchema = z.strictObject({
  name,
  extensionDigits: z.number().int().min(1).max(20),
  uriType: z.enum(['telExtension', 'sipUri', 'e164']).default('telExtension'),
  countryCode: digits('countryCode', { min: 1, max: 3 }),
  language: language.default('en-US'),
  voiceAccessNumbers: z.array(digits('a voice access number')).default([]),
  operatorExtension: digits('operatorExtension').optional(),
  /** Time zone of its users unless a user has their own (times in voice mail emails). */
  timeZone: timeZone.default('UTC'),
  /** Where a fax call reaching call answering is sent (Exchange UM's fax partner). */
  faxPartnerUri: sipUri.optional(),
  outdialing: z
    .strictObject({ allowedPatterns: z.array(dialPattern).default([]) })
    .prefault({}),
});

export const gatewaySchema = z.strictObject({
  name,
  address: gatewayAddress,
  port: port.default(5060),
  transport: z.enum(['udp', 'tcp', 'tls']).default('udp'),
  dialPlan: name,
  messageWaitingIndicator: z.boolean().default(false),
  outcalls: z.boolean().default(false),
});

export const huntGroupSchema = z.strictObject({
  gateway: name,
  pilotNumber: digits('pilotNumber'),
  dialPlan: name,
});

export const mailboxPolicySchema = z
  .strictObject({
    name,
    minPinLength: z.number().int().min(4).max(24).default(6),
    pinLifetimeDays: count.default(60),
    pinHistoryCount: z.number().int().min(0).max(20).default(5),
    allowCommonPatterns: z.boolean().default(false),
    maxLogonFailures: z.number().int().min(1).max(999).default(15),
    maxMessageSeconds: z.number().int().min(1).max(7200).default(300),
    minMessageSeconds: count.default(1),
    maxGreetingSeconds: z.number().int().min(1).max(3600).default(300),
    /** Silence that ends a recording once the caller has spoken. */
    silenceTimeoutSeconds: z.number().int().min(1).max(60).default(5),
    quotaMessages: z.number().int().min(1).default(500),
    missedCallNotifications: z.boolean().default(true),
    allowDepositorLogin: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    if (p.minMessageSeconds >= p.maxMessageSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['minMessageSeconds'],
        message: `must be below maxMessageSeconds (${p.maxMessageSeconds})`,
      });
    }
  });

export const userSchema = z.strictObject({
  extension: digits('extension'),
  name: z.string().min(1),
  email: email.optional(),
  dialPlan: name,
  mailboxPolicy: name,
  pin: digits('pin', { min: 1, max: 24 }).optional(),
  /** IANA time zone for the times in this user's emails; default: their dial plan's. */
  timeZone: timeZone.optional(),
});

/** One key of an auto attendant menu: exactly one of transferTo, leaveVoiceMailFor, attendant. */
export const keyActionSchema = z
  .strictObject({
    transferTo: z
      .string()
      .regex(/^(?:operator|[0-9]{1,32})$/, { error: 'must be an extension in quotes ("1001") or operator' })
      .optional(),
    leaveVoiceMailFor: digits('leaveVoiceMailFor').optional(),
    attendant: name.optional(),
    label: z.string().min(1).optional(),
  })
  .superRefine((a, ctx) => {
    const targets = [a.transferTo, a.leaveVoiceMailFor, a.attendant].filter((t) => t !== undefined);
    if (targets.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs exactly one of transferTo, leaveVoiceMailFor or attendant',
      });
    }
  });

export const menuKeys = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
export const keyMapSchema = z.partialRecord(z.enum(menuKeys), keyActionSchema);

export const holidaySchema = z.strictObject({
  name: z.string().min(1),
  date: isoDate,
});

export const autoAttendantSchema = z.strictObject({
  name,
  dialPlan: name,
  numbers: z.array(digits('a number')).default([]),
  timeZone,
  businessHours: businessHours.default('Mon-Sun 00:00-24:00'),
  holidays: z.array(holidaySchema).default([]),
  businessHoursGreeting: z.string().min(1).optional(),
  afterHoursGreeting: z.string().min(1).optional(),
  keys: keyMapSchema.default({}),
  afterHoursKeys: keyMapSchema.optional(),
  dialByName: z.boolean().default(true),
  dialByExtension: z.boolean().default(true),
});
