import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatJobTime } from '../src/format/format-job-time.ts';

// Local times, so the test means the same in any time zone.
const now = new Date(2026, 10, 30, 9, 15);
const at = (...parts: [number, number, number, number, number]) => new Date(...parts).toISOString();

it('says today, yesterday, a short date this year, and the year before that, by the clock of the person reading', () => {
  assert.equal(formatJobTime(at(2026, 10, 30, 0, 5), now, 'en-GB'), 'Today at 00:05');
  assert.equal(formatJobTime(at(2026, 10, 29, 23, 59), now, 'en-GB'), 'Yesterday at 23:59');
  assert.equal(formatJobTime(at(2026, 10, 28, 14, 32), now, 'en-GB'), '28 Nov at 14:32');
  assert.equal(formatJobTime(at(2025, 11, 31, 8, 0), now, 'en-GB'), '31 Dec 2025 at 08:00');
  assert.equal(formatJobTime('not a date', now, 'en-GB'), '');
});
