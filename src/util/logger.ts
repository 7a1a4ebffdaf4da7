import { pino, type Logger as PinoLogger } from 'pino';

/**
 * The process logger: pino, one JSON line per event (STYLE §12). Components take a child bound
 * with their identity (`logger.child({ callId })`). Keys that may hold a secret are censored at
 * any of the first few levels of a logged object, so a PIN, its hash or a password never reaches
 * a log even when someone logs a whole user or request.
 */
export type Logger = PinoLogger;

export interface LoggerOptions {
  /** fatal, error, warn, info (default), debug, trace or silent. */
  level?: string;
  /** Where lines go: a stream, or a file descriptor (default 1, stdout). */
  destination?: NodeJS.WritableStream | number;
}

/** Keys censored wherever they appear (matched exactly, at the top level and up to 4 levels deep). */
export const secretKeys = [
  'pin',
  'pinHash',
  'newPin',
  'oldPin',
  'password',
  'passwd',
  'secret',
  'authorization',
  'Authorization',
  'proxyAuthorization',
  'proxy-authorization',
  'Proxy-Authorization',
] as const;

const maxDepth = 4;

function pathsFor(key: string): string[] {
  const tail = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  const paths = [tail.startsWith('.') ? key : tail];
  for (let depth = 1; depth <= maxDepth; depth++) paths.push(`${Array(depth).fill('*').join('.')}${tail}`);
  return paths;
}

/** The pino redact paths built from secretKeys. */
export const redactPaths: readonly string[] = secretKeys.flatMap(pathsFor);

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const destination = options.destination ?? 1;
  const stream = typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination;
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: [...redactPaths], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}
