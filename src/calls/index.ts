/** The Call API: the only thing um/ sees of SIP and RTP. */
export { Call, CallError, type CallDeps, type CallLogger, type CollectOptions, type CollectResult, type PlayOptions } from './call.js';
export { callInfoOf, MAX_CALLER_NAME, MAX_DIVERSION_ENTRIES, type CallInfo, type DiversionInfo } from './callInfo.js';
export { DigitQueue, MAX_QUEUED_DIGITS } from './digits.js';
export type { PlayItem, PromptRenderer } from './prompts.js';
export type { RecordEnd, RecordOptions, RecordResult } from './record.js';
export { CallMediaError, negotiateCallMedia, type MediaFactory, type MediaReservation } from './setup.js';
export { CachedPromptRenderer } from './promptRenderer.js';
export { RtpMediaFactory, rtpStreamConfig, type RtpMediaFactoryOptions } from './rtpMediaFactory.js';
