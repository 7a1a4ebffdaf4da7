/**
 * Errors of `openum test-call`. A bad option exits 2 before anything is sent; the other codes are
 * a call that did not work (exit 1), each with one line saying what to check.
 */
import { OpenUmError } from '../../util/errors.js';

export const TESTCALL_ERROR_CODES = [
  'TESTCALL_BAD_OPTION',
  'TESTCALL_NO_ANSWER',
  'TESTCALL_UNREACHABLE',
  'TESTCALL_REJECTED',
  'TESTCALL_BAD_ANSWER',
  'TESTCALL_NO_BEEP',
  'TESTCALL_ENDED_EARLY',
  'TESTCALL_INTERRUPTED',
] as const;

export type TestCallErrorCode = (typeof TESTCALL_ERROR_CODES)[number];

export class TestCallError extends OpenUmError {
  override readonly name = 'TestCallError';
  override readonly code: TestCallErrorCode;
  /** The final response to the INVITE, for TESTCALL_REJECTED. */
  readonly status: number | null;
  readonly reason: string | null;

  constructor(code: TestCallErrorCode, message: string, options: { cause?: unknown; status?: number | null; reason?: string | null } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? null;
    this.reason = options.reason ?? null;
  }
}

/** The exit status a failure leaves: 2 for invalid input, 1 for a call that did not work. */
export function exitCodeOf(code: TestCallErrorCode): 1 | 2 {
  return code === 'TESTCALL_BAD_OPTION' ? 2 : 1;
}
