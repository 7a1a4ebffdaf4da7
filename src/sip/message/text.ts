/** Small text helpers shared by the header parsers (RFC 3261 §25.1 basic rules). */

/**
 * Splits on `sep` outside quoted strings (with quoted-pair escapes) and outside <…>.
 * Empty elements are kept; callers trim and filter.
 */
export function splitTopLevel(value: string, sep: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuotes = false;
  let angle = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (inQuotes) {
      if (ch === '\\') i++;
      else if (ch === '"') inQuotes = false;
    } else if (ch === '"') {
      inQuotes = true;
    } else if (ch === '<') {
      angle++;
    } else if (ch === '>') {
      if (angle > 0) angle--;
    } else if (ch === sep && angle === 0) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out;
}
