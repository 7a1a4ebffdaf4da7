/**
 * Which deliveries a new message or a missed call gets, decided once, when it is committed (the
 * entries go into the same transaction as the message). An entry whose target is missing later
 * (the user lost their email address) fails visibly in the outbox rather than vanishing.
 */
import type { Config, MailboxPolicyConfig } from '../config/index.js';
import type { NewOutboxEntry, StoredUser } from '../store/index.js';

export interface OutboxPolicy {
  messageOutbox(user: StoredUser): NewOutboxEntry[];
  missedCallOutbox(user: StoredUser, policy: MailboxPolicyConfig): NewOutboxEntry[];
}

export function outboxPolicy(config: Pick<Config, 'mail'>): OutboxPolicy {
  const mail = config.mail;
  return {
    messageOutbox(user) {
      const entries: NewOutboxEntry[] = [];
      if (mail && user.email) entries.push({ kind: 'email', mailbox: user.extension, subjectId: null });
      if (mail?.imap && user.email) entries.push({ kind: 'imap', mailbox: user.extension, subjectId: null });
      // MWI always: the handler finds the gateways with MWI on and the subscribed phones.
      entries.push({ kind: 'mwi', mailbox: user.extension, subjectId: null });
      return entries;
    },
    missedCallOutbox(user, policy) {
      if (!mail || !user.email || !policy.missedCallNotifications) return [];
      return [{ kind: 'missed-call', mailbox: user.extension, subjectId: null }];
    },
  };
}
