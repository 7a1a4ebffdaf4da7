/**
 * The caller's keypad as one ordered queue: digits from RFC 4733, SIP INFO and in-band detection
 * are appended as they arrive (type-ahead), and the verbs take them in order. A digit pressed
 * during a prompt stays in the queue for the next collectDigits (callers who know the menu type
 * ahead, as on every voice mail system).
 */
import type { DtmfDigit } from '../media/types.js';

/** Digits remembered before anything reads them; older ones are dropped (a stuck key cannot fill memory). */
export const MAX_QUEUED_DIGITS = 64;

export class DigitQueue {
  readonly #digits: DtmfDigit[] = [];
  #waiters: Array<() => void> = [];

  get length(): number {
    return this.#digits.length;
  }

  push(digit: DtmfDigit): void {
    this.#digits.push(digit);
    if (this.#digits.length > MAX_QUEUED_DIGITS) this.#digits.shift();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  shift(): DtmfDigit | undefined {
    return this.#digits.shift();
  }

  /** The next digit without taking it. */
  peek(): DtmfDigit | undefined {
    return this.#digits[0];
  }

  clear(): void {
    this.#digits.length = 0;
  }

  /** Resolves when a digit is (or already was) queued. */
  whenAvailable(): Promise<void> {
    if (this.#digits.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
