/**
 * application/simple-message-summary, RFC 3842 §3.5: the body of a message-waiting NOTIFY.
 *
 *   Messages-Waiting: yes                  msg-status-line (always first)
 *   Message-Account: sip:1001@example.com  optional
 *   Voice-Message: 2/8 (1/0)               new/old (new-urgent/old-urgent), one line per class
 *                                          optional blank line, then opt-msg-headers
 *
 *   message-summary  = msg-status-line CRLF [msg-account CRLF] [*(msg-summary-line CRLF)]
 *                      [ *opt-msg-headers ]
 *   msg-summary-line = message-context-class HCOLON newmsgs SLASH oldmsgs
 *                      [ LPAREN new-urgentmsgs SLASH old-urgentmsgs RPAREN ]
 *   msg-count        = 1*DIGIT  ; MUST NOT exceed 2^32-1
 *
 * The classes are those of RFC 3458 §6.2. Parsing is lenient where phones and gateways differ
 * (case of names, LF line ends, spaces around ":" "/" "("), strict where the grammar protects
 * (counts, line count and size are bounded before anything is kept).
 */
import { OpenUmError } from '../../../util/errors.js';

export const MESSAGE_CONTEXT_CLASSES = ['voice-message', 'fax-message', 'pager-message', 'multimedia-message', 'text-message', 'none'] as const;
export type MessageContextClass = (typeof MESSAGE_CONTEXT_CLASSES)[number];

export const MESSAGE_SUMMARY_TYPE = 'application/simple-message-summary';

/** Bounds on a received body, checked before it is split or kept. */
export const MESSAGE_SUMMARY_LIMITS = Object.freeze({
  /** A full summary with every class and a few extra headers is under 400 bytes; 8 KiB is ample. */
  maxBytes: 8192,
  /** Status, account, six classes, a blank line and extension headers. */
  maxLines: 64,
  /** RFC 3842 §3.5: "msg-count ... MUST NOT exceed 2^32-1". */
  maxCount: 0xffffffff,
});

export interface MessageCounts {
  new: number;
  old: number;
  newUrgent?: number;
  oldUrgent?: number;
}

export interface MessageSummary {
  messagesWaiting: boolean;
  /** The Message-Account URI, as text. */
  account?: string;
  counts: Partial<Record<MessageContextClass, MessageCounts>>;
  /** opt-msg-headers (after the blank line), in order. */
  extraHeaders?: ReadonlyArray<readonly [string, string]>;
}

export type MessageSummaryErrorCode = 'SIP_BODY_BAD_MESSAGE_SUMMARY' | 'SIP_BODY_INVALID_MESSAGE_SUMMARY';

export class MessageSummaryError extends OpenUmError {
  override readonly name = 'MessageSummaryError';
  override readonly code: MessageSummaryErrorCode;

  constructor(code: MessageSummaryErrorCode, message: string) {
    super(code, message);
    this.code = code;
  }
}

function bad(reason: string): never {
  throw new MessageSummaryError('SIP_BODY_BAD_MESSAGE_SUMMARY', `application/simple-message-summary: ${reason} (RFC 3842 §3.5)`);
}

function invalid(reason: string): never {
  throw new MessageSummaryError('SIP_BODY_INVALID_MESSAGE_SUMMARY', `cannot write application/simple-message-summary: ${reason}`);
}

/** "voice-message" → "Voice-Message", as RFC 3842's examples write it. */
function className(c: MessageContextClass): string {
  return c.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('-');
}

const TOKEN = /^[A-Za-z0-9!%*_+`'~.-]+$/;
const NO_CONTROLS = /^[^\x00-\x1f\x7f]*$/;

function checkCount(n: number | undefined, what: string): void {
  if (n === undefined) return;
  if (!Number.isInteger(n) || n < 0 || n > MESSAGE_SUMMARY_LIMITS.maxCount) invalid(`${what} must be an integer from 0 to 2^32-1, got ${String(n)}`);
}

/** Writes the body with CRLF line ends (RFC 3842 §3.5). Rejects values that would break the grammar. */
export function formatMessageSummary(summary: MessageSummary): Buffer {
  const lines = [`Messages-Waiting: ${summary.messagesWaiting ? 'yes' : 'no'}`];
  if (summary.account !== undefined) {
    if (summary.account === '' || !NO_CONTROLS.test(summary.account) || /\s/.test(summary.account)) invalid('Message-Account must be one URI without spaces or control characters');
    lines.push(`Message-Account: ${summary.account}`);
  }
  for (const c of MESSAGE_CONTEXT_CLASSES) {
    const counts = summary.counts[c];
    if (!counts) continue;
    checkCount(counts.new, `${c} new`);
    checkCount(counts.old, `${c} old`);
    checkCount(counts.newUrgent, `${c} new urgent`);
    checkCount(counts.oldUrgent, `${c} old urgent`);
    const urgent = counts.newUrgent !== undefined || counts.oldUrgent !== undefined ? ` (${counts.newUrgent ?? 0}/${counts.oldUrgent ?? 0})` : '';
    lines.push(`${className(c)}: ${counts.new}/${counts.old}${urgent}`);
  }
  const extras = summary.extraHeaders ?? [];
  if (extras.length > 0) {
    lines.push('');
    for (const [name, value] of extras) {
      if (!TOKEN.test(name) || !NO_CONTROLS.test(value)) invalid(`extension header "${name.slice(0, 40)}" has a bad name or a control character in its value`);
      lines.push(`${name}: ${value}`);
    }
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

const COUNTS = /^(\d{1,10})\s*\/\s*(\d{1,10})(?:\s*\(\s*(\d{1,10})\s*\/\s*(\d{1,10})\s*\))?$/;

function count(text: string | undefined, line: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (n > MESSAGE_SUMMARY_LIMITS.maxCount) bad(`line ${line}: a count above 2^32-1`);
  return n;
}

function isContextClass(name: string): name is MessageContextClass {
  return (MESSAGE_CONTEXT_CLASSES as readonly string[]).includes(name);
}

/** Reads a received body. Throws MessageSummaryError SIP_BODY_BAD_MESSAGE_SUMMARY on anything outside the grammar. */
export function parseMessageSummary(body: Buffer | string): MessageSummary {
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  if (size > MESSAGE_SUMMARY_LIMITS.maxBytes) bad(`body of ${size} bytes exceeds ${MESSAGE_SUMMARY_LIMITS.maxBytes}`);
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length > MESSAGE_SUMMARY_LIMITS.maxLines) bad(`more than ${MESSAGE_SUMMARY_LIMITS.maxLines} lines`);
  if (lines.length === 0) bad('empty body');

  const summary: MessageSummary = { messagesWaiting: false, counts: {} };
  const extras: Array<[string, string]> = [];
  let inExtras = false;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (!NO_CONTROLS.test(raw.replace(/\t/g, ' '))) bad(`line ${line}: control character`);
    if (raw.trim() === '') {
      if (index === 0) bad('line 1 is empty');
      inExtras = true;
      return;
    }
    const colon = raw.indexOf(':');
    if (colon <= 0) bad(`line ${line}: no "name: value"`);
    const name = raw.slice(0, colon).trim();
    const value = raw.slice(colon + 1).trim();
    if (!TOKEN.test(name)) bad(`line ${line}: bad header name`);
    const lower = name.toLowerCase();
    if (index === 0) {
      // §3.5: the body starts with the msg-status-line.
      if (lower !== 'messages-waiting') bad('the first line must be Messages-Waiting');
      const status = value.toLowerCase();
      if (status !== 'yes' && status !== 'no') bad(`Messages-Waiting must be yes or no, got "${value.slice(0, 20)}"`);
      summary.messagesWaiting = status === 'yes';
      return;
    }
    if (inExtras) {
      extras.push([name, value]);
      return;
    }
    if (lower === 'message-account') {
      if (value === '' || /\s/.test(value)) bad(`line ${line}: Message-Account must be one URI`);
      if (summary.account !== undefined) bad(`line ${line}: a second Message-Account`);
      summary.account = value;
      return;
    }
    if (lower === 'messages-waiting') bad(`line ${line}: a second Messages-Waiting`);
    if (!isContextClass(lower)) {
      // Headers without the blank line before them: some devices write them so; keep them.
      extras.push([name, value]);
      return;
    }
    const m = COUNTS.exec(value);
    if (!m) bad(`line ${line}: ${name} must be "new/old" or "new/old (urgent-new/urgent-old)"`);
    if (summary.counts[lower]) bad(`line ${line}: ${name} appears twice`);
    const counts: MessageCounts = { new: count(m[1], line)!, old: count(m[2], line)! };
    const newUrgent = count(m[3], line);
    const oldUrgent = count(m[4], line);
    if (newUrgent !== undefined) counts.newUrgent = newUrgent;
    if (oldUrgent !== undefined) counts.oldUrgent = oldUrgent;
    summary.counts[lower] = counts;
  });
  if (extras.length > 0) summary.extraHeaders = extras;
  return summary;
}
