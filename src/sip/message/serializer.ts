/**
 * serializeMessage (RFC 3261 §7): start line, every header in order as `Name: value`,
 * Content-Length rewritten to the body's real length in bytes (added when absent, so a stream
 * peer can frame it, §18.3), the empty line, the body.
 */
import { formatUri } from './format.js';
import type { SipMessage } from './types.js';

export function serializeMessage(msg: SipMessage): Buffer {
  let head = msg.type === 'request'
    ? `${msg.method} ${formatUri(msg.uri)} ${msg.version}\r\n`
    : `${msg.version} ${msg.status} ${msg.reason}\r\n`;
  let wroteLength = false;
  for (const field of msg.headers) {
    if (field.name === 'Content-Length') {
      if (wroteLength) continue;
      head += `Content-Length: ${msg.body.length}\r\n`;
      wroteLength = true;
    } else {
      head += `${field.name}: ${field.value}\r\n`;
    }
  }
  if (!wroteLength) head += `Content-Length: ${msg.body.length}\r\n`;
  head += '\r\n';
  const headLength = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + msg.body.length);
  out.write(head, 0, 'utf8');
  msg.body.copy(out, headLength);
  return out;
}
