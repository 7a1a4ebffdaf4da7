// A real mail system on loopback for delivery interop tests: Postfix (SMTP) → Dovecot LMTP →
// Maildir → Dovecot IMAP, after /work/shared/INTEROP.md "Postfix + Dovecot", but as a private
// instance: Postfix runs from its own config directory, queue and data folders (`postfix -c DIR
// start-fg`), Dovecot from its own config and base_dir, all on free ports, so nothing under
// /etc/postfix or /etc/dovecot is touched and two runs never collide. Both stay in the foreground
// under spawnManaged, so a crashed test still takes them down.
//
// Runs as root (Postfix's master and Dovecot drop privileges to their own users), and creates a
// `vmail` system user for the mail folders when there is none.

import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, requireCommand, spawnManaged, waitUntil, type ManagedProcess } from './processes.js';

export interface MailUser {
  readonly address: string;
  readonly password: string;
}

export interface MailServersOptions {
  /** Folder for configs copies and logs (an artifactsDir). Runtime files live in a short /tmp folder. */
  readonly logDir: string;
  /** The mail domain Postfix accepts and Dovecot stores (default vm.test). */
  readonly domain?: string;
  /** Local parts with passwords (default alice / secret). */
  readonly users?: readonly { readonly local: string; readonly password: string }[];
  /** A Dovecot master user (log on as `user*master`), default vmmaster / mastersecret. */
  readonly master?: { readonly name: string; readonly password: string };
  /** How long to wait for both to answer, default 15 s. */
  readonly startTimeoutMs?: number;
}

export interface MailServers {
  readonly host: string;
  readonly domain: string;
  readonly smtpPort: number;
  readonly imapPort: number;
  readonly lmtpPort: number;
  readonly users: readonly MailUser[];
  readonly master: { readonly name: string; readonly password: string };
  /** Maildir root of a user: `<root>/<domain>/<local>/Maildir`. */
  maildirOf(local: string): string;
  postfixLog(): string;
  dovecotLog(): string;
  /** Stops Postfix and Dovecot and removes the runtime folder (logs stay in logDir); idempotent. */
  stop(): Promise<void>;
}

function run(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}

/** The uid and gid of the `vmail` user, created (system user, no home, no shell) when missing. */
function vmailIds(): { uid: number; gid: number } {
  const ids = (): { uid: number; gid: number } | null => {
    try {
      return { uid: Number(run('id', ['-u', 'vmail']).trim()), gid: Number(run('id', ['-g', 'vmail']).trim()) };
    } catch {
      return null;
    }
  };
  const existing = ids();
  if (existing !== null) return existing;
  run(requireCommand('useradd', 'install Debian package passwd'), ['-r', '-U', '-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', 'vmail']);
  const created = ids();
  if (created === null) throw new Error('could not create the vmail user');
  return created;
}

/** Resolves once `host:port` sends a first line starting with `expect` (an SMTP 220 or IMAP * OK). */
function greets(host: string, port: number, expect: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let text = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) done(text.startsWith(expect));
    });
  });
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export async function startMailServers(options: MailServersOptions): Promise<MailServers> {
  if (process.getuid?.() !== 0) {
    throw new Error('the Postfix + Dovecot interop test runs as root (see /work/shared/INTEROP.md); run the suite as root');
  }
  const postfix = requireCommand('postfix', 'install Debian package postfix: bash scripts/install-test-peers.sh');
  const postconf = requireCommand('postconf', 'install Debian package postfix: bash scripts/install-test-peers.sh');
  const dovecot = requireCommand('dovecot', 'install Debian packages dovecot-imapd dovecot-lmtpd: bash scripts/install-test-peers.sh');

  const host = '127.0.0.1';
  const domain = options.domain ?? 'vm.test';
  const users = (options.users ?? [{ local: 'alice', password: 'secret' }]).map((u) => ({ ...u, address: `${u.local}@${domain}` }));
  const master = options.master ?? { name: 'vmmaster', password: 'mastersecret' };
  const [smtpPort, imapPort, lmtpPort] = [await freePort('tcp'), await freePort('tcp'), await freePort('tcp')];
  const { uid, gid } = vmailIds();

  mkdirSync(options.logDir, { recursive: true });
  // Unix sockets live under these folders: keep their paths short (108-byte limit).
  const root = mkdtempSync(join(tmpdir(), 'openum-mail-'));
  chmodSync(root, 0o755); // postfix and vmail must traverse it
  const postfixDir = join(root, 'postfix');
  const boxes = join(root, 'boxes');
  for (const dir of [postfixDir, join(root, 'spool'), join(root, 'data'), boxes, join(root, 'run'), join(root, 'state')]) mkdirSync(dir, { recursive: true });
  chownSync(boxes, uid, gid);
  const postfixLogPath = join(options.logDir, 'postfix.maillog');
  const dovecotLogPath = join(options.logDir, 'dovecot.log');
  writeFileSync(postfixLogPath, '');

  // --- Dovecot: passwd-file users and a master user, LMTP in, IMAP out, Maildir under root/boxes.
  writeFileSync(join(root, 'users'), users.map((u) => `${u.address}:{PLAIN}${u.password}::::::\n`).join(''));
  writeFileSync(join(root, 'masters'), `${master.name}:{PLAIN}${master.password}::::::\n`);
  const dovecotConf = join(root, 'dovecot.conf');
  writeFileSync(
    dovecotConf,
    `base_dir = ${join(root, 'run')}
state_dir = ${join(root, 'state')}
protocols = imap lmtp
listen = ${host}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_master_user_separator = *
log_path = ${dovecotLogPath}
mail_location = maildir:~/Maildir
first_valid_uid = ${uid}
default_internal_user = vmail
default_login_user = vmail
passdb {
  driver = passwd-file
  master = yes
  args = scheme=PLAIN ${join(root, 'masters')}
  result_success = continue
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(root, 'users')}
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${boxes}/%d/%n
}
service imap-login {
  inet_listener imap {
    address = ${host}
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = ${host}
    port = ${lmtpPort}
  }
  unix_listener lmtp {
    mode = 0
  }
}
`,
  );
  run(dovecot, ['-c', dovecotConf, '-n']); // syntax check

  // --- Postfix: an empty main.cf (compiled-in defaults) plus our settings; every service unchrooted.
  writeFileSync(join(postfixDir, 'main.cf'), '');
  writeFileSync(join(postfixDir, 'master.cf'), readFileSync('/etc/postfix/master.cf', 'utf8'));
  const pc = (...args: string[]): string => run(postconf, ['-c', postfixDir, ...args]);
  pc(
    '-e',
    `queue_directory=${join(root, 'spool')}`,
    `data_directory=${join(root, 'data')}`,
    'compatibility_level=3.6',
    `myhostname=mx.${domain}`,
    `mydomain=${domain}`,
    'mydestination=',
    'inet_interfaces=loopback-only',
    'inet_protocols=ipv4',
    'mynetworks=127.0.0.0/8',
    `virtual_mailbox_domains=${domain}`,
    `virtual_transport=lmtp:inet:${host}:${lmtpPort}`,
    'smtpd_relay_restrictions=permit_mynetworks,reject_unauth_destination',
    `maillog_file=${postfixLogPath}`,
    `maillog_file_prefixes=${options.logDir}`,
    'syslog_name=openum-test',
    'message_size_limit=52428800',
    'smtputf8_enable=no',
    'biff=no',
    'append_dot_mydomain=no',
    'alias_maps=',
    'alias_database=',
  );
  pc('-M#', 'smtp/inet');
  pc('-M', `${host}:${smtpPort}/inet=${host}:${smtpPort} inet n - n - - smtpd`);
  pc('-M', 'postlog/unix-dgram=postlog unix-dgram n - n - 1 postlogd');
  pc('-F', '*/*/chroot = n');
  run(postfix, ['-c', postfixDir, 'check']); // creates the queue folders
  chownSync(join(root, 'data'), Number(run('id', ['-u', 'postfix']).trim()), 0);
  for (const name of ['dovecot.conf', 'users']) writeFileSync(join(options.logDir, `mail-${name}`), readOr(join(root, name)));
  writeFileSync(join(options.logDir, 'postfix-main.cf'), readOr(join(postfixDir, 'main.cf')));

  const processes: ManagedProcess[] = [];
  // Postfix's master makes itself a session leader (setsid), so stopping the process group of
  // `postfix start-fg` does not reach it: stop it with `postfix stop`, then by its pid file.
  const masterPidFile = join(root, 'spool', 'pid', 'master.pid');
  const masterPid = (): number | null => {
    const pid = Number.parseInt(readOr(masterPidFile).trim(), 10);
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  };
  let knownMaster: number | null = null;
  const killMasterNow = (): void => {
    if (knownMaster === null) return;
    try {
      process.kill(knownMaster, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', killMasterNow); // a crashed test still takes Postfix down
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const pid = masterPid() ?? knownMaster;
    try {
      run(postfix, ['-c', postfixDir, 'stop']);
    } catch {
      // not running (start-up failed) or already stopped
    }
    if (pid !== null) {
      const alive = (): boolean => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      try {
        await waitUntil('the Postfix master to exit', () => !alive(), 5000, 50);
      } catch {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    }
    process.off('exit', killMasterNow);
    await Promise.all(processes.map((p) => p.stop(5000)));
    rmSync(root, { recursive: true, force: true });
  };

  try {
    processes.push(spawnManaged({ label: 'dovecot', command: dovecot, args: ['-F', '-c', dovecotConf], logDir: options.logDir, cwd: root }));
    processes.push(spawnManaged({ label: 'postfix', command: postfix, args: ['-c', postfixDir, 'start-fg'], logDir: options.logDir, cwd: root }));
    const timeout = options.startTimeoutMs ?? 15_000;
    await waitUntil(
      `Postfix to greet on ${host}:${smtpPort} and Dovecot on ${host}:${imapPort}`,
      async () => {
        const dead = processes.find((p) => !p.running);
        if (dead !== undefined) throw new Error(`${dead.label} exited during start-up\n${dead.describe(30)}`);
        return (await greets(host, smtpPort, '220')) && (await greets(host, imapPort, '* OK'));
      },
      timeout,
      100,
    );
    knownMaster = masterPid();
  } catch (error) {
    knownMaster = masterPid();
    await stop();
    throw new Error(`${(error as Error).message}\n--- postfix log\n${readOr(postfixLogPath).slice(-3000)}\n--- dovecot log\n${readOr(dovecotLogPath).slice(-3000)}`);
  }

  return {
    host,
    domain,
    smtpPort,
    imapPort,
    lmtpPort,
    users: users.map((u) => ({ address: u.address, password: u.password })),
    master,
    maildirOf: (local) => join(boxes, domain, local, 'Maildir'),
    postfixLog: () => readOr(postfixLogPath),
    dovecotLog: () => readOr(dovecotLogPath),
    stop,
  };
}
