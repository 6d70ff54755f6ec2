import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

export interface WindowRow {
  index: number;
  /** Distance from the list's top, in CSS pixels. */
  start: number;
  size: number;
}

export interface WindowRowsOptions {
  /** Each row's height in CSS pixels, in order. */
  sizes: readonly number[];
  /** Rows kept beyond each edge of the viewport, so a small scroll shows no gap. */
  overscan: number;
  /** The list's distance from the top of the document. */
  scrollMargin: number;
}

export interface WindowRows {
  rows: WindowRow[];
  totalSize: number;
  /** Scrolls the window the least that shows the whole row (not at all when it is in view). */
  scrollToRow(index: number): void;
}

interface Viewport {
  top: number;
  height: number;
}

function readViewport(): Viewport {
  return { top: window.scrollY, height: window.innerHeight };
}

/**
 * The window's scroll position and height, read at most once a frame but stored only when `bandOf` (which rows it
 * shows) changes: scrolling within the same rows renders nothing. When `bandOf` itself changes (rows added or resized)
 * the position is read again before the next paint.
 */
function useViewport(bandOf: (viewport: Viewport) => string): Viewport {
  const [viewport, setViewport] = useState(readViewport);
  const band = useRef(bandOf);
  useLayoutEffect(() => {
    band.current = bandOf;
    setViewport((current) => {
      const next = readViewport();
      return next.top === current.top && next.height === current.height ? current : next;
    });
  }, [bandOf]);
  useEffect(() => {
    let frame = 0;
    const update = () => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setViewport((current) => {
          const next = readViewport();
          return band.current(next) === band.current(current) ? current : next;
        });
      });
    };
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    update();
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, []);
  return viewport;
}

/** The rows that overlap the band from `top` to `top + height` (list coordinates), and `overscan` more on each side. */
export function rowsInView(view: {
  starts: readonly number[];
  sizes: readonly number[];
  top: number;
  height: number;
  overscan: number;
}): WindowRow[] {
  const { starts, sizes, top, height, overscan } = view;
  const first = Math.max(0, firstRowEndingAfter(starts, sizes, top) - overscan);
  const last = Math.min(sizes.length - 1, firstRowEndingAfter(starts, sizes, top + height) + overscan);
  const rows: WindowRow[] = [];
  for (let index = first; index <= last; index += 1) rows.push({ index, start: starts[index]!, size: sizes[index]! });
  return rows;
}

/** The index of the first row that ends below `position` (the row count when none does). */
function firstRowEndingAfter(starts: readonly number[], sizes: readonly number[], position: number): number {
  let low = 0;
  let high = sizes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle]! + sizes[middle]! > position) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Which rows of a long list, scrolled with the window, are near the viewport, for rows whose heights are known up front
 * (a grid's tile rows and headings). Written here rather than taken from a virtualizer library: with known heights
 * the window is plain arithmetic (prefix sums and a binary search), and the library it replaced was 10 kB of the
 * 100 kB gzip the first page may load, for measuring and scroll-correcting rows of unknown height that this list never
 * has.
 */
export function useWindowRows({ sizes, overscan, scrollMargin }: WindowRowsOptions): WindowRows {
  const starts = useMemo(() => {
    const result: number[] = [];
    let start = 0;
    for (const size of sizes) {
      result.push(start);
      start += size;
    }
    return result;
  }, [sizes]);
  const totalSize = sizes.length === 0 ? 0 : starts.at(-1)! + sizes.at(-1)!;

  const inView = useCallback(
    (viewport: Viewport) => rowsInView({ starts, sizes, top: viewport.top - scrollMargin, height: viewport.height, overscan }),
    [starts, sizes, scrollMargin, overscan],
  );
  const bandOf = useCallback(
    (viewport: Viewport) => {
      const rows = inView(viewport);
      return `${rows[0]?.index}-${rows.at(-1)?.index}`;
    },
    [inView],
  );
  const rows = inView(useViewport(bandOf));

  const scrollToRow = useCallback(
    (index: number) => {
      const start = starts[index];
      if (start === undefined) return;
      const rowTop = scrollMargin + start;
      const rowBottom = rowTop + sizes[index]!;
      if (rowTop < window.scrollY) window.scrollTo({ top: rowTop });
      else if (rowBottom > window.scrollY + window.innerHeight) window.scrollTo({ top: rowBottom - window.innerHeight });
    },
    [starts, sizes, scrollMargin],
  );
  return { rows, totalSize, scrollToRow };
}
