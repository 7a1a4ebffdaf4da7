/** "Did you mean" for mistyped keys and enum values. */

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of neighbours (optimal
 * string alignment), case-insensitive: `dialplan` ≈ `dialPlan`, `dorp` is one edit from `drop`.
 */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= x.length; i++) {
    const row = d[i] ?? [];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(x.length, y.length);
}

/**
 * The closest candidate, if it is close enough to be a plausible typo: at most a third of the
 * word's length away (at least one edit for words of 3 or more characters; for shorter ones only
 * a difference of letter case).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = word.length < 3 ? 0 : Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `(did you mean "dialPlan"?)` or `(allowed: a, b, c)`. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const near = closest(word, candidates);
  if (near !== undefined) return `(did you mean "${near}"?)`;
  return candidates.length === 0 ? '(no keys are allowed here)' : `(allowed: ${candidates.join(', ')})`;
}
