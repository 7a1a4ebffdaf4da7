/**
 * The command line of `openum test-call` as typed, and what it means once checked. Every value is
 * validated here, before anything is sent: a bad one is one line naming the option and what is
 * allowed (TESTCALL_BAD_OPTION, exit 2). Files named by --play and --record-heard are checked
 * when the call is prepared (see audio.ts and caller.ts).
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { CodecName } from '../../media/types.js';
import { parseUri, type SipUri } from '../../sip/message/index.js';
import { TestCallError } from './errors.js';
import {
  DEFAULT_HANGUP_AFTER_SECONDS, DEFAULT_TIMEOUT_SECONDS, MAX_DTMF_KEYS, MAX_HANGUP_AFTER_SECONDS,
  MAX_NAME_CHARS, MAX_NUMBER_CHARS, MAX_TIMEOUT_SECONDS, MAX_URI_CHARS,
} from './limits.js';

export type DtmfMode = 'rfc4733' | 'info';
export type DiversionReason = 'no-answer' | 'user-busy' | 'unconditional';
export type SipTransportName = 'udp' | 'tcp';

/** Options as commander hands them over: strings, or booleans for the flags. */
export interface RawTestCallOptions {
  from?: string;
  name?: string;
  diversion?: string;
  reason?: string;
  historyInfo?: string;
  play?: string;
  dtmf?: string;
  dtmfMode?: string;
  codec?: string;
  hangupAfter?: string;
  /** false with --no-wait-beep. */
  waitBeep?: boolean;
  recordHeard?: string;
  timeout?: string;
  bind?: string;
  transport?: string;
  json?: boolean;
}

export interface TestCallTarget {
  /** The URI as it goes into the Request-URI and To. */
  uri: string;
  user: string;
  /** Host name or IP literal (IPv6 without brackets). */
  host: string;
  port: number;
}

export interface TestCallOptions {
  target: TestCallTarget;
  transport: SipTransportName;
  /** Caller number (From user part). */
  from: string;
  /** Caller display name, or null. */
  name: string | null;
  /** How the call was forwarded to the target: none, Diversion (RFC 5806) or History-Info (RFC 7044). */
  redirect: { kind: 'diversion' | 'history-info'; extension: string; reason: DiversionReason } | null;
  /** Absolute path of the WAV to speak, or null for the built-in sentence. */
  play: string | null;
  /** Keys to press after speaking ('' for none). */
  dtmf: string;
  dtmfMode: DtmfMode;
  /** Codecs offered, best first. */
  codecs: CodecName[];
  hangupAfterSeconds: number;
  waitBeep: boolean;
  /** Absolute path for the WAV of what we heard, or null. */
  recordHeard: string | null;
  timeoutSeconds: number;
  /** Local address and port for SIP; host null = the address that routes to the target. */
  bind: { host: string | null; port: number };
  json: boolean;
}

export const DEFAULT_CALLER = '2000';
export const DEFAULT_CODECS: readonly CodecName[] = ['PCMU', 'PCMA', 'G722'];
const REASONS: readonly DiversionReason[] = ['no-answer', 'user-busy', 'unconditional'];
const CODEC_ALIASES: Readonly<Record<string, CodecName>> = { pcmu: 'PCMU', pcma: 'PCMA', g722: 'G722', 'g.722': 'G722' };

function bad(message: string): never {
  throw new TestCallError('TESTCALL_BAD_OPTION', message);
}

/** A number as PBXs send them: digits, optionally a leading +. */
function number(option: string, value: string): string {
  if (!/^\+?[0-9]+$/.test(value) || value.length > MAX_NUMBER_CHARS) {
    bad(`${option} "${printable(value)}" is not a number: use digits, optionally with a leading + (at most ${MAX_NUMBER_CHARS})`);
  }
  return value;
}

function seconds(option: string, value: string, max: number): number {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(n > 0 && n <= max)) bad(`${option} "${printable(value)}" is not a number of seconds from 0 to ${max}`);
  return n;
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  const v = value.toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) bad(`${option} "${printable(value)}" is not allowed: use one of ${allowed.join(', ')}`);
  return v as T;
}

/** The value as it can be shown in one line of an error. */
function printable(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}

export function parseTarget(text: string): { target: TestCallTarget; transport: SipTransportName | null } {
  if (text.length > MAX_URI_CHARS) bad(`the target URI is longer than ${MAX_URI_CHARS} characters`);
  if (!/^sips?:/i.test(text)) {
    const hint = /^[^\s:@]+@[^\s@]+$/.test(text) ? ` (did you mean "sip:${printable(text)}"?)` : '';
    bad(`the target "${printable(text)}" is not a sip: URI${hint}; for example sip:8500@127.0.0.1:5060`);
  }
  let uri: SipUri;
  try {
    uri = parseUri(text) as SipUri;
  } catch (err) {
    bad(`the target "${printable(text)}" is not a valid SIP URI: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (uri.scheme === 'sips') bad('the target is a sips: URI, but test-call speaks SIP over UDP or TCP only: use sip:');
  if (uri.user === null || uri.user === '') bad(`the target "${printable(text)}" names no number: put the number to call before the @, as in sip:8500@${uri.host}`);
  if (uri.password !== null) bad('the target URI must not carry a password');
  if (uri.headers.size > 0) bad('the target URI must not carry ?headers');
  const host = uri.host.startsWith('[') ? uri.host.slice(1, -1) : uri.host;
  const t = uri.params.get('transport');
  let transport: SipTransportName | null = null;
  if (t !== undefined) transport = oneOf('the target\'s transport parameter', t ?? '', ['udp', 'tcp'] as const);
  return { target: { uri: text, user: uri.user, host, port: uri.port ?? 5060 }, transport };
}

/** `host`, `host:port`, `[v6]` or `[v6]:port`, with an IP literal host (port 0 = any free one). */
export function parseBind(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$/.exec(value) ?? /^([0-9a-fA-F:]+)$/.exec(value);
  const host = m ? (m[1] ?? m[2] ?? '') : '';
  const port = m?.[3] === undefined ? 0 : Number(m[3]);
  if (!m || isIP(host) === 0 || port > 65535) {
    bad(`--bind "${printable(value)}" is not an address to listen on: use IP or IP:PORT (port 0-65535), e.g. 127.0.0.1:5080`);
  }
  return { host, port };
}

function codecs(value: string): CodecName[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const out: CodecName[] = [];
  for (const name of names) {
    const codec = CODEC_ALIASES[name.toLowerCase()];
    if (!codec) bad(`--codec "${printable(name)}" is not a codec we offer: use PCMU, PCMA or G722 (a comma-separated list, best first)`);
    if (!out.includes(codec)) out.push(codec);
  }
  if (out.length === 0) bad('--codec names no codec: use PCMU, PCMA or G722');
  return out;
}

function displayName(value: string): string {
  if (value.trim() === '' || /[\u0000-\u001f\u007f]/.test(value) || value.length > MAX_NAME_CHARS) {
    bad(`--name must be 1-${MAX_NAME_CHARS} printable characters`);
  }
  return value.trim();
}

function dtmfKeys(value: string): string {
  const keys = value.toUpperCase();
  if (!/^[0-9*#A-D]+$/.test(keys)) bad(`--dtmf "${printable(value)}" may hold only the keys 0-9, *, # and A-D`);
  if (keys.length > MAX_DTMF_KEYS) bad(`--dtmf holds ${keys.length} keys; at most ${MAX_DTMF_KEYS}`);
  return keys;
}

/** Checks every option; relative paths are taken from `cwd`. Throws TESTCALL_BAD_OPTION. */
export function parseTestCallOptions(targetText: string, raw: RawTestCallOptions, cwd: string): TestCallOptions {
  const { target, transport: uriTransport } = parseTarget(targetText);
  const transport = raw.transport === undefined ? (uriTransport ?? 'udp') : oneOf('--transport', raw.transport, ['udp', 'tcp'] as const);
  if (uriTransport !== null && uriTransport !== transport) bad(`--transport ${transport} contradicts the target's ;transport=${uriTransport}`);
  if (raw.diversion !== undefined && raw.historyInfo !== undefined) {
    bad('--diversion and --history-info both describe the forwarding: give one of them');
  }
  if (raw.reason !== undefined && raw.diversion === undefined && raw.historyInfo === undefined) {
    bad('--reason needs --diversion or --history-info (the extension the call was forwarded from)');
  }
  const reason = raw.reason === undefined ? 'no-answer' : oneOf('--reason', raw.reason, REASONS);
  const redirect = raw.diversion !== undefined
    ? { kind: 'diversion' as const, extension: number('--diversion', raw.diversion), reason }
    : raw.historyInfo !== undefined
      ? { kind: 'history-info' as const, extension: number('--history-info', raw.historyInfo), reason }
      : null;
  if (raw.play !== undefined && raw.play.trim() === '') bad('--play needs a WAV file name');
  if (raw.recordHeard !== undefined && raw.recordHeard.trim() === '') bad('--record-heard needs a file name');
  return {
    target,
    transport,
    from: number('--from', raw.from ?? DEFAULT_CALLER),
    name: raw.name === undefined ? null : displayName(raw.name),
    redirect,
    play: raw.play === undefined ? null : resolve(cwd, raw.play),
    dtmf: raw.dtmf === undefined ? '' : dtmfKeys(raw.dtmf),
    dtmfMode: raw.dtmfMode === undefined ? 'rfc4733' : oneOf('--dtmf-mode', raw.dtmfMode, ['rfc4733', 'info'] as const),
    codecs: raw.codec === undefined ? [...DEFAULT_CODECS] : codecs(raw.codec),
    hangupAfterSeconds: raw.hangupAfter === undefined ? DEFAULT_HANGUP_AFTER_SECONDS : seconds('--hangup-after', raw.hangupAfter, MAX_HANGUP_AFTER_SECONDS),
    waitBeep: raw.waitBeep ?? true,
    recordHeard: raw.recordHeard === undefined ? null : resolve(cwd, raw.recordHeard),
    timeoutSeconds: raw.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : seconds('--timeout', raw.timeout, MAX_TIMEOUT_SECONDS),
    bind: raw.bind === undefined ? { host: null, port: 0 } : parseBind(raw.bind),
    json: raw.json === true,
  };
}
