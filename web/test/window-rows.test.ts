import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rowsInView } from '../src/ui/use-window-rows.ts';

/** A heading (52 px) then tile rows of 160 px, as History lays out a day. */
const sizes = [52, 160, 160, 160, 160, 160, 52, 160, 160];
const starts = sizes.reduce<number[]>((list, _size, index) => [...list, index === 0 ? 0 : list[index - 1]! + sizes[index - 1]!], []);
const indexes = (top: number, height: number, overscan = 0) => rowsInView({ starts, sizes, top, height, overscan }).map((row) => row.index);

describe('rowsInView', () => {
  it('gives the rows that overlap the viewport, with their positions', () => {
    assert.deepEqual(indexes(0, 300), [0, 1, 2]);
    assert.deepEqual(rowsInView({ starts, sizes, top: 0, height: 300, overscan: 0 })[2], { index: 2, start: 212, size: 160 });
    // A row that ends exactly at the viewport's top is out of view; one that starts inside it is in.
    assert.deepEqual(indexes(212, 160), [2, 3]);
  });

  it('keeps the overscan rows on each side, never beyond the list', () => {
    assert.deepEqual(indexes(532, 100, 1), [3, 4, 5]);
    assert.deepEqual(indexes(0, 100, 2), [0, 1, 2, 3]);
    assert.deepEqual(indexes(1100, 400, 1), [7, 8]);
  });

  it('gives nothing for an empty list, and the last rows when scrolled past the end', () => {
    assert.deepEqual(rowsInView({ starts: [], sizes: [], top: 0, height: 900, overscan: 1 }), []);
    assert.deepEqual(indexes(5000, 900, 1), [8]);
  });
});
