import { z } from 'zod';
import { count, filePath, hostName, hostOrIp, mailbox, port } from './fields.js';

/**
 * The network side of the configuration: SIP, RTP, HTTP, storage, mail and logging. Every object
 * is strict (an unknown key is an error) and every tunable has a default, listed in
 * docs/configuration.md.
 */

export const listenSchema = z
  .strictObject({
    transport: z.enum(['udp', 'tcp', 'tls']),
    host: hostOrIp,
    port,
    cert: filePath.optional(),
    key: filePath.optional(),
    ca: filePath.optional(),
  })
  .superRefine((listen, ctx) => {
    if (listen.transport === 'tls') {
      for (const k of ['cert', 'key'] as const) {
        if (listen[k] === undefined) {
          ctx.addIssue({ code: 'custom', path: [k], message: `transport tls needs "${k}" (a PEM file)` });
        }
      }
    } else {
      for (const k of ['cert', 'key', 'ca'] as const) {
        if (listen[k] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [k], message: `"${k}" applies only to transport tls` });
        }
      }
    }
  });

/** RFC 3261 §17.1.1.1 and table 4: T1 (RTT estimate), T2 (max non-INVITE retransmit), T4. */
export const sipTimersSchema = z
  .strictObject({
    t1Ms: z.number().int().min(1).max(60_000).default(500),
    t2Ms: z.number().int().min(1).max(600_000).default(4000),
    t4Ms: z.number().int().min(1).max(600_000).default(5000),
  })
  .superRefine((t, ctx) => {
    if (t.t2Ms < t.t1Ms) ctx.addIssue({ code: 'custom', path: ['t2Ms'], message: 'must not be below t1Ms' });
  });

export const sipSchema = z
  .strictObject({
    domain: hostName,
    listen: z.array(listenSchema).min(1),
    untrusted: z.enum(['drop', 'reject']).default('drop'),
    maxCalls: z.number().int().min(1).max(100_000).default(500),
    userAgent: z.string().min(1).max(200).default('OpenUM'),
    optionsPingSeconds: count.default(30),
    timers: sipTimersSchema.prefault({}),
    sessionExpiresSeconds: z.number().int().min(90).default(1800),
    // RFC 4028 §5: "Min-SE ... MUST NOT be less than 90 seconds".
    minSeSeconds: z.number().int().min(90).default(90),
  })
  .superRefine((sip, ctx) => {
    if (sip.sessionExpiresSeconds < sip.minSeSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['sessionExpiresSeconds'],
        message: `must be at least minSeSeconds (${sip.minSeSeconds}) (RFC 4028 §4)`,
      });
    }
    const seen = new Map<string, number>();
    sip.listen.forEach((l, i) => {
      const id = `${l.transport} ${l.host}:${l.port}`;
      const first = seen.get(id);
      if (first !== undefined && l.port !== 0) {
        ctx.addIssue({ code: 'custom', path: ['listen', i], message: `duplicates listen[${first}] (${id})` });
      } else seen.set(id, i);
    });
  });

export const rtpSchema = z
  .strictObject({
    host: hostOrIp,
    portMin: z.number().int().min(1024).max(65534).default(20000),
    portMax: z.number().int().min(1025).max(65535).default(29999),
    /** Codecs we accept, best first (RFC 3264: the answerer picks; we pick by this order). */
    codecs: z.array(z.enum(['G722', 'PCMU', 'PCMA'])).min(1).default(['G722', 'PCMU', 'PCMA']),
    /** SRTP with SDES (RFC 4568): off, optional (when the peer offers it), required (Exchange UM's "Secured"). */
    srtp: z.enum(['off', 'optional', 'required']).default('optional'),
    /** strict: accept media only from the signalled IP; nat: latch to the first packets' source. */
    latching: z.enum(['strict', 'nat']).default('strict'),
    /** Listen for DTMF tones in the audio, for gateways that send neither RFC 4733 nor INFO. */
    inbandDtmf: z.boolean().default(true),
    /** How the media clock wakes for each 20 ms tick: timers only, or timers plus a short spin (less jitter, more CPU). */
    clock: z.enum(['timeout', 'spin']).default('timeout'),
  })
  .superRefine((rtp, ctx) => {
    // RFC 3550 §11: RTP uses an even port and RTCP the next (odd) one.
    if (rtp.portMin % 2 !== 0) {
      ctx.addIssue({ code: 'custom', path: ['portMin'], message: 'must be even (RTP even, RTCP the odd port above it; RFC 3550 §11)' });
    }
    if (rtp.portMax <= rtp.portMin) {
      ctx.addIssue({ code: 'custom', path: ['portMax'], message: `must be above portMin (${rtp.portMin})` });
    }
  });

export const httpSchema = z.strictObject({
  host: hostOrIp.default('127.0.0.1'),
  port: port.default(8080),
});

export const storageSchema = z
  .strictObject({
    kind: z.enum(['sqlite', 'postgres']).default('sqlite'),
    url: z.string().min(1).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.kind === 'postgres' && s.url === undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'kind postgres needs a url such as postgres://openum@db:5432/openum' });
    } else if (s.kind === 'postgres' && s.url !== undefined && !/^postgres(?:ql)?:\/\//.test(s.url)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'must start with postgres:// or postgresql://' });
    } else if (s.kind === 'sqlite' && s.url !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'applies only to kind postgres (sqlite lives under dataDir)' });
    }
  });

export const smtpSchema = z
  .strictObject({
    host: hostOrIp,
    port: port.default(25),
    secure: z.boolean().default(false),
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** SMTP connections kept open at once (and emails sent in parallel). */
    maxConnections: z.number().int().min(1).max(100).default(8),
  })
  .superRefine((smtp, ctx) => {
    if ((smtp.user === undefined) !== (smtp.password === undefined)) {
      const missing = smtp.user === undefined ? 'user' : 'password';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'user and password go together' });
    }
  });

/** `{email}` and `{extension}` are the placeholders an IMAP log on name may use. */
const imapUser = z
  .string()
  .min(1)
  .superRefine((user, ctx) => {
    for (const m of user.matchAll(/\{([^}]*)\}/g)) {
      if (m[1] !== 'email' && m[1] !== 'extension') {
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {${m[1] ?? ''}}: use {email} or {extension} (e.g. "{email}*vmmaster" for a Dovecot master user)` });
      }
    }
  });

/** IMAP APPEND of voice mail into the user's mail store (docs/configuration.md `mail.imap`). */
export const imapSchema = z.strictObject({
  host: hostOrIp,
  /** Default 143, or 993 when secure (resolved by delivery/imap.ts). */
  port: port.optional(),
  secure: z.boolean().default(false),
  user: imapUser,
  password: z.string().min(1),
  folder: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\u0000-\u001f\u007f]+$/, { error: 'must be a folder name without control characters' })
    .default('INBOX'),
});

export const mailSchema = z.strictObject({
  smtp: smtpSchema,
  from: mailbox,
  /** Attach an MP3 copy of the recording besides the WAV. */
  attachMp3: z.boolean().default(false),
  imap: imapSchema.optional(),
});

export const loggingSchema = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
