/**
 * PIN hashes: scrypt (RFC 7914) from node:crypto, stored as `scrypt$N$r$p$salt$hash` with the salt
 * and hash in base64. The store and the logs only ever see the hash.
 *
 * hashPin draws a random salt, so hashing the same PIN twice gives two different strings. The YAML
 * file's PINs are the exception: syncDirectory re-applies a configured PIN only when its hash
 * string changes, so a PIN the file gives must hash to the same string at every start. That is
 * hashConfigPin, whose salt is derived from the extension (still one salt per mailbox).
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { StoreError } from './errors.js';
import { scryptParams, storeLimits } from './limits.js';

const PIN = new RegExp(`^[0-9]{1,${storeLimits.maxPinDigits}}$`);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function derive(pin: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function assertPin(pin: unknown): asserts pin is string {
  if (typeof pin !== 'string' || !PIN.test(pin)) {
    throw new StoreError('STORE_BAD_PIN', `a PIN must be 1 to ${storeLimits.maxPinDigits} digits 0-9`);
  }
}

async function hashWithSalt(pin: string, salt: Buffer): Promise<string> {
  const { N, r, p, keyBytes } = scryptParams;
  const key = await derive(pin, salt, keyBytes, { N, r, p, maxmem: 128 * N * r * p + 1024 * 1024 });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Hashes a PIN with a fresh random salt. Throws STORE_BAD_PIN unless it is 1-24 digits. */
export async function hashPin(pin: string): Promise<string> {
  assertPin(pin);
  return hashWithSalt(pin, randomBytes(scryptParams.saltBytes));
}

/**
 * Hashes a PIN from the configuration file: the same extension and PIN always give the same string,
 * so syncDirectory can tell "the file's PIN changed" from "the server restarted".
 */
export async function hashConfigPin(extension: string, pin: string): Promise<string> {
  assertPin(pin);
  const salt = createHash('sha256').update(`openum config pin\0${extension}`).digest().subarray(0, scryptParams.saltBytes);
  return hashWithSalt(pin, salt);
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(hash: string): ParsedHash | null {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^[0-9]{1,10}$/.test(s ?? '') ? Number(s) : NaN));
  const [saltText, keyText] = [parts[4] ?? '', parts[5] ?? ''];
  if (N === undefined || r === undefined || p === undefined) return null;
  // Memory within bounds first (so N fits in 32 bits), then N a power of two above 1 (RFC 7914 §2).
  if (!(N >= 2) || !(r >= 1) || !(p >= 1) || 128 * N * r * p > scryptParams.maxMemoryBytes) return null;
  if ((N & (N - 1)) !== 0) return null;
  if (!BASE64.test(saltText) || !BASE64.test(keyText)) return null;
  const salt = Buffer.from(saltText, 'base64');
  const key = Buffer.from(keyText, 'base64');
  if (salt.length < 8 || key.length < 16 || key.length > 64) return null;
  return { N, r, p, salt, key };
}

/**
 * True when `pin` matches `hash`. A PIN that is not digits, or a hash that is not a well-formed
 * scrypt hash within the memory bound, never matches (false, not an exception: the PIN comes from
 * a caller's keypad). The comparison is constant-time.
 */
export async function verifyPin(pin: string, hash: string): Promise<boolean> {
  if (typeof pin !== 'string' || !PIN.test(pin) || typeof hash !== 'string') return false;
  const parsed = parseHash(hash);
  if (parsed === null) return false;
  const { N, r, p, salt, key } = parsed;
  const derived = await derive(pin, salt, key.length, { N, r, p, maxmem: 128 * N * r * p + 1024 * 1024 });
  return timingSafeEqual(derived, key);
}
