/**
 * PIN rules a mailbox policy enforces that can be checked on the configuration itself. Messages
 * produced from these never include the PIN.
 */

/** Same digit repeated (`111111`) or a run up or down (`123456`, `987654`, `890123`). */
export function isCommonPinPattern(pin: string): boolean {
  if (pin.length < 2) return false;
  const digits = [...pin].map(Number);
  const steps = new Set<number>();
  for (let i = 1; i < digits.length; i++) {
    steps.add((((digits[i] ?? 0) - (digits[i - 1] ?? 0)) % 10 + 10) % 10);
  }
  return steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9));
}
