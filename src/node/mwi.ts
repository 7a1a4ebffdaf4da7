/**
 * Message waiting on the SIP side (RFC 3842): the delivery worker's `mwi` entries end here.
 *
 * - Unsolicited NOTIFY to every gateway of the user's dial plan that has
 *   `messageWaitingIndicator: true`: what Exchange UM did for its IP gateways, and what PBXs
 *   (Cisco CUCM, Asterisk with `mwi_from`/unsolicited MWI, AudioCodes gateways in front of a
 *   QSIG PBX) expect to switch a lamp.
 * - NOTIFY to every phone that SUBSCRIBEd to the mailbox's message-summary.
 *
 * The counts are kept in memory as well, because a SUBSCRIBE must be answered with the current
 * state at once (the SIP layer asks synchronously): they are loaded at start and updated on every
 * notification, which follows every change of a mailbox through the outbox.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { GatewayConfig } from '../config/index.js';
import { DeliveryError, type MwiNotifier } from '../delivery/index.js';
import type { Directory } from '../directory/index.js';
import { formatMessageSummary, MESSAGE_SUMMARY_TYPE } from '../sip/message/index.js';
import type { SubscribeDecision, SubscribeRequest, UserAgent } from '../sip/ua/index.js';
import type { MessageCounts } from '../store/index.js';

export interface MwiLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface SipMwiOptions {
  ua: Pick<UserAgent, 'notifySubscribers' | 'sendNotify'>;
  directory(): Directory;
  gateways(): readonly GatewayConfig[];
  /** Our SIP domain: the Message-Account and From of the NOTIFY. */
  domain: string;
  logger: MwiLogger;
}

const noMessages: MessageCounts = { new: 0, saved: 0, urgentNew: 0 };

export class SipMwi implements MwiNotifier {
  readonly #options: SipMwiOptions;
  readonly #counts = new Map<string, MessageCounts>();

  constructor(options: SipMwiOptions) {
    this.#options = options;
  }

  /** Seeds the counts (at start, from the store). */
  prime(mailbox: string, counts: MessageCounts): void {
    this.#counts.set(mailbox, counts);
  }

  body(mailbox: string, counts: MessageCounts): Buffer {
    return formatMessageSummary({
      messagesWaiting: counts.new > 0,
      account: `sip:${mailbox}@${this.#options.domain}`,
      counts: { 'voice-message': { new: counts.new, old: counts.saved, newUrgent: counts.urgentNew, oldUrgent: 0 } },
    });
  }

  /** The SUBSCRIBE hook of the user agent: message-summary of a known mailbox only. */
  onSubscribe = (request: SubscribeRequest): SubscribeDecision => {
    if (request.event !== 'message-summary') return { accept: false, status: 489 };
    const user = this.#options.directory().user(request.resourceUser);
    if (!user) return { accept: false, status: 404 };
    this.#options.logger.info({ mailbox: user.extension, expires: request.expires }, 'message-summary subscription');
    return { accept: true, contentType: MESSAGE_SUMMARY_TYPE, body: () => this.body(user.extension, this.#counts.get(user.extension) ?? noMessages) };
  };

  async notify(mailbox: string, counts: MessageCounts): Promise<void> {
    this.#counts.set(mailbox, counts);
    const body = this.body(mailbox, counts);
    const subscribers = this.#options.ua.notifySubscribers('message-summary', mailbox, body);
    const user = this.#options.directory().user(mailbox);
    if (!user) return;
    const gateways = this.#options.gateways().filter((g) => g.messageWaitingIndicator && g.dialPlan === user.dialPlan);
    const failures: string[] = [];
    let permanent = true;
    for (const gateway of gateways) {
      const outcome = await this.#notifyGateway(gateway, mailbox, body);
      if (outcome === null) continue;
      failures.push(`${gateway.name}: ${outcome.reason}`);
      if (!outcome.permanent) permanent = false;
    }
    this.#options.logger.info({ mailbox, new: counts.new, saved: counts.saved, subscribers, gateways: gateways.length, failed: failures.length }, 'message waiting notified');
    if (failures.length > 0) {
      throw new DeliveryError('DELIVERY_MWI_FAILED', `NOTIFY message-summary: ${failures.join('; ')}`, { permanent });
    }
  }

  /** null when the gateway took it; else why and whether retrying could help. */
  async #notifyGateway(gateway: GatewayConfig, mailbox: string, body: Buffer): Promise<{ reason: string; permanent: boolean } | null> {
    let address = gateway.address;
    if (address.includes('/')) return { reason: `address ${address} is a network, not a host: no NOTIFY target`, permanent: true };
    if (!isIP(address)) {
      try {
        address = (await lookup(address)).address;
      } catch (err) {
        return { reason: `${gateway.address} does not resolve (${err instanceof Error ? err.message : String(err)})`, permanent: false };
      }
    }
    const hostPort = `${isIP(address) === 6 ? `[${address}]` : address}:${gateway.port}`;
    try {
      const status = await this.#options.ua.sendNotify({
        target: { transport: gateway.transport.toUpperCase() as 'UDP' | 'TCP' | 'TLS', address, port: gateway.port },
        requestUri: `sip:${mailbox}@${hostPort}`,
        to: `<sip:${mailbox}@${hostPort}>`,
        from: `<sip:${mailbox}@${this.#options.domain}>`,
        event: 'message-summary',
        contentType: MESSAGE_SUMMARY_TYPE,
        body,
      });
      if (status >= 200 && status < 300) return null;
      // 408/5xx/6xx-503 may pass; 4xx (user unknown, event not supported) will not by retrying.
      const retry = status === 408 || status === 480 || status >= 500;
      return { reason: `answered ${status}`, permanent: !retry };
    } catch (err) {
      return { reason: err instanceof Error ? err.message : String(err), permanent: false };
    }
  }
}
