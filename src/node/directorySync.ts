/**
 * The YAML file's directory as the store takes it: PINs hashed with hashConfigPin (the same PIN of
 * the same extension always gives the same string, so a restart does not reset a PIN the user
 * changed by phone; a new PIN in the file does).
 */
import type { Config } from '../config/index.js';
import { hashConfigPin, type DirectorySpec, type UserSpec } from '../store/index.js';

export async function directorySpecFromConfig(config: Config): Promise<DirectorySpec> {
  const users: UserSpec[] = [];
  for (const u of config.users) {
    users.push({
      extension: u.extension,
      name: u.name,
      email: u.email,
      dialPlan: u.dialPlan,
      mailboxPolicy: u.mailboxPolicy,
      pinHash: u.pin === undefined ? undefined : await hashConfigPin(u.extension, u.pin),
    });
  }
  return {
    dialPlans: config.dialPlans,
    gateways: config.gateways,
    huntGroups: config.huntGroups,
    mailboxPolicies: config.mailboxPolicies,
    autoAttendants: config.autoAttendants,
    users,
  };
}

/** A user's time zone for emails: their own (configuration), else their dial plan's, else UTC. */
export function timeZoneResolver(config: Config, dialPlanOf: (extension: string) => string | null): (extension: string) => string {
  const own = new Map(config.users.filter((u) => u.timeZone).map((u) => [u.extension, u.timeZone!]));
  const plans = new Map(config.dialPlans.map((d) => [d.name, d.timeZone]));
  return (extension) => {
    const plan = dialPlanOf(extension);
    return own.get(extension) ?? (plan ? plans.get(plan) : undefined) ?? 'UTC';
  };
}
