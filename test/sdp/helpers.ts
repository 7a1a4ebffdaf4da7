/** Shared fixtures of the SDP tests: the vectors of test/vectors/sdp/ and our local options. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSdp } from '../../src/sdp/index.js';
import type { AnswerResult, LocalMediaOptions, NegotiatedMedia, SessionDescription, SrtpSuite } from '../../src/sdp/index.js';

function vectorDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'test/vectors/sdp');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(candidate, 'README.md'))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error('test/vectors/sdp not found above the compiled test');
    dir = up;
  }
}

const folder = vectorDir();

export function vectorText(name: string): string {
  return readFileSync(join(folder, name), 'utf8');
}

export function vector(name: string): SessionDescription {
  return parseSdp(readFileSync(join(folder, name)));
}

/** A 30-byte key filled with one byte, as "inline:" key parameters. */
export function inlineKey(fill: number): string {
  return `inline:${Buffer.alloc(30, fill).toString('base64')}`;
}

export interface TestLocal extends LocalMediaOptions {
  /** The suites makeCrypto was asked for, in order. */
  cryptoCalls: SrtpSuite[];
}

export function localOptions(overrides: Partial<LocalMediaOptions> = {}): TestLocal {
  const cryptoCalls: SrtpSuite[] = [];
  return {
    address: '192.0.2.10',
    port: 40000,
    codecPreference: ['G722', 'PCMU', 'PCMA'],
    srtp: 'optional',
    makeCrypto: (suite) => {
      cryptoCalls.push(suite);
      return { suite, keyParams: inlineKey(0x40 + cryptoCalls.length) };
    },
    sessionId: '4000',
    sessionVersion: 1,
    userName: 'openum',
    ...overrides,
    cryptoCalls,
  };
}

export function accepted(result: AnswerResult): { answerSdp: string; media: NegotiatedMedia; answer: SessionDescription } {
  if (!result.ok) assert.fail(`expected an answer, got ${result.status} ${result.code}: ${result.reason}`);
  return { answerSdp: result.answerSdp, media: result.media, answer: parseSdp(result.answerSdp) };
}

export function refused(result: { ok: boolean }): Extract<AnswerResult, { ok: false }> {
  if (result.ok) assert.fail('expected a refusal, got an answer');
  return result as Extract<AnswerResult, { ok: false }>;
}

/** The first m= line of a session, failing the test when there is none. */
export function firstMedia(s: SessionDescription): SessionDescription['media'][number] {
  const m = s.media[0];
  assert.ok(m !== undefined, 'no m= line');
  return m;
}
