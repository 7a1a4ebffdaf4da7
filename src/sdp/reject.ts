/** Building the `{ ok: false }` results of a negotiation (RFC 3261 §21.4.26 488, §20.43 Warning). */
import type { SdpRejectCode } from './errors.js';
import type { SdpRejection, SdpWarnCode } from './types.js';

/** RFC 3261 §20.43: the warn-text registered for each code we use. */
const WARN_TEXT: Readonly<Record<SdpWarnCode, string>> = {
  300: 'Incompatible network protocol',
  301: 'Incompatible network address formats',
  302: 'Incompatible transport protocol',
  304: 'Media type not available',
  305: 'Incompatible media format',
  306: 'Attribute not understood',
  399: 'Miscellaneous warning',
};

export function reject(code: SdpRejectCode, reason: string, warnCode: SdpWarnCode, status: 488 | 400 = 488): SdpRejection {
  return { ok: false, status, code, reason, warning: { code: warnCode, text: warnCode === 399 ? reason : WARN_TEXT[warnCode] } };
}
