/**
 * A DirectorySnapshot made from the configuration file alone, for tools and tests that have no
 * store: every user in the state a new mailbox starts in (enabled, unlocked, no PIN set, no
 * failed logons). The configured PIN is not carried: hashing it is the store's sync, and nothing
 * that reads a Directory needs it.
 */
import type { Config, UserConfig } from '../config/index.js';
import type { DirectorySnapshot, StoredUser } from '../store/index.js';

export function userFromConfig(user: UserConfig): StoredUser {
  return {
    extension: user.extension,
    name: user.name,
    email: user.email ?? null,
    dialPlan: user.dialPlan,
    mailboxPolicy: user.mailboxPolicy,
    source: 'config',
    pinHash: null,
    pinSetAt: null,
    pinHistory: [],
    pinMustChange: false,
    failedLogons: 0,
    locked: false,
    awayGreetingEnabled: false,
    enabled: true,
  };
}

export function snapshotFromConfig(config: Config): DirectorySnapshot {
  return {
    dialPlans: config.dialPlans,
    gateways: config.gateways,
    huntGroups: config.huntGroups,
    mailboxPolicies: config.mailboxPolicies,
    autoAttendants: config.autoAttendants,
    users: config.users.map(userFromConfig),
  };
}
