/** DTMF: RFC 4733 telephone events (receive and send) and SIP INFO bodies. The folder's only import path. */
export { DTMF_ERROR_CODES, DtmfError, type DtmfErrorCode } from './errors.js';
export {
  parseTelephoneEvent,
  serializeTelephoneEvent,
  serializeTelephoneEventInto,
  digitFromEventCode,
  eventCodeFromDigit,
  TELEPHONE_EVENT_SIZE,
  type TelephoneEvent,
} from './event.js';
export { Rfc4733Receiver, type Rfc4733ReceiverOptions, type Rfc4733ReceiverStats, type TelephoneEventPacket } from './rfc4733.js';
export { rfc4733EventPackets, END_PACKET_COPIES, type Rfc4733SendOptions, type TelephoneEventOutPacket } from './sender.js';
export { parseSipInfoDtmf, parseDtmfRelay, parseDtmfBody } from './sipInfo.js';
export { DEFAULT_DTMF_LIMITS, resolveDtmfLimits, type DtmfLimits } from './limits.js';
