import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWithinBusinessHours, parseBusinessHours } from '../../src/config/index.js';

function ranges(text: string) {
  const result = parseBusinessHours(text);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.ranges;
}

function failure(text: string): string {
  const result = parseBusinessHours(text);
  assert.ok(!result.ok, `${text} was accepted`);
  return result.message;
}

describe('auto attendant business hours grammar', () => {
  it('reads a weekday range with opening and closing times', () => {
    assert.deepEqual(ranges('Mon-Fri 08:00-17:30'), [{ days: [1, 2, 3, 4, 5], startMinute: 480, endMinute: 1050 }]);
  });

  it('reads several comma-separated ranges, single days and any letter case', () => {
    assert.deepEqual(ranges('mon-fri 08:00-12:00,Mon-Fri 13:00-17:00 , SAT 09:00-12:00').map((r) => r.days), [
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
      [6],
    ]);
  });

  it('wraps a day range past Sunday and accepts 24:00 as the end of the day', () => {
    assert.deepEqual(ranges('Fri-Mon 00:00-24:00'), [{ days: [5, 6, 0, 1], startMinute: 0, endMinute: 1440 }]);
  });

  it('rejects unknown days, impossible times, reversed ranges and other shapes', () => {
    assert.match(failure('Mon-Fry 08:00-17:00'), /unknown day/);
    assert.match(failure('Mon 08:60-17:00'), /invalid time/);
    assert.match(failure('Mon 24:30-24:45'), /invalid time/);
    assert.match(failure('Mon 22:00-02:00'), /ends before it starts/);
    assert.match(failure('Mon 8:00-17:00'), /not of the form/);
    assert.match(failure(''), /not of the form/);
    assert.match(failure('Mon-Fri 08:00-17:00,'), /not of the form/);
  });

  it('tells whether a local day and minute fall inside the hours', () => {
    const hours = ranges('Mon-Fri 08:00-17:30, Sat 09:00-12:00');
    assert.equal(isWithinBusinessHours(hours, 1, 8 * 60), true);
    assert.equal(isWithinBusinessHours(hours, 1, 17 * 60 + 30), false);
    assert.equal(isWithinBusinessHours(hours, 6, 11 * 60), true);
    assert.equal(isWithinBusinessHours(hours, 0, 11 * 60), false);
  });
});
