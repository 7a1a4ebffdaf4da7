/**
 * The `mwi` outbox kind: tell the user's phone (through the gateway, or a subscriber) how many
 * messages wait, so the lamp is right. The counts are read when the NOTIFY goes out, not when the
 * entry was written: an RFC 3842 message-summary carries state, and only the latest state matters.
 * That is also why pending entries for one mailbox coalesce into one NOTIFY (coalesceKey), and
 * why two NOTIFYs for one mailbox never run at once (an older count could arrive last).
 */
import type { MailboxStore, MessageCounts, OutboxEntry } from '../store/index.js';
import type { DeliveryOutcome, OutboxHandler } from './handler.js';

/** The SIP side (sip/ua + the gateway list), implemented by the server; throws DeliveryError itself. */
export interface MwiNotifier {
  notify(mailbox: string, counts: MessageCounts): Promise<void>;
}

export interface MwiHandlerOptions {
  store: Pick<MailboxStore, 'countMessages'>;
  notifier: MwiNotifier;
}

export function createMwiHandler(options: MwiHandlerOptions): OutboxHandler {
  return {
    coalesceKey: (entry: OutboxEntry) => entry.mailbox,
    async deliver(entry: OutboxEntry): Promise<DeliveryOutcome> {
      const counts = await options.store.countMessages(entry.mailbox);
      await options.notifier.notify(entry.mailbox, counts);
      return {};
    },
  };
}
