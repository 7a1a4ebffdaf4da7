/**
 * The business-hours grammar of an auto attendant:
 *
 *   hours  = range *( "," range )
 *   range  = days SP time "-" time
 *   days   = day [ "-" day ]            ; Mon-Fri, Sat, Fri-Mon (wraps past Sunday)
 *   day    = "Mon" / "Tue" / "Wed" / "Thu" / "Fri" / "Sat" / "Sun"   ; any letter case
 *   time   = 2DIGIT ":" 2DIGIT          ; 00:00 … 24:00, start before end
 *
 * e.g. `Mon-Fri 08:00-17:30, Sat 09:00-12:00`. A range that crosses midnight is written as two.
 */

export const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** One open period: on each listed weekday (0 = Sunday, as `Date#getDay`), from start to end. */
export interface BusinessHoursRange {
  days: number[];
  /** Minutes after local midnight, inclusive. */
  startMinute: number;
  /** Minutes after local midnight, exclusive (1440 for 24:00). */
  endMinute: number;
}

export type BusinessHoursResult =
  | { ok: true; ranges: BusinessHoursRange[] }
  | { ok: false; message: string };

const rangePattern = /^([A-Za-z]{3})(?:-([A-Za-z]{3}))?\s+([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})$/;

function dayIndex(name: string): number {
  return dayNames.findIndex((d) => d.toLowerCase() === name.toLowerCase());
}

function minutes(hours: string, mins: string): number | undefined {
  const h = Number(hours);
  const m = Number(mins);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return undefined;
  return h * 60 + m;
}

function parseRange(text: string): BusinessHoursRange | string {
  const match = rangePattern.exec(text);
  if (!match) return `"${text}" is not of the form "Mon-Fri 08:00-17:30"`;
  const [, firstDay = '', lastDay, h1 = '', m1 = '', h2 = '', m2 = ''] = match;
  const first = dayIndex(firstDay);
  const last = lastDay === undefined ? first : dayIndex(lastDay);
  if (first < 0 || last < 0) {
    return `unknown day in "${text}" (days are ${dayNames.slice(1).join(', ')}, Sun)`;
  }
  const startMinute = minutes(h1, m1);
  const endMinute = minutes(h2, m2);
  if (startMinute === undefined || endMinute === undefined) return `invalid time in "${text}" (00:00 to 24:00)`;
  if (startMinute >= endMinute) {
    return `"${text}" ends before it starts (write a range crossing midnight as two ranges)`;
  }
  const days: number[] = [];
  for (let d = first; ; d = (d + 1) % 7) {
    days.push(d);
    if (d === last) break;
  }
  return { days, startMinute, endMinute };
}

/** Parses the grammar above; the message of a failure names the offending range. */
export function parseBusinessHours(text: string): BusinessHoursResult {
  const ranges: BusinessHoursRange[] = [];
  for (const part of text.split(',')) {
    const range = parseRange(part.trim());
    if (typeof range === 'string') return { ok: false, message: range };
    ranges.push(range);
  }
  return { ok: true, ranges };
}

/** True when the local weekday and minute-of-day fall inside one of the ranges. */
export function isWithinBusinessHours(ranges: readonly BusinessHoursRange[], day: number, minute: number): boolean {
  return ranges.some((r) => r.days.includes(day) && minute >= r.startMinute && minute < r.endMinute);
}
