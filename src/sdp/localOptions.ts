/**
 * Checks of the options OpenUM passes in. A failure is a bug in the caller (or a configuration
 * that validation let through), reported as SDP_BAD_LOCAL_OPTIONS, never as a 488 to the peer.
 */
import { addressTypeOf, isUsablePort } from './address.js';
import { CODEC_NAMES } from './codecs.js';
import { decodeInlineKey } from './crypto.js';
import { localOptionsError } from './errors.js';
import { MAX_NUMBER_DIGITS } from './limits.js';
import type { LocalCrypto, LocalMediaOptions, SrtpSuite } from './types.js';

export function checkLocalOptions(local: Omit<LocalMediaOptions, 'sessionId' | 'sessionVersion'>): 'IP4' | 'IP6' {
  const family = addressTypeOf(local.address);
  if (family === null) throw localOptionsError(`address "${local.address}" is not an IPv4 or IPv6 literal`);
  if (!isUsablePort(local.port)) throw localOptionsError(`port ${local.port} is not 1-65535`);
  if (local.codecPreference.length === 0) throw localOptionsError('codecPreference is empty');
  for (const c of local.codecPreference) {
    if (!CODEC_NAMES.includes(c)) throw localOptionsError(`codecPreference names unknown codec "${String(c)}"`);
  }
  if (!/^\S+$/.test(local.userName)) throw localOptionsError('userName is empty or contains whitespace (RFC 8866 §5.2)');
  if (!['optional', 'required', 'off'].includes(local.srtp)) throw localOptionsError(`srtp "${String(local.srtp)}" is not optional, required or off`);
  return family;
}

export function checkSessionOrigin(sessionId: string, sessionVersion: number): void {
  if (!/^\d+$/.test(sessionId) || sessionId.length > MAX_NUMBER_DIGITS) throw localOptionsError(`sessionId "${sessionId}" is not 1-${MAX_NUMBER_DIGITS} digits`);
  if (!Number.isSafeInteger(sessionVersion) || sessionVersion < 0) throw localOptionsError(`sessionVersion ${sessionVersion} is not a non-negative safe integer`);
}

/** Calls makeCrypto and checks that the key it made is one we can announce. */
export function makeLocalCrypto(local: Pick<LocalMediaOptions, 'makeCrypto'>, suite: SrtpSuite): LocalCrypto {
  const made = local.makeCrypto(suite);
  if (made.suite !== suite) throw localOptionsError(`makeCrypto(${suite}) returned a key for ${made.suite}`);
  if (decodeInlineKey(made.keyParams) === null) throw localOptionsError(`makeCrypto(${suite}) returned key parameters that are not "inline:<30 bytes base64>"`);
  return made;
}
