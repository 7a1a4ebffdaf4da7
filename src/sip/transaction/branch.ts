/** The Via branch parameter as a transaction identifier (RFC 3261 §8.1.1.7, §17.1.3, §17.2.3). */
import { randomBytes } from 'node:crypto';
import type { SipMessage, Via } from '../message/index.js';

/**
 * §8.1.1.7: "The branch ID inserted by an element compliant with this specification MUST always
 * begin with the characters 'z9hG4bK'."
 */
export const MAGIC_COOKIE = 'z9hG4bK';

/** A fresh RFC 3261 branch: the magic cookie followed by 96 random bits (base64url, 16 chars). */
export function newBranch(): string {
  return MAGIC_COOKIE + randomBytes(12).toString('base64url');
}

/** The branch parameter of a Via, or null when absent or a flag without value. */
export function viaBranch(via: Via | undefined): string | null {
  const branch = via?.params.get('branch');
  return branch === undefined || branch === null || branch === '' ? null : branch;
}

/** The branch of the message's top Via, or null. */
export function topBranch(message: SipMessage): string | null {
  return viaBranch(message.via[0]);
}

/** True when the branch was generated per RFC 3261 (and can identify a transaction on its own). */
export function isRfc3261Branch(branch: string | null): branch is string {
  return branch !== null && branch.startsWith(MAGIC_COOKIE);
}
