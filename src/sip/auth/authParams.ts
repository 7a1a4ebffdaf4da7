/**
 * The auth-param list of a challenge or credentials value (RFC 3261 §25.1, as in RFC 7235 §2.1):
 *
 *   challenge  = auth-scheme LWS auth-param *(COMMA auth-param)
 *   auth-param = token EQUAL ( token / quoted-string )
 *   EQUAL = SWS "=" SWS      COMMA = SWS "," SWS
 *   quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE
 *   quoted-pair   = "\" (%x00-09 / %x0B-0C / %x0E-7F)
 *
 * Empty list elements (`a=1, , b=2`) are tolerated as RFC 7230 §7 asks of recipients.
 */
import { DigestError } from './errors.js';
import { MAX_AUTH_PARAMS, MAX_CHALLENGE_LENGTH } from './limits.js';

export interface AuthParamList {
  /** The auth-scheme as received ("Digest", "digest", "Bearer", …). */
  scheme: string;
  /** Parameter names lower-cased; values unquoted with quoted-pair escapes resolved. */
  params: Map<string, string>;
  /** Names of the parameters whose value was a quoted-string (lower-cased). */
  quoted: Set<string>;
}

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") (§25.1) */
const TOKEN_CHAR = /[A-Za-z0-9\-.!%*_+`'~]/;

function isWhitespace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

function bad(message: string, value: string, at: number): DigestError {
  return new DigestError('SIP_AUTH_BAD_CHALLENGE', `${message} at character ${at + 1} of "${value}"`);
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  skipWhitespace(): void {
    while (isWhitespace(this.text[this.pos])) this.pos++;
  }

  token(): string {
    const start = this.pos;
    while (this.pos < this.text.length && TOKEN_CHAR.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Reads a quoted-string starting at the opening DQUOTE; returns the unescaped content. */
  quotedString(): string {
    const open = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) throw bad('Unterminated quoted-string', this.text, open);
      if (ch === '\r' || ch === '\n') throw bad('Line break inside a quoted-string', this.text, this.pos);
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch === '\\') {
        const escaped = this.text[this.pos + 1];
        if (escaped === undefined || escaped === '\r' || escaped === '\n') {
          throw bad('Backslash with nothing to escape', this.text, this.pos);
        }
        out += escaped;
        this.pos += 2;
        continue;
      }
      out += ch;
      this.pos++;
    }
  }
}

/** Splits `Scheme a=1, b="two"` into its scheme and parameters; throws SIP_AUTH_BAD_CHALLENGE. */
export function parseAuthParams(value: string): AuthParamList {
  if (value.length > MAX_CHALLENGE_LENGTH) {
    throw new DigestError(
      'SIP_AUTH_BAD_CHALLENGE',
      `Challenge of ${value.length} characters exceeds the limit of ${MAX_CHALLENGE_LENGTH}`,
    );
  }
  const s = new Scanner(value);
  s.skipWhitespace();
  const scheme = s.token();
  if (scheme === '') throw bad('Expected an auth-scheme', value, s.pos);
  if (!s.done && !isWhitespace(s.peek())) throw bad('Expected whitespace after the auth-scheme', value, s.pos);

  const params = new Map<string, string>();
  const quoted = new Set<string>();
  for (;;) {
    s.skipWhitespace();
    if (s.done) break;
    if (s.peek() === ',') {
      s.pos++;
      continue;
    }
    const nameAt = s.pos;
    const name = s.token().toLowerCase();
    if (name === '') throw bad('Expected a parameter name', value, s.pos);
    s.skipWhitespace();
    if (s.peek() !== '=') throw bad(`Expected "=" after "${name}"`, value, s.pos);
    s.pos++;
    s.skipWhitespace();
    let paramValue: string;
    if (s.peek() === '"') {
      paramValue = s.quotedString();
      quoted.add(name);
    } else {
      paramValue = s.token();
      if (paramValue === '') throw bad(`Expected a token or quoted-string for "${name}"`, value, s.pos);
    }
    // RFC 7235 §2.1: "Each parameter name MUST only occur once per challenge."
    if (params.has(name)) throw bad(`Parameter "${name}" repeated`, value, nameAt);
    if (params.size >= MAX_AUTH_PARAMS) throw bad(`More than ${MAX_AUTH_PARAMS} parameters`, value, nameAt);
    params.set(name, paramValue);
    s.skipWhitespace();
    if (s.done) break;
    if (s.peek() !== ',') throw bad(`Expected "," after the value of "${name}"`, value, s.pos);
    s.pos++;
  }
  if (params.size === 0) throw bad('Expected at least one auth-param', value, s.pos);
  return { scheme, params, quoted };
}

/**
 * A quoted-string for `value`, escaping `"` and `\` as quoted-pairs. Line breaks and other
 * control characters cannot be carried (quoted-pair excludes CR and LF) and throw
 * SIP_AUTH_BAD_INPUT, so a configured value can never inject a header line.
 */
export function quoteString(value: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) {
    throw new DigestError('SIP_AUTH_BAD_INPUT', `The ${what} contains a control character`);
  }
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}
