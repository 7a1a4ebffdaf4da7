/**
 * Which application answers a call (ARCHITECTURE.md "How a call flows", step 2), from the plain
 * facts calls/ read from the INVITE and the directory. No SIP here: a header is calls/' business.
 *
 * Precedence, first rule that applies:
 *
 * 0. The gateway is unknown, or neither a hunt group nor the gateway names an existing dial plan
 *    → noDialPlan (config checks make this a bug or a directory edited under a live call).
 * 1. The dial plan is that of this gateway's hunt group whose pilot is the called number, else
 *    the gateway's own (Exchange UM: the hunt group links a gateway to a dial plan).
 * 2. A diverted call (Diversion, History-Info or an RFC 4458 voicemail URI: info.diversions is not
 *    empty) is about the redirecting number, whatever number it was sent to: PBXs divert to the
 *    pilot, to a voice access number or to any number routed to us.
 *    a. no redirecting number (the diverting address holds none) → unknownMailbox (null);
 *    b. it reaches a user of the dial plan → callAnswering with the divert reason (a disabled
 *       user → unknownMailbox);
 *    c. it reaches an auto attendant, voice access number or pilot of this gateway (a PBX that
 *       forwards one of our own numbers to the pilot) → rule 3 applied to that number;
 *    d. else → unknownMailbox.
 * 3. A direct call, by what the called number reaches at its most specific match (a number is
 *    compared as itself, then as ever shorter tails down to the extension length: numbers.ts):
 *    a. an auto attendant number → autoAttendant. config/crossCheck.ts lets a pilot equal an auto
 *       attendant number (with a warning): then the attendant answers direct calls, diverted
 *       ones still reach call answering by rule 2;
 *    b. a voice access number → voiceAccess. A pilot may equal one (the usual Exchange setup):
 *       direct calls get voice access, diverted calls call answering;
 *    c. a hunt group pilot of this gateway → voiceAccess (Exchange: a direct call to the UM
 *       pilot is subscriber access);
 *    d. a user's extension → callAnswering with reason 'unknown': some PBXs forward by
 *       retargeting the Request-URI to the user, with no Diversion (disabled → unknownMailbox);
 *    e. anything else, or no called number → unknownMailbox: the dial plan's default is to say
 *       the person is not available.
 *
 * unknownMailbox answers and behaves like a real mailbox's greeting at the SIP level, so that a
 * prober learns nothing about which extensions exist. A disabled user counts as unknown.
 *
 * voiceAccess.callerUser is the enabled user of the dial plan whose number the caller's number
 * reaches (Exchange's caller-ID logon: "press * or enter your PIN"). It is a hint, matched by the
 * same tail rule: voice access must still ask for the PIN and let the caller name another
 * mailbox. An anonymous caller's asserted number is still used: it is not shown to anyone.
 */
import type { CallInfo } from '../../calls/index.js';
import type { AutoAttendantConfig, DialPlanConfig } from '../../config/index.js';
import type { Directory, NumberOwners } from '../../directory/index.js';
import type { DivertReason, StoredUser } from '../../store/index.js';

export type Route =
  | { kind: 'callAnswering'; mailbox: string; user: StoredUser; reason: DivertReason; dialPlan: DialPlanConfig }
  | { kind: 'unknownMailbox'; number: string | null; dialPlan: DialPlanConfig }
  | { kind: 'voiceAccess'; dialPlan: DialPlanConfig; callerUser: StoredUser | null }
  | { kind: 'autoAttendant'; attendant: AutoAttendantConfig; dialPlan: DialPlanConfig }
  | { kind: 'noDialPlan' };

export type RouteKind = Route['kind'];

interface Context {
  info: CallInfo;
  dialPlan: DialPlanConfig;
  directory: Directory;
}

function callerUser(ctx: Context): StoredUser | null {
  const number = ctx.info.callerNumber;
  if (number === null) return null;
  const user = ctx.directory.userByNumber(number, ctx.dialPlan.name);
  return user !== null && user.enabled ? user : null;
}

function callAnswering(ctx: Context, user: StoredUser, number: string | null, reason: DivertReason): Route {
  if (!user.enabled) return { kind: 'unknownMailbox', number, dialPlan: ctx.dialPlan };
  return { kind: 'callAnswering', mailbox: user.extension, user, reason, dialPlan: ctx.dialPlan };
}

/** Rule 3 a–c: a service number, or null when the number is none of ours. */
function service(ctx: Context, owners: NumberOwners): Route | null {
  if (owners.autoAttendant) return { kind: 'autoAttendant', attendant: owners.autoAttendant, dialPlan: ctx.dialPlan };
  if (owners.voiceAccess || owners.huntGroup) return { kind: 'voiceAccess', dialPlan: ctx.dialPlan, callerUser: callerUser(ctx) };
  return null;
}

function diverted(ctx: Context, gatewayName: string): Route {
  const number = ctx.info.redirectingNumber;
  if (number === null) return { kind: 'unknownMailbox', number: null, dialPlan: ctx.dialPlan };
  const owners = ctx.directory.ownersOf(number, ctx.dialPlan.name, gatewayName);
  if (owners?.user) return callAnswering(ctx, owners.user, number, ctx.info.divertReason ?? 'unknown');
  return (owners && service(ctx, owners)) ?? { kind: 'unknownMailbox', number, dialPlan: ctx.dialPlan };
}

function direct(ctx: Context, gatewayName: string): Route {
  const number = ctx.info.calledNumber;
  const owners = number === null ? null : ctx.directory.ownersOf(number, ctx.dialPlan.name, gatewayName);
  if (owners === null) return { kind: 'unknownMailbox', number, dialPlan: ctx.dialPlan };
  const found = service(ctx, owners);
  if (found) return found;
  if (owners.user) return callAnswering(ctx, owners.user, number, 'unknown');
  return { kind: 'unknownMailbox', number, dialPlan: ctx.dialPlan };
}

export function routeCall(info: CallInfo, gatewayName: string, directory: Directory): Route {
  if (directory.gatewayByName(gatewayName) === null) return { kind: 'noDialPlan' };
  const group = info.calledNumber === null ? null : directory.huntGroup(gatewayName, info.calledNumber);
  const dialPlan = (group && directory.dialPlan(group.dialPlan)) ?? directory.dialPlanOfGateway(gatewayName);
  if (dialPlan === null) return { kind: 'noDialPlan' };
  const ctx: Context = { info, dialPlan, directory };
  return info.diversions.length > 0 ? diverted(ctx, gatewayName) : direct(ctx, gatewayName);
}
