/**
 * parseSdp: a body → a typed SessionDescription (RFC 8866 §5, §9). sdp-transform reads the
 * attributes; the structural lines it is lenient about (v=, o=, s=, c=, m=) are checked here first,
 * so garbage is an SdpError (SDP_PARSE) rather than an empty session.
 *
 *   v=0                                   §5.1, must come first
 *   o=<user> <sess-id> <sess-version> IN IP4 <addr>    §5.2
 *   s=<name>                              §5.3
 *   c=IN IP4 <addr>                       §5.7, session level and/or per m= line
 *   t=0 0                                 §5.9
 *   m=<media> <port>[/<count>] <proto> <fmt> …          §5.14
 */
import sdpTransform from 'sdp-transform';
import { parseError, SdpError } from './errors.js';
import { MAX_MEDIA_SECTIONS, MAX_NUMBER_DIGITS, MAX_SDP_BYTES } from './limits.js';
import type { ConnectionData, CryptoAttribute, Direction, MediaSection, RtpMap, SessionDescription } from './types.js';

const LINE = /^([a-z])=(.*)$/;
const ORIGIN = /^(\S+) (\d+) (\d+) (\S+) (\S+) (\S+)$/;
const CONNECTION = /^(\S+) (\S+) ([^\s/]+)(\/\S+)?$/;
const MEDIA = /^([A-Za-z0-9_.-]+) (\d+)(?:\/(\d+))? (\S+)(?: (.*))?$/;
const DIRECTIONS: readonly string[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

interface StructuralMedia {
  type: string;
  port: number;
  portCount: number | null;
  protocol: string;
  formats: string[];
  connection: ConnectionData | null;
}

export function parseSdp(body: Buffer | string): SessionDescription {
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  if (size > MAX_SDP_BYTES) {
    throw new SdpError('SDP_LIMIT', `SDP body of ${size} bytes exceeds the limit of ${MAX_SDP_BYTES}`, 400);
  }
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  if (lines.length === 0) throw parseError('empty body');
  if (lines[0] !== 'v=0') throw parseError('the first line is not "v=0" (RFC 8866 §5.1)');

  let mediaCount = 0;
  for (const line of lines) if (line.startsWith('m=')) mediaCount += 1;
  if (mediaCount > MAX_MEDIA_SECTIONS) {
    throw new SdpError('SDP_LIMIT', `SDP has ${mediaCount} m= lines, more than the limit of ${MAX_MEDIA_SECTIONS}`, 488);
  }

  let origin: SessionDescription['origin'] | null = null;
  let sessionName: string | null = null;
  let timing = { start: '0', stop: '0' };
  let sessionConnection: ConnectionData | null = null;
  const media: StructuralMedia[] = [];
  lines.forEach((line, i) => {
    const match = LINE.exec(line);
    if (match === null) throw parseError(`line ${i + 1} is not "<type>=<value>" (RFC 8866 §5)`);
    const type = match[1] ?? '';
    const value = match[2] ?? '';
    const current = media[media.length - 1];
    switch (type) {
      case 'v':
        if (i !== 0) throw parseError(`line ${i + 1}: a second v= line`);
        break;
      case 'o':
        if (media.length > 0 || origin !== null) throw parseError(`line ${i + 1}: o= out of place`);
        origin = parseOrigin(value, i + 1);
        break;
      case 's':
        if (media.length > 0 || sessionName !== null) throw parseError(`line ${i + 1}: s= out of place`);
        sessionName = value;
        break;
      case 't': {
        const t = /^(\d+) (\d+)$/.exec(value);
        if (t === null) throw parseError(`line ${i + 1}: t= is not "<start> <stop>" (RFC 8866 §5.9)`);
        timing = { start: t[1] ?? '0', stop: t[2] ?? '0' };
        break;
      }
      case 'c': {
        const c = parseConnection(value, `line ${i + 1}: c=`);
        if (current === undefined) sessionConnection = c;
        else current.connection = c;
        break;
      }
      case 'm':
        media.push(parseMediaLine(value, i + 1));
        break;
      default:
        break;
    }
  });
  if (origin === null) throw parseError('no o= line (RFC 8866 §5.2)');
  if (sessionName === null) throw parseError('no s= line (RFC 8866 §5.3)');

  const parsed = sdpTransform.parse(lines.join('\r\n') + '\r\n');
  const attributes = parsed.media;
  return {
    origin,
    sessionName,
    timing,
    connection: sessionConnection,
    direction: directionOf(parsed.direction),
    media: media.map((m, index) => withAttributes(m, index, attributes[index])),
  };
}

function parseOrigin(value: string, lineNo: number): SessionDescription['origin'] {
  const o = ORIGIN.exec(value);
  if (o === null) throw parseError(`line ${lineNo}: o= is not "<user> <id> <version> <nettype> <addrtype> <address>" (RFC 8866 §5.2)`);
  const [, username = '', sessionId = '', sessionVersion = '', netType = '', addressType = '', address = ''] = o;
  if (sessionId.length > MAX_NUMBER_DIGITS || sessionVersion.length > MAX_NUMBER_DIGITS) {
    throw parseError(`line ${lineNo}: o= session id or version longer than ${MAX_NUMBER_DIGITS} digits`);
  }
  return { username, sessionId, sessionVersion, netType, addressType, address };
}

/** c=<nettype> <addrtype> <connection-address> (RFC 8866 §5.7); also used for a=rtcp's address. */
export function parseConnection(value: string, where: string): ConnectionData {
  const c = CONNECTION.exec(value.trim());
  if (c === null) throw parseError(`${where} is not "<nettype> <addrtype> <address>" (RFC 8866 §5.7)`);
  const [, netType = '', addressType = '', address = '', suffix] = c;
  return { netType, addressType, address, suffix: suffix ?? null };
}

function parseMediaLine(value: string, lineNo: number): StructuralMedia {
  const m = MEDIA.exec(value);
  if (m === null) throw parseError(`line ${lineNo}: m= is not "<media> <port> <proto> <fmt> …" (RFC 8866 §5.14)`);
  const [, type = '', port = '', count, protocol = '', formats = ''] = m;
  if (port.length > 6 || (count !== undefined && count.length > 6)) throw parseError(`line ${lineNo}: m= port out of range`);
  return {
    type,
    port: Number(port),
    portCount: count === undefined ? null : Number(count),
    protocol,
    formats: formats.split(' ').filter((f) => f.length > 0),
    connection: null,
  };
}

type TransformMedia = ReturnType<typeof sdpTransform.parse>['media'][number];

function withAttributes(m: StructuralMedia, index: number, a: TransformMedia | undefined): MediaSection {
  return {
    index,
    ...m,
    direction: directionOf(a?.direction),
    rtpmaps: (a?.rtp ?? []).flatMap(rtpMapOf),
    fmtps: (a?.fmtp ?? []).flatMap((f) => (isSmallInt(f.payload) ? [{ payloadType: f.payload, params: String(f.config) }] : [])),
    ptime: positiveNumber(a?.ptime),
    maxptime: positiveNumber(a?.maxptime),
    rtcp: rtcpOf(a?.rtcp),
    rtcpMux: a?.rtcpMux === 'rtcp-mux',
    crypto: (a?.crypto ?? []).flatMap(cryptoOf),
    fingerprint: a?.fingerprint !== undefined,
    mid: a?.mid === undefined ? null : String(a.mid),
  };
}

function rtpMapOf(r: TransformMedia['rtp'][number]): RtpMap[] {
  if (!isSmallInt(r.payload) || typeof r.codec !== 'string' || !isSmallInt(r.rate)) return [];
  const channels = r.encoding === undefined ? null : Number(r.encoding);
  if (channels !== null && !Number.isInteger(channels)) return [];
  return [{ payloadType: r.payload, encodingName: r.codec, clockRate: r.rate, channels }];
}

function cryptoOf(c: NonNullable<TransformMedia['crypto']>[number]): CryptoAttribute[] {
  if (!Number.isSafeInteger(c.id) || typeof c.suite !== 'string') return [];
  return [{ tag: c.id, suite: c.suite, keyParams: String(c.config), sessionParams: c.sessionConfig === undefined ? null : String(c.sessionConfig) }];
}

function rtcpOf(r: TransformMedia['rtcp']): MediaSection['rtcp'] {
  if (r === undefined || !isSmallInt(r.port)) return null;
  if (r.address === undefined || r.netType === undefined || r.ipVer === undefined) return { port: r.port, connection: null };
  return { port: r.port, connection: { netType: r.netType, addressType: `IP${r.ipVer}`, address: String(r.address), suffix: null } };
}

function directionOf(value: unknown): Direction | null {
  return typeof value === 'string' && DIRECTIONS.includes(value) ? (value as Direction) : null;
}

function positiveNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

function isSmallInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffff;
}
