/**
 * The directory in SQLite: users (one column per field, plus their run-time state) and the other
 * directory objects as JSON specs keyed by the name other entries use. Every row records its
 * source: 'config' rows mirror the YAML file and are replaced on each sync; 'admin' rows were added
 * by the CLI or API and a config sync never touches them (nor an admin sync the config rows).
 *
 * directory_version holds one counter, bumped in the transaction of every write that changes what
 * a Directory is built from, so running nodes notice a change made by another process.
 */
import type {
  AutoAttendantConfig,
  DialPlanConfig,
  GatewayConfig,
  HuntGroupConfig,
  MailboxPolicyConfig,
} from '../../config/index.js';
import { StoreError } from '../errors.js';
import type { StoreLogger } from '../logger.js';
import type { DirectorySnapshot, DirectorySpec, EntrySource, StoredUser, SyncReport, UserFieldsPatch, UserSpec } from '../types.js';
import { badInput, checkBoolean, checkCount, checkDate, checkMailbox, isExtension } from '../validate.js';
import type { SqliteConnection } from './database.js';
import { toUser, type UserRow } from './rows.js';

type SpecSection = Exclude<keyof DirectorySpec, 'users'>;

/** Where each directory object lives and what names it. Hunt groups are keyed `<pilot>@<gateway>` (pilots are digits). */
const specTables = {
  dialPlans: { table: 'dial_plans', keyOf: (s: DialPlanConfig) => s.name },
  gateways: { table: 'gateways', keyOf: (s: GatewayConfig) => s.name },
  huntGroups: { table: 'hunt_groups', keyOf: (s: HuntGroupConfig) => `${s.pilotNumber}@${s.gateway}` },
  mailboxPolicies: { table: 'mailbox_policies', keyOf: (s: MailboxPolicyConfig) => s.name },
  autoAttendants: { table: 'auto_attendants', keyOf: (s: AutoAttendantConfig) => s.name },
} as const satisfies Record<SpecSection, { table: string; keyOf: (spec: never) => string }>;

const sections = Object.keys(specTables) as SpecSection[];

interface SpecRow {
  key: string;
  spec: string;
  source: EntrySource;
}

const text = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || value.length === 0) throw badInput(`${what} must be a non-empty string`);
  return value;
};

const optionalText = (value: unknown, what: string): string | null => (value === undefined || value === null ? null : text(value, what));

export class DirectoryTables {
  readonly #c: SqliteConnection;
  readonly #logger: StoreLogger;

  constructor(connection: SqliteConnection, logger: StoreLogger) {
    this.#c = connection;
    this.#logger = logger;
  }

  /** One transaction: every section upserted, the source's entries no longer in `spec` removed. */
  sync(spec: DirectorySpec, source: EntrySource, now: number): SyncReport {
    if (source !== 'config' && source !== 'admin') throw badInput('source must be config or admin');
    if (typeof spec !== 'object' || spec === null) throw badInput('the directory spec must be an object');
    for (const section of [...sections, 'users' as const]) {
      if (!Array.isArray(spec[section])) throw badInput(`the directory spec has no ${section} list`);
    }
    return this.#c.write(() => {
      const report: SyncReport = { added: 0, updated: 0, removed: 0 };
      const add = (r: SyncReport): void => {
        report.added += r.added;
        report.updated += r.updated;
        report.removed += r.removed;
      };
      for (const section of sections) add(this.#syncSpecs(section, spec[section], source, now));
      add(this.#syncUsers(spec.users, source, now));
      if (report.added + report.updated + report.removed > 0) this.#bump();
      return report;
    });
  }

  #syncSpecs(section: SpecSection, entries: readonly unknown[], source: EntrySource, now: number): SyncReport {
    const { table, keyOf } = specTables[section];
    const existing = new Map((this.#c.sql(`SELECT key, spec, source FROM ${table}`).all() as SpecRow[]).map((r) => [r.key, r]));
    const seen = new Set<string>();
    const report: SyncReport = { added: 0, updated: 0, removed: 0 };
    entries.forEach((entry, i) => {
      if (typeof entry !== 'object' || entry === null) throw badInput(`${section}[${i}] must be an object`);
      const key = text((keyOf as (s: unknown) => unknown)(entry), `${section}[${i}]'s name`);
      if (seen.has(key)) throw badInput(`${section} lists "${key}" twice`);
      seen.add(key);
      const json = JSON.stringify(entry);
      const row = existing.get(key);
      if (row === undefined) {
        this.#c.sql(`INSERT INTO ${table} (key, spec, source, updated_at) VALUES (?, ?, ?, ?)`).run(key, json, source, now);
        report.added++;
      } else if (row.source !== source) {
        this.#logger.warn({ section, key, owner: row.source, source }, 'directory sync: entry belongs to the other source, left unchanged');
      } else if (row.spec !== json) {
        this.#c.sql(`UPDATE ${table} SET spec = ?, updated_at = ? WHERE key = ?`).run(json, now, key);
        report.updated++;
      }
    });
    for (const row of existing.values()) {
      if (row.source === source && !seen.has(row.key)) {
        this.#c.sql(`DELETE FROM ${table} WHERE key = ?`).run(row.key);
        report.removed++;
      }
    }
    return report;
  }

  #syncUsers(users: readonly UserSpec[], source: EntrySource, now: number): SyncReport {
    const existing = new Map((this.#c.sql('SELECT * FROM users').all() as UserRow[]).map((r) => [r.extension, r]));
    const seen = new Set<string>();
    const report: SyncReport = { added: 0, updated: 0, removed: 0 };
    users.forEach((user, i) => {
      if (typeof user !== 'object' || user === null) throw badInput(`users[${i}] must be an object`);
      const extension = checkMailbox(user.extension, `users[${i}].extension`);
      if (seen.has(extension)) throw badInput(`users lists extension ${extension} twice`);
      seen.add(extension);
      const name = text(user.name, `users[${i}].name`);
      const email = optionalText(user.email, `users[${i}].email`);
      const dialPlan = text(user.dialPlan, `users[${i}].dialPlan`);
      const mailboxPolicy = text(user.mailboxPolicy, `users[${i}].mailboxPolicy`);
      const pinHash = optionalText(user.pinHash, `users[${i}].pinHash`);
      const row = existing.get(extension);
      if (row === undefined) {
        // A PIN given with a new user is an administrator's first PIN: changed at first logon.
        this.#c
          .sql(
            `INSERT INTO users (extension, name, email, dial_plan, mailbox_policy, source, pin_hash, pin_set_at, pin_must_change,
                                config_pin_hash, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(extension, name, email, dialPlan, mailboxPolicy, source, pinHash, pinHash === null ? null : now, pinHash === null ? 0 : 1, pinHash, now, now);
        report.added++;
        return;
      }
      if (row.source !== source) {
        this.#logger.warn({ section: 'users', key: extension, owner: row.source, source }, 'directory sync: entry belongs to the other source, left unchanged');
        return;
      }
      const fieldsChanged = row.name !== name || row.email !== email || row.dial_plan !== dialPlan || row.mailbox_policy !== mailboxPolicy;
      // The configured PIN wins only when the user has none, or the file's PIN changed since it was
      // last applied; a PIN the user set by phone survives restarts until then. Applying it is an
      // administrator's reset: the lockout is cleared and the user must change it at next logon.
      const applyPin = pinHash !== null && (row.pin_hash === null || pinHash !== row.config_pin_hash);
      if (!fieldsChanged && !applyPin) return;
      this.#c
        .sql('UPDATE users SET name = ?, email = ?, dial_plan = ?, mailbox_policy = ?, updated_at = ? WHERE extension = ?')
        .run(name, email, dialPlan, mailboxPolicy, now, extension);
      if (applyPin) {
        this.#c
          .sql(
            `UPDATE users SET pin_hash = ?, config_pin_hash = ?, pin_set_at = ?, pin_must_change = 1, failed_logons = 0, locked = 0
             WHERE extension = ?`,
          )
          .run(pinHash, pinHash, now, extension);
        this.#logger.info({ mailbox: extension }, 'directory sync: PIN set from the configuration');
      }
      report.updated++;
    });
    for (const row of existing.values()) {
      if (row.source === source && !seen.has(row.extension)) {
        this.#c.sql('DELETE FROM users WHERE extension = ?').run(row.extension);
        report.removed++;
      }
    }
    return report;
  }

  load(): DirectorySnapshot {
    const specs = <T>(section: SpecSection): T[] =>
      (this.#c.sql(`SELECT spec FROM ${specTables[section].table} ORDER BY key`).all() as { spec: string }[]).map((r) => JSON.parse(r.spec) as T);
    return {
      dialPlans: specs<DialPlanConfig>('dialPlans'),
      gateways: specs<GatewayConfig>('gateways'),
      huntGroups: specs<HuntGroupConfig>('huntGroups'),
      mailboxPolicies: specs<MailboxPolicyConfig>('mailboxPolicies'),
      autoAttendants: specs<AutoAttendantConfig>('autoAttendants'),
      users: (this.#c.sql('SELECT * FROM users ORDER BY extension').all() as UserRow[]).map(toUser),
    };
  }

  /** null for an unknown extension, and for anything that is not an extension at all. */
  getUser(extension: string): StoredUser | null {
    if (!isExtension(extension)) return null;
    const row = this.#c.sql('SELECT * FROM users WHERE extension = ?').get(extension) as UserRow | undefined;
    return row === undefined ? null : toUser(row);
  }

  /** The directory version: compare it with an earlier reading to see whether the directory changed. */
  version(): number {
    const row = this.#c.sql('SELECT version FROM directory_version WHERE id = 1').get() as { version: number } | undefined;
    return row?.version ?? 0;
  }

  /** Call inside the transaction of the write that changed the directory. */
  #bump(): void {
    this.#c.sql('UPDATE directory_version SET version = version + 1 WHERE id = 1').run();
  }

  /** STORE_BAD_INPUT unless the dial plan and the mailbox policy are in the directory. Call inside a transaction. */
  #assertReferences(dialPlan: string | undefined, mailboxPolicy: string | undefined): void {
    if (dialPlan !== undefined && this.#c.sql('SELECT 1 FROM dial_plans WHERE key = ?').get(dialPlan) === undefined) {
      throw badInput(`dial plan ${JSON.stringify(dialPlan.slice(0, 60))} is not in the directory`);
    }
    if (mailboxPolicy !== undefined && this.#c.sql('SELECT 1 FROM mailbox_policies WHERE key = ?').get(mailboxPolicy) === undefined) {
      throw badInput(`mailbox policy ${JSON.stringify(mailboxPolicy.slice(0, 60))} is not in the directory`);
    }
  }

  /** addUser: a new administrator's user (see MailboxStore.addUser). */
  add(spec: UserSpec, source: EntrySource, now: number): StoredUser {
    if (source !== 'admin') throw badInput('addUser adds administrator entries (source admin); the file\'s users come from syncDirectory');
    if (typeof spec !== 'object' || spec === null) throw badInput('the user must be an object');
    const extension = checkMailbox(spec.extension, 'extension');
    const name = text(spec.name, 'name');
    const email = optionalText(spec.email, 'email');
    const dialPlan = text(spec.dialPlan, 'dialPlan');
    const mailboxPolicy = text(spec.mailboxPolicy, 'mailboxPolicy');
    const pinHash = optionalText(spec.pinHash, 'pinHash');
    return this.#c.write(() => {
      const taken = this.#c.sql('SELECT name, dial_plan FROM users WHERE extension = ?').get(extension) as { name: string; dial_plan: string } | undefined;
      if (taken !== undefined) {
        throw new StoreError('STORE_DUPLICATE', `extension ${extension} is already user ${JSON.stringify(taken.name)} (dial plan ${taken.dial_plan})`);
      }
      this.#assertReferences(dialPlan, mailboxPolicy);
      this.#c
        .sql(
          `INSERT INTO users (extension, name, email, dial_plan, mailbox_policy, source, pin_hash, pin_set_at, pin_must_change,
                              created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(extension, name, email, dialPlan, mailboxPolicy, source, pinHash, pinHash === null ? null : now, pinHash === null ? 0 : 1, now, now);
      this.#bump();
      return this.getUser(extension)!;
    });
  }

  /** setUser: changes directory fields (see MailboxStore.setUser). */
  set(extension: string, patch: UserFieldsPatch, now: number): StoredUser {
    const ext = checkMailbox(extension, 'extension');
    if (typeof patch !== 'object' || patch === null) throw badInput('the user patch must be an object');
    const values = new Map<keyof UserFieldsPatch, string | number | null>();
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (!Object.hasOwn(fieldColumns, key)) throw badInput(`setUser cannot change "${key.slice(0, 40)}"`);
      const field = key as keyof UserFieldsPatch;
      values.set(field, fieldColumns[field].encode(value, key));
    }
    return this.#c.write(() => {
      const row = this.#c.sql('SELECT * FROM users WHERE extension = ?').get(ext) as UserRow | undefined;
      if (row === undefined) throw new StoreError('STORE_MAILBOX_NOT_FOUND', `no user with extension ${ext}`);
      const changed = [...values].filter(([field, value]) => row[fieldColumns[field].name] !== value);
      if (changed.length === 0) return toUser(row);
      const fromFile = changed.map(([field]) => field).filter((f) => f !== 'enabled');
      if (row.source === 'config' && fromFile.length > 0) {
        throw new StoreError('STORE_CONFIG_ENTRY', `user ${ext} is defined in the configuration file: change ${fromFile.join(', ')} there`);
      }
      this.#assertReferences(values.get('dialPlan') as string | undefined, values.get('mailboxPolicy') as string | undefined);
      // Sorted, so the statement cache holds at most one statement per set of columns.
      changed.sort(([a], [b]) => (a < b ? -1 : 1));
      this.#c
        .sql(`UPDATE users SET ${[...changed.map(([f]) => `${fieldColumns[f].name} = ?`), 'updated_at = ?'].join(', ')} WHERE extension = ?`)
        .run(...changed.map(([, v]) => v), now, ext);
      this.#bump();
      return this.getUser(ext)!;
    });
  }

  /**
   * The user removeUser may remove: STORE_MAILBOX_NOT_FOUND or STORE_CONFIG_ENTRY otherwise. Call
   * inside the transaction that deletes it.
   */
  removable(extension: string): StoredUser {
    const ext = checkMailbox(extension, 'extension');
    const user = this.getUser(ext);
    if (user === null) throw new StoreError('STORE_MAILBOX_NOT_FOUND', `no user with extension ${ext}`);
    if (user.source === 'config') throw new StoreError('STORE_CONFIG_ENTRY', `user ${ext} is defined in the configuration file: remove it there`);
    return user;
  }

  /** Deletes the user's row. Call inside a transaction, after removable(). */
  deleteUser(extension: string): void {
    this.#c.sql('DELETE FROM users WHERE extension = ?').run(extension);
    this.#bump();
  }

  update(extension: string, patch: UserPatch, now: number): void {
    const ext = checkMailbox(extension, 'extension');
    if (typeof patch !== 'object' || patch === null) throw badInput('the user patch must be an object');
    const sets: string[] = [];
    const values: unknown[] = [];
    // Sorted, so the statement cache holds at most one statement per set of columns.
    for (const [key, value] of Object.entries(patch).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (value === undefined) continue;
      if (!Object.hasOwn(userColumns, key)) throw badInput(`updateUser cannot change "${key.slice(0, 40)}"`);
      const column = userColumns[key as keyof UserPatch];
      sets.push(`${column.name} = ?`);
      values.push(column.encode(value, key));
    }
    this.#c.write(() => {
      const { changes } = this.#c.sql(`UPDATE users SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE extension = ?`).run(...values, now, ext);
      if (changes === 0) throw new StoreError('STORE_MAILBOX_NOT_FOUND', `no user with extension ${ext}`);
      // PIN and logon state are read from the store when needed; name, email and enabled are in the Directory.
      if (directoryFields.some((f) => patch[f] !== undefined)) this.#bump();
    });
  }
}

export type UserPatch = Partial<
  Pick<StoredUser, 'pinHash' | 'pinSetAt' | 'pinHistory' | 'pinMustChange' | 'failedLogons' | 'locked' | 'awayGreetingEnabled' | 'enabled' | 'email' | 'name'>
>;

const flag = (value: unknown, what: string): number => (checkBoolean(value, what) ? 1 : 0);

/** The columns updateUser may write, each with its check and encoding. */
const userColumns: Record<keyof UserPatch, { name: string; encode: (value: unknown, what: string) => unknown }> = {
  pinHash: { name: 'pin_hash', encode: (v, w) => optionalText(v, w) },
  pinSetAt: { name: 'pin_set_at', encode: (v, w) => (v === null ? null : checkDate(v, w)) },
  pinHistory: {
    name: 'pin_history',
    encode: (v, w) => {
      if (!Array.isArray(v) || v.some((h) => typeof h !== 'string')) throw badInput(`${w} must be a list of hashes`);
      return JSON.stringify(v);
    },
  },
  pinMustChange: { name: 'pin_must_change', encode: flag },
  failedLogons: { name: 'failed_logons', encode: (v, w) => checkCount(v, w) },
  locked: { name: 'locked', encode: flag },
  awayGreetingEnabled: { name: 'away_greeting_enabled', encode: flag },
  enabled: { name: 'enabled', encode: flag },
  email: { name: 'email', encode: (v, w) => optionalText(v, w) },
  name: { name: 'name', encode: (v, w) => text(v, w) },
};

/** The fields of updateUser that a Directory holds (a change bumps the directory version). */
const directoryFields = ['name', 'email', 'enabled'] as const satisfies readonly (keyof UserPatch)[];

/** The columns setUser may write, each with its check and encoding (as stored, to compare with the row). */
const fieldColumns: Record<keyof UserFieldsPatch, { name: keyof UserRow & string; encode: (value: unknown, what: string) => string | number | null }> = {
  name: { name: 'name', encode: (v, w) => text(v, w) },
  email: { name: 'email', encode: (v, w) => optionalText(v, w) },
  dialPlan: { name: 'dial_plan', encode: (v, w) => text(v, w) },
  mailboxPolicy: { name: 'mailbox_policy', encode: (v, w) => text(v, w) },
  enabled: { name: 'enabled', encode: flag },
};
