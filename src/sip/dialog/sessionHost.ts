/**
 * What a dialog usage (INVITE session either way, subscription) needs from the user agent that
 * owns it: sending, addressing and time. The UA core implements it; unit tests implement it over a ManualClock and a recording sender.
 */
import type { Clock } from '../../util/clock.js';
import type { ExtraHeaders, NameAddr, SipMessage, SipRequest, SipResponse } from '../message/index.js';
import type { Endpoint, TransportName } from '../transport/index.js';
import type { ServerTransaction } from '../transaction/index.js';
import type { Dialog } from './dialog.js';
import type { SessionTimerPolicy } from './sessionTimer.js';

export interface SessionLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export interface InDialogResult {
  request: SipRequest;
  response: SipResponse;
  target: Endpoint;
}

/**
 * What the UA core routes to the owner of a dialog (§12.2.2): requests within it, the ACK for a
 * 2xx it sent, and (client INVITE sessions) a 2xx retransmission that must be ACKed again.
 */
export interface DialogUser {
  receiveRequest(request: SipRequest, tx: ServerTransaction): void;
  receiveAck?(ack: SipRequest): void;
  receive2xx?(response: SipResponse): void;
}

export interface AckResult {
  ack: SipRequest;
  target: Endpoint;
}

export interface SessionHost {
  readonly clock: Clock;
  readonly timers: { readonly t1: number; readonly t2: number };
  readonly sessionTimer: SessionTimerPolicy;
  readonly logger: SessionLogger;
  /** Sends a message outside any transaction (2xx retransmissions, ACK for 2xx). */
  sendDirect(message: SipMessage, target: Endpoint): Promise<void>;
  /**
   * Sends a request within `dialog` through a client transaction (§12.2.1.1) and resolves with
   * its final response. `hint` is the connection the dialog's peer used, for reuse over TCP/TLS.
   */
  requestInDialog(dialog: Dialog, method: string, hint: Endpoint, extras?: ExtraHeaders): Promise<InDialogResult>;
  /**
   * §13.2.2.4: sends the ACK for a 2xx to the INVITE numbered `seq` in `dialog` (a new request
   * with no transaction) and returns it with where it went, so it can be resent for each
   * retransmitted 2xx.
   */
  sendAck(dialog: Dialog, seq: number, hint: Endpoint, extras?: ExtraHeaders): Promise<AckResult>;
  /** The Contact we put in dialog-forming messages for `transport`. */
  contact(transport: TransportName): NameAddr;
  /** The session ended: the owner forgets its dialog. Called once. */
  released(sessionKey: string | null): void;
  /** The session now has a dialog under this key (the owner files it for in-dialog requests). */
  registered(sessionKey: string, user: DialogUser): void;
}
