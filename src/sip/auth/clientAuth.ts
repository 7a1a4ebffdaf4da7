/**
 * The UAC side of SIP Digest authentication (RFC 3261 §22.2–§22.3): answering 401/407 responses
 * and reusing a realm's nonce on later requests.
 *
 * A DigestClient lives as long as the peer (gateway, PBX) it talks to: it remembers the latest
 * challenge of each realm and the nonce-count of each nonce. A DigestAttempt lives as long as one
 * request and its re-sends: it knows what it already answered, and refuses to loop.
 *
 *   const attempt = client.begin({ method: 'NOTIFY', uri: 'sip:2001@pbx.example.com' });
 *   send(request + attempt.initialHeaders());
 *   on 401/407: const r = attempt.respond(response);
 *               if (r.ok) re-send with a new CSeq and r.headers (replacing any earlier ones)
 *               else fail the request with the 401/407, logging r.error.code
 */
import { randomBytes } from 'node:crypto';
import type { SipHeaders } from '../message/index.js';
import { isSessionAlgorithm, type DigestAlgorithm } from './algorithm.js';
import { selectDigestChallenges, type DigestChallenge } from './challenge.js';
import { buildAuthorization } from './credentials.js';
import { DigestError } from './errors.js';
import { MAX_STALE_RETRIES, MAX_TRACKED_NONCES } from './limits.js';

export type CredentialHeaderName = 'Authorization' | 'Proxy-Authorization';

export interface CredentialHeader {
  name: CredentialHeaderName;
  value: string;
}

export interface DigestCredentials {
  username: string;
  password: string;
}

/** Credentials for a realm, or undefined when we have none for it. */
export type CredentialLookup = (realm: string) => DigestCredentials | undefined;

/** What the digest covers of the request being sent (the same for every re-send). */
export interface AuthRequest {
  method: string;
  /** Request-URI as written in the request line. */
  uri: string;
  /** The body, needed only when a peer insists on qop=auth-int. */
  body?: Uint8Array | string;
}

/** The parts of a response this layer reads (a SipResponse fits). */
export interface ChallengeResponse {
  status: number;
  headers: SipHeaders;
}

export type AuthOutcome =
  | { ok: true; headers: CredentialHeader[] }
  | { ok: false; error: DigestError };

export interface DigestClientOptions {
  /** One username/password for every realm, or a lookup by realm. */
  credentials: DigestCredentials | CredentialLookup;
  /** Makes client nonces; default 16 random bytes as hex. Tests pass a fixed sequence. */
  createCnonce?: () => string;
  /** Choice among one realm's challenges (see selectDigestChallenges). */
  preference?: readonly DigestAlgorithm[] | 'server-order';
}

/** Which header a challenge header is answered with (RFC 3261 §22.2, §22.3). */
const answeredWith = {
  'WWW-Authenticate': 'Authorization',
  'Proxy-Authenticate': 'Proxy-Authorization',
} as const satisfies Record<string, CredentialHeaderName>;

interface NonceState {
  nc: number;
  /** For "-sess" algorithms, the cnonce HA1 was computed with, kept for the nonce's lifetime. */
  sessionCnonce: string | undefined;
}

/** One realm's challenge as held by an attempt or the client's cache. */
interface RealmEntry {
  header: CredentialHeaderName;
  challenge: DigestChallenge;
}

const realmKey = (header: CredentialHeaderName, realm: string): string => `${header}\n${realm}`;

/** What a DigestClient shares with the attempts it begins. */
interface ClientContext {
  lookup: CredentialLookup;
  preference: readonly DigestAlgorithm[] | 'server-order' | undefined;
  /** Latest answered challenge per (header, realm), for credentials on later requests (§22.3). */
  cache: Map<string, RealmEntry>;
  /** The header value for one more use of the entry's nonce (nc incremented). */
  authorize(entry: RealmEntry, request: AuthRequest, credentials: DigestCredentials): CredentialHeader;
}

export class DigestClient {
  readonly #createCnonce: () => string;
  /** Nonce-count per (realm, nonce), oldest first. */
  readonly #nonces = new Map<string, NonceState>();
  readonly #context: ClientContext;

  constructor(options: DigestClientOptions) {
    const { credentials } = options;
    this.#createCnonce = options.createCnonce ?? (() => randomBytes(16).toString('hex'));
    this.#context = {
      lookup: typeof credentials === 'function' ? credentials : () => credentials,
      preference: options.preference,
      cache: new Map(),
      authorize: (entry, request, creds) => this.#authorize(entry, request, creds),
    };
  }

  /** Starts one request (its first send and any re-sends after 401/407). */
  begin(request: AuthRequest): DigestAttempt {
    return new DigestAttempt(this.#context, request);
  }

  /** Forgets cached challenges and nonce-counts (e.g. when the peer's configuration changes). */
  clear(): void {
    this.#context.cache.clear();
    this.#nonces.clear();
  }

  /** Realms with a cached challenge, for logs and the API (no nonce, no credentials). */
  toJSON(): { realms: { header: CredentialHeaderName; realm: string; algorithm: string }[] } {
    return {
      realms: [...this.#context.cache.values()].map((e) => ({
        header: e.header,
        realm: e.challenge.realm,
        algorithm: e.challenge.algorithmName,
      })),
    };
  }

  #authorize(entry: RealmEntry, request: AuthRequest, credentials: DigestCredentials): CredentialHeader {
    const { challenge } = entry;
    const key = `${challenge.realm}\n${challenge.nonce}`;
    let state = this.#nonces.get(key);
    if (state === undefined) {
      state = { nc: 0, sessionCnonce: undefined };
      if (this.#nonces.size >= MAX_TRACKED_NONCES) {
        const oldest = this.#nonces.keys().next();
        if (oldest.done !== true) this.#nonces.delete(oldest.value);
      }
      this.#nonces.set(key, state);
    }
    state.nc++;
    // RFC 2617 §3.2.2.2: with -sess, HA1 is computed once per nonce from the first cnonce;
    // sending that same cnonce every time keeps us right whichever way the server reads it.
    let cnonce: string;
    if (challenge.algorithm !== null && isSessionAlgorithm(challenge.algorithm)) {
      state.sessionCnonce ??= this.#createCnonce();
      cnonce = state.sessionCnonce;
    } else {
      cnonce = this.#createCnonce();
    }
    const value = buildAuthorization(challenge, {
      username: credentials.username,
      password: credentials.password,
      method: request.method,
      uri: request.uri,
      ...(request.body !== undefined ? { body: request.body } : {}),
      nc: state.nc,
      cnonce,
    });
    return { name: entry.header, value };
  }
}

interface AnsweredRealm extends RealmEntry {
  credentials: DigestCredentials;
  /** True when sent from the cache before any challenge to this request. */
  preemptive: boolean;
}

export class DigestAttempt {
  readonly #context: ClientContext;
  readonly #request: AuthRequest;
  /** What the request carries now, per (header, realm). */
  readonly #answered = new Map<string, AnsweredRealm>();
  #staleRetries = 0;

  /** Use DigestClient.begin(). */
  constructor(context: ClientContext, request: AuthRequest) {
    this.#context = context;
    this.#request = { ...request };
  }

  /**
   * Credentials for the first send, from the realms the client has already been challenged by
   * (RFC 3261 §22.3: a UA MAY cache credentials and reuse them on requests to the same peer).
   * Empty when there are none. Each call uses the nonces once more (nc incremented).
   */
  initialHeaders(): CredentialHeader[] {
    for (const entry of this.#context.cache.values()) {
      const key = realmKey(entry.header, entry.challenge.realm);
      if (this.#answered.has(key)) continue;
      const credentials = this.#context.lookup(entry.challenge.realm);
      if (credentials !== undefined) this.#answered.set(key, { ...entry, credentials, preemptive: true });
    }
    return this.#headers();
  }

  /**
   * Answers a 401 or 407 to this request: the Authorization and Proxy-Authorization headers the
   * re-sent request carries (all of them: earlier realms too, as a proxy that challenged once
   * still wants its credentials when the UAS challenges next). Refuses, rather than loop, when
   * the peer rejects credentials it already saw.
   */
  respond(response: ChallengeResponse): AuthOutcome {
    try {
      return { ok: true, headers: this.#respond(response) };
    } catch (err) {
      if (err instanceof DigestError) return { ok: false, error: err };
      throw err;
    }
  }

  #respond(response: ChallengeResponse): CredentialHeader[] {
    if (response.status !== 401 && response.status !== 407) {
      throw new DigestError('SIP_AUTH_NO_CHALLENGE', `A ${response.status} response is not a challenge`);
    }
    const preference = this.#context.preference;
    const found: RealmEntry[] = [];
    for (const [challengeHeader, header] of Object.entries(answeredWith)) {
      const values = response.headers.getAll(challengeHeader);
      const chosen = selectDigestChallenges(values, preference === undefined ? {} : { preference });
      for (const challenge of chosen) found.push({ header, challenge });
    }
    if (found.length === 0) {
      throw new DigestError(
        'SIP_AUTH_NO_CHALLENGE',
        `The ${response.status} response carries no Digest challenge we can answer`,
      );
    }

    const accepted: AnsweredRealm[] = [];
    let staleRetries = this.#staleRetries;
    for (const entry of found) {
      const { challenge } = entry;
      const previous = this.#answered.get(realmKey(entry.header, challenge.realm));
      if (previous !== undefined) {
        this.#checkRetry(previous, challenge, staleRetries);
        if (challenge.stale && !previous.preemptive) staleRetries++;
      }
      const credentials = this.#context.lookup(challenge.realm);
      if (credentials !== undefined) accepted.push({ ...entry, credentials, preemptive: false });
    }
    if (accepted.length === 0) {
      const realms = found.map((f) => `"${f.challenge.realm}"`).join(', ');
      throw new DigestError('SIP_AUTH_NO_CREDENTIALS', `No credentials are configured for realm ${realms}`);
    }

    this.#staleRetries = staleRetries;
    for (const entry of accepted) {
      this.#answered.set(realmKey(entry.header, entry.challenge.realm), entry);
      const { header, challenge } = entry;
      this.#context.cache.set(realmKey(header, challenge.realm), { header, challenge });
    }
    return this.#headers();
  }

  /** Throws when answering `challenge` again would loop. */
  #checkRetry(previous: AnsweredRealm, challenge: DigestChallenge, staleRetries: number): void {
    const { header } = previous;
    const realm = challenge.realm;
    // Our credentials were computed with this very nonce and the peer still refuses them:
    // whatever stale says, sending them again would get the same answer.
    if (previous.challenge.nonce === challenge.nonce) {
      this.#forget(header, realm, challenge.nonce);
      throw new DigestError(
        'SIP_AUTH_NONCE_LOOP',
        `Realm "${realm}" challenged again with the nonce we answered; check the username and password`,
      );
    }
    // Credentials from the cache carried an old nonce; a fresh challenge says nothing about
    // the password, so it is answered once like a first challenge.
    if (previous.preemptive) return;
    // RFC 7616 §3.3: "If stale is false, or anything other than true, or the stale parameter
    // is not present, the username and/or password are invalid, and new values must be obtained."
    if (!challenge.stale) {
      this.#forget(header, realm, previous.challenge.nonce);
      throw new DigestError(
        'SIP_AUTH_REJECTED',
        `Realm "${realm}" rejected the credentials of user "${previous.credentials.username}"`,
      );
    }
    if (staleRetries >= MAX_STALE_RETRIES) {
      throw new DigestError(
        'SIP_AUTH_STALE_LOOP',
        `Realm "${realm}" said stale=true more than ${MAX_STALE_RETRIES} times for one request`,
      );
    }
  }

  /** Drops the client's cached challenge of a realm if it still holds that nonce. */
  #forget(header: CredentialHeaderName, realm: string, nonce: string): void {
    const key = realmKey(header, realm);
    if (this.#context.cache.get(key)?.challenge.nonce === nonce) this.#context.cache.delete(key);
  }

  #headers(): CredentialHeader[] {
    const out: CredentialHeader[] = [];
    for (const entry of this.#answered.values()) {
      out.push(this.#context.authorize(entry, this.#request, entry.credentials));
    }
    return out;
  }
}
