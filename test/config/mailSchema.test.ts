import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { imapPort } from '../../src/delivery/index.js';
import { edit, exampleText, issuesOf } from './helpers.js';

const mailBlock = `mail:                           # optional: without it, messages stay in the built-in store only
  smtp: { host: 127.0.0.1, port: 2525, secure: false }
  from: "Voice Mail <voicemail@example.test>"`;

function withMail(extra: string): string {
  return edit(exampleText(), mailBlock, `${mailBlock}\n${extra}`);
}

function parse(text: string) {
  return parseConfig(text, 'test.yaml', { baseDir: '/srv/openum' }).config;
}

describe('configuration: mail', () => {
  it('defaults attachMp3 to false and has no imap unless configured', () => {
    const mail = parse(exampleText()).mail;
    assert.equal(mail?.attachMp3, false);
    assert.equal(mail?.imap, undefined);
  });

  it('reads attachMp3 and an imap block, with folder INBOX and port by TLS mode', () => {
    const mail = parse(withMail('  attachMp3: true\n  imap: { host: 127.0.0.1, user: "{email}*vmmaster", password: s3cret }')).mail;
    assert.equal(mail?.attachMp3, true);
    assert.deepEqual(mail?.imap, { host: '127.0.0.1', secure: false, user: '{email}*vmmaster', password: 's3cret', folder: 'INBOX' });
    assert.equal(imapPort(mail!.imap!), 143);
    assert.equal(imapPort({ secure: true, port: undefined }), 993);
    assert.equal(imapPort({ secure: true, port: 1993 }), 1993);
  });

  it('accepts {extension} and a folder name with spaces', () => {
    const mail = parse(withMail('  imap: { host: mail.example.test, port: 993, secure: true, user: "vm-{extension}", password: x, folder: "Voice Mail" }')).mail;
    assert.equal(mail?.imap?.folder, 'Voice Mail');
    assert.equal(mail?.imap?.user, 'vm-{extension}');
  });

  it('rejects an unknown placeholder in the imap user, naming the allowed ones', () => {
    const issues = issuesOf(withMail('  imap: { host: 127.0.0.1, user: "{mail}*master", password: x }'));
    const issue = issues.find((i) => i.path === 'mail.imap.user');
    assert.ok(issue !== undefined, JSON.stringify(issues));
    assert.match(issue.message, /unknown placeholder \{mail\}: use \{email\} or \{extension\}/);
  });

  it('rejects an imap block without a password, and unknown keys', () => {
    const paths = issuesOf(withMail('  imap: { host: 127.0.0.1, user: u, mailbox: x }')).map((i) => i.path);
    assert.ok(paths.includes('mail.imap.password'), paths.join(', '));
    assert.ok(paths.some((p) => p.startsWith('mail.imap')), paths.join(', '));
  });

  it('rejects attachMp3 that is not a boolean', () => {
    const paths = issuesOf(withMail('  attachMp3: "yes"')).map((i) => i.path);
    assert.deepEqual(paths, ['mail.attachMp3']);
  });
});
