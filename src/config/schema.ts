import { z } from 'zod';
import {
  autoAttendantSchema,
  keyActionSchema,
  dialPlanSchema,
  gatewaySchema,
  huntGroupSchema,
  mailboxPolicySchema,
  userSchema,
} from './directorySchema.js';
import { filePath } from './fields.js';
import { httpSchema, loggingSchema, mailSchema, rtpSchema, sipSchema, storageSchema } from './serviceSchema.js';

/**
 * The whole configuration file, shaped like /work/shared/openum.example.yaml (see
 * docs/configuration.md). Parsing fills in every default, so consumers read plain values.
 */
export const configSchema = z.strictObject({
  dataDir: filePath.default('./data'),
  sip: sipSchema,
  rtp: rtpSchema,
  http: httpSchema.prefault({}),
  storage: storageSchema.prefault({}),
  mail: mailSchema.optional(),
  dialPlans: z.array(dialPlanSchema).min(1),
  gateways: z.array(gatewaySchema).default([]),
  huntGroups: z.array(huntGroupSchema).default([]),
  mailboxPolicies: z.array(mailboxPolicySchema).default([]),
  users: z.array(userSchema).default([]),
  autoAttendants: z.array(autoAttendantSchema).default([]),
  logging: loggingSchema.prefault({}),
});

/** A valid configuration with defaults filled in and paths resolved (see loadConfig). */
export type Config = z.output<typeof configSchema>;
export type SipConfig = Config['sip'];
export type ListenConfig = SipConfig['listen'][number];
export type RtpConfig = Config['rtp'];
export type HttpConfig = Config['http'];
export type StorageConfig = Config['storage'];
export type MailConfig = NonNullable<Config['mail']>;
export type DialPlanConfig = Config['dialPlans'][number];
export type GatewayConfig = Config['gateways'][number];
export type HuntGroupConfig = Config['huntGroups'][number];
export type MailboxPolicyConfig = Config['mailboxPolicies'][number];
export type UserConfig = Config['users'][number];
export type AutoAttendantConfig = Config['autoAttendants'][number];
export type KeyActionConfig = z.output<typeof keyActionSchema>;
export type LoggingConfig = Config['logging'];
