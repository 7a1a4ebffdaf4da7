/** The configuration layer: load and validate the YAML file, with errors that name file, line and key. */
export { loadConfig, parseConfig, type LoadedConfig, type LoadOptions, type ParseOptions } from './load.js';
export { ConfigError, type ConfigErrorCode } from './errors.js';
export { formatIssue, formatPath, type ConfigIssue, type KeyPath, type PathIssue } from './issues.js';
export { checkUserInDirectory, type DirectoryConfig } from './crossCheck.js';
export { checkUser, type UserCheck } from './userCheck.js';
export { configSchema } from './schema.js';
export type {
  AutoAttendantConfig,
  Config,
  DialPlanConfig,
  GatewayConfig,
  HttpConfig,
  HuntGroupConfig,
  KeyActionConfig,
  ListenConfig,
  LoggingConfig,
  MailboxPolicyConfig,
  MailConfig,
  RtpConfig,
  SipConfig,
  StorageConfig,
  UserConfig,
} from './schema.js';
export {
  dayNames,
  isWithinBusinessHours,
  parseBusinessHours,
  type BusinessHoursRange,
  type BusinessHoursResult,
} from './businessHours.js';
export { isCommonPinPattern } from './pin.js';
