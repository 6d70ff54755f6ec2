import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutGrid, verticalNeighbour } from '../src/features/library/components/history-layout.ts';
import { endOfDay, isCalendarDay, startOfDay } from '../src/format/calendar-day.ts';
import { historyFilterOf } from '../src/features/library/history-filter.ts';

const now = new Date(2026, 10, 30, 15, 0);
/** Images made at 10:00 local time on each given day of November 2026, newest first as History lists them. */
const madeOn = (...days: number[]) =>
  days.map((day, index) => ({ id: `image-${index}`, created_at: new Date(2026, 10, day, 10, 0).toISOString() }));

describe('layoutGrid', () => {
  it('starts each day with its heading and a row of its own', () => {
    const layout = layoutGrid(madeOn(30, 30, 30, 30, 30, 29, 27, 27), 4, true, now);
    const rows = layout.rows.map((row) => (row.kind === 'day' ? row.label : `${row.start}-${row.end}`));
    assert.deepEqual([...rows.slice(0, 5), rows[6]], ['Today', '0-4', '4-5', 'Yesterday', '5-6', '6-8']);
    assert.match(rows[5]!, /\b27\b/, `an older day is named by its date (${rows[5]})`);
    assert.deepEqual(layout.rowOf, [1, 1, 1, 1, 2, 4, 6, 6]);
  });

  it('without days (best fit first), is one run of full rows', () => {
    const layout = layoutGrid(madeOn(30, 29, 28, 27, 26), 2, false, now);
    assert.deepEqual(
      layout.rows.map((row) => row.kind),
      ['tiles', 'tiles', 'tiles'],
    );
  });
});

describe('verticalNeighbour', () => {
  const layout = layoutGrid(madeOn(30, 30, 30, 30, 30, 29, 27, 27), 4, true, now);
  it('keeps the column across a heading, or takes the last image of a shorter row', () => {
    assert.equal(verticalNeighbour(layout, 1, 1), 4, 'column 1 of a row holding one image: its last');
    assert.equal(verticalNeighbour(layout, 7, -1), 5);
    assert.equal(verticalNeighbour(layout, 6, -2), 4);
  });
  it('past the first or last row goes to the first or last image, as Home and End do', () => {
    assert.equal(verticalNeighbour(layout, 2, -1), 0);
    assert.equal(verticalNeighbour(layout, 1, 4), 7);
  });
});

describe('calendar days in the address', () => {
  it('turn into the local day from its midnight up to the next midnight', () => {
    assert.equal(startOfDay('2026-11-30'), new Date(2026, 10, 30).toISOString());
    assert.equal(endOfDay('2026-11-30'), new Date(2026, 11, 1).toISOString());
  });
  it('refuse what is no day, so a hand-edited address shows every image rather than an error', () => {
    for (const text of ['2026-02-31', '30-11-2026', '2026-11-30T00:00', '']) {
      assert.equal(isCalendarDay(text), false, text);
      assert.equal(startOfDay(text), null, text);
    }
    const filter = historyFilterOf(new URLSearchParams('from=yesterday&to=2026-13-01&model=demo&project_id=' + 'x'.repeat(101)));
    assert.deepEqual(filter, { model: 'demo' });
  });
});
