/**
 * The base of every error OpenUM raises on purpose. `code` is stable (operators grep for it, tests
 * assert it, docs/errors.md lists it); `message` is one line a person can act on.
 */
export class OpenUmError extends Error {
  override readonly name: string = 'OpenUmError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
