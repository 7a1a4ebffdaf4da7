/**
 * The UM application of a node: routes each call (um/routing) and runs the flow it names. Voice
 * access and auto attendants are the next issue; until they exist their numbers answer with a
 * polite prompt rather than silence.
 */
import type { Call } from '../calls/index.js';
import type { DialPlanConfig, MailboxPolicyConfig } from '../config/index.js';
import type { Directory } from '../directory/index.js';
import type { MailboxStore, NewOutboxEntry, StoredUser } from '../store/index.js';
import { answerCall, callAnsweringPrompts as prompts, type CallAnsweringDeps, type CallAnsweringLogger } from './callAnswering/index.js';
import { routeCall } from './routing/index.js';

export interface UmApplicationDeps {
  /** The directory as it is now (it changes when an administrator edits it). */
  directory(): Directory;
  store: MailboxStore;
  recordingsDir: string;
  logger: CallAnsweringLogger;
  messageOutbox(user: StoredUser): NewOutboxEntry[];
  missedCallOutbox(user: StoredUser, policy: MailboxPolicyConfig): NewOutboxEntry[];
  committed?(): void;
  transferTarget?(extension: string, dialPlan: DialPlanConfig, gateway: string): string;
  now?(): Date;
}

export interface UmCallContext {
  /** Name of the configured gateway the call came from. */
  gateway: string;
}

export type UmApplication = (call: Call, context: UmCallContext) => Promise<void>;

export function createUmApplication(deps: UmApplicationDeps): UmApplication {
  return async (call, context) => {
    const directory = deps.directory();
    const info = call.info;
    const route = routeCall(info, context.gateway, directory);
    deps.logger.info({ callId: call.id, route: route.kind, gateway: context.gateway }, 'call routed');
    const caller = { callerNumber: info.anonymous ? null : info.callerNumber, callerName: info.anonymous ? null : info.callerName };
    switch (route.kind) {
      case 'callAnswering': {
        const policy = directory.policyOf(route.user);
        if (!policy) {
          deps.logger.warn({ callId: call.id, mailbox: route.mailbox, policy: route.user.mailboxPolicy }, 'mailbox policy missing: treated as unknown mailbox');
          return sayAndHangUp(call, prompts.unknownMailbox());
        }
        const flowDeps: CallAnsweringDeps = {
          store: deps.store,
          recordingsDir: deps.recordingsDir,
          logger: deps.logger,
          messageOutbox: deps.messageOutbox,
          missedCallOutbox: deps.missedCallOutbox,
          ...(deps.committed ? { committed: deps.committed } : {}),
          ...(deps.transferTarget ? { transferTarget: (ext: string, plan: DialPlanConfig) => deps.transferTarget!(ext, plan, context.gateway) } : {}),
          ...(deps.now ? { now: deps.now } : {}),
        };
        await answerCall(call, { user: route.user, dialPlan: route.dialPlan, policy, reason: route.reason }, caller, flowDeps);
        return;
      }
      case 'unknownMailbox':
        // Same SIP behaviour as an existing mailbox (answer, prompt): no hint for a prober.
        return sayAndHangUp(call, prompts.unknownMailbox());
      case 'voiceAccess':
        return sayAndHangUp(call, prompts.notYetAvailable('Voice access'));
      case 'autoAttendant':
        return sayAndHangUp(call, prompts.notYetAvailable('The automated attendant'));
      case 'noDialPlan':
        return sayAndHangUp(call, prompts.unknownMailbox());
    }
  };
}

async function sayAndHangUp(call: Call, items: Parameters<Call['play']>[0]): Promise<void> {
  await call.answer();
  try {
    await call.play(items, { bargeIn: false });
    await call.hangup();
  } catch (err) {
    if (!call.signal.aborted) throw err;
  }
}
