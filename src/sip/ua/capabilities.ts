/**
 * What OpenUM's user agent tells its peers it can do (RFC 3261 §20.5 Allow, §20.37 Supported,
 * §20.1 Accept, RFC 6665 Allow-Events), in OPTIONS answers and in dialog-forming responses.
 * One list, used everywhere.
 */

/** Methods we accept (REFER is one we send, not one we act on; SUBSCRIBE for RFC 6665 notifier duty). */
export const ALLOWED_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO', 'UPDATE', 'NOTIFY', 'SUBSCRIBE'] as const;

/** Methods defined by RFCs that we recognise but do not serve (405, §8.2.1); others get 501. */
export const KNOWN_UNSUPPORTED_METHODS = ['REGISTER', 'PRACK', 'PUBLISH', 'MESSAGE', 'REFER'] as const;

/** Event packages we serve as notifier (RFC 6665 §4.2), with the body type of their NOTIFYs. */
export const EVENT_PACKAGES: Readonly<Record<string, string>> = Object.freeze({
  'message-summary': 'application/simple-message-summary', // RFC 3842
});

/** Option tags: session timers (RFC 4028), Replaces is not supported. */
export const SUPPORTED_EXTENSIONS = ['timer'] as const;

export const ACCEPTED_BODIES = ['application/sdp', 'application/dtmf-relay', 'application/dtmf', 'message/sipfrag'] as const;

export const capabilityHeaders: ReadonlyArray<readonly [string, string]> = [
  ['Allow', ALLOWED_METHODS.join(', ')],
  ['Supported', SUPPORTED_EXTENSIONS.join(', ')],
  ['Accept', ACCEPTED_BODIES.join(', ')],
  ['Allow-Events', Object.keys(EVENT_PACKAGES).join(', ')],
];
