import { dayHeading, dayOf } from '../../../format/calendar-day.ts';

/** A row of the History grid: a day's heading, or up to `columns` tiles (images start to end - 1). */
export type GridRow = { kind: 'day'; key: string; label: string } | { kind: 'tiles'; key: string; start: number; end: number };

export interface GridLayout {
  rows: GridRow[];
  /** The row that holds each image, by the image's index in the list. */
  rowOf: number[];
}

/**
 * The grid's rows: newest first, each day under its heading ("Today", "Yesterday", "Friday, 27 November") and
 * starting a row of its own; without days (best brand fit first) one run of rows.
 */
export function layoutGrid(
  images: readonly { id: string; created_at: string }[],
  columns: number,
  byDay: boolean,
  now = new Date(),
): GridLayout {
  const rows: GridRow[] = [];
  const rowOf: number[] = [];
  let runStart = 0;
  const closeRun = (end: number) => {
    for (let start = runStart; start < end; start += columns) {
      const rowEnd = Math.min(end, start + columns);
      for (let index = start; index < rowEnd; index += 1) rowOf.push(rows.length);
      rows.push({ kind: 'tiles', key: images[start]!.id, start, end: rowEnd });
    }
    runStart = end;
  };
  let currentDay: string | null = null;
  images.forEach((image, index) => {
    if (!byDay) return;
    const day = dayOf(image.created_at);
    if (day === currentDay) return;
    closeRun(index);
    currentDay = day;
    rows.push({ kind: 'day', key: `day-${day}`, label: dayHeading(day, now) });
  });
  closeRun(images.length);
  return { rows, rowOf };
}

/**
 * The image `rowSteps` rows of tiles above (negative) or below the one at `index`, in the same column where that row
 * is long enough, else its last; past the first or last row, the first or last image, as Home and End go.
 */
export function verticalNeighbour(layout: GridLayout, index: number, rowSteps: number): number {
  const { rows, rowOf } = layout;
  const from = rows[rowOf[index] ?? -1];
  if (!from || from.kind !== 'tiles') return index;
  const column = index - from.start;
  const direction = Math.sign(rowSteps);
  let remaining = Math.abs(rowSteps);
  let target = from;
  for (let row = rowOf[index]! + direction; row >= 0 && row < rows.length && remaining > 0; row += direction) {
    const candidate = rows[row]!;
    if (candidate.kind !== 'tiles') continue;
    target = candidate;
    remaining -= 1;
  }
  if (remaining > 0) return direction > 0 ? rowOf.length - 1 : 0;
  return Math.min(target.start + column, target.end - 1);
}
