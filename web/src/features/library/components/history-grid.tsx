import type { LibraryImage } from '@brandgen/client';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { layoutGrid, verticalNeighbour } from './history-layout.ts';
import { HistoryTile } from './history-tile.tsx';
import { useWindowRows } from '../../../ui/use-window-rows.ts';
import { cachedPlaceholderUrl } from './placeholder-url.ts';
import { useSlowTilePlaceholders } from './use-slow-tile-placeholders.ts';
import { GAP, MIN_TILE } from '../history-tile-size.ts';

/** A day's heading row: its text and the space above it, which parts one day from the last. */
const HEADING_HEIGHT = 52;

interface HistoryGridProps {
  images: LibraryImage[];
  /** Newest first, under a heading per day; otherwise (best fit first) one run of tiles. */
  byDay: boolean;
  hasMore: boolean;
  /** Ids of selected images while selecting; undefined when not in selection mode. */
  selectedIds: ReadonlySet<string> | undefined;
  onLoadMore: () => void;
  /** `range`: a shift-click, which selects every image from the last one clicked. */
  onOpen: (image: LibraryImage, range: boolean) => void;
  onToggleFavorite: (image: LibraryImage) => void;
}

/**
 * Thumbnails in rows under a heading per day, of which only the rows near the viewport are in the DOM, so thousands
 * of images scroll smoothly. One tile is tabbable at a time; arrow keys, Home and End move through the grid (up and
 * down keep the column across a day's heading), `f` stars the focused image.
 */
export function HistoryGrid({ images, byDay, hasMore, selectedIds, onLoadMore, onOpen, onToggleFavorite }: HistoryGridProps) {
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [offset, setOffset] = useState(0);
  const [activeIndex, setActiveIndex] = useState(0);
  const [hoveredIndex, setHoveredIndex] = useState<number | null>(null);
  const focusPending = useRef(false);

  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const measure = () => {
      setWidth(element.clientWidth);
      setOffset(element.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width + GAP) / (MIN_TILE + GAP)));
  const tile = width > 0 ? (width - GAP * (columns - 1)) / columns : MIN_TILE;
  const layout = useMemo(() => layoutGrid(images, columns, byDay), [images, columns, byDay]);
  const rowCount = layout.rows.length;
  const sizes = useMemo(() => layout.rows.map((row) => (row.kind === 'day' ? HEADING_HEIGHT : tile + GAP)), [layout, tile]);
  // Rows beyond the viewport compete with visible thumbnails for the browser's six connections; keep few.
  const visibleRows = useWindowRows({ sizes, overscan: 1, scrollMargin: offset });

  // Until the grid's width is measured (its layout effect, before the first paint) no tile is rendered: tiles laid out
  // one to a row would be made only to be thrown away.
  const rows = width > 0 ? visibleRows.rows : [];
  const placeholderOf = useCallback((index: number) => images[index]?.placeholder, [images]);
  useSlowTilePlaceholders(container, placeholderOf, `${rows[0]?.index}-${rows.at(-1)?.index}-${columns}`);
  const lastRow = rows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastRow >= rowCount - 2) onLoadMore();
  }, [hasMore, lastRow, rowCount, onLoadMore]);

  const clampedActive = Math.min(activeIndex, Math.max(0, images.length - 1));
  useEffect(() => {
    if (!focusPending.current) return;
    const target = container.current?.querySelector<HTMLElement>(`[data-index="${clampedActive}"]`);
    if (target) {
      focusPending.current = false;
      target.focus();
    }
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(images.length - 1, index));
    focusPending.current = true;
    setActiveIndex(next);
    visibleRows.scrollToRow(layout.rowOf[next] ?? 0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const moves: Record<string, number> = {
      ArrowRight: clampedActive + 1,
      ArrowLeft: clampedActive - 1,
      ArrowDown: verticalNeighbour(layout, clampedActive, 1),
      ArrowUp: verticalNeighbour(layout, clampedActive, -1),
      Home: 0,
      End: images.length - 1,
      PageDown: verticalNeighbour(layout, clampedActive, 4),
      PageUp: verticalNeighbour(layout, clampedActive, -4),
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      moveTo(next);
    } else if (event.key === 'f') {
      const image = images[clampedActive];
      if (image) {
        event.preventDefault();
        onToggleFavorite(image);
      }
    }
  };

  const open = useCallback(
    (index: number, range: boolean) => {
      const image = images[index];
      if (image) onOpen(image, range);
    },
    [images, onOpen],
  );
  const focusTile = useCallback((index: number) => setActiveIndex(index), []);
  const hoverTile = useCallback((index: number | null) => setHoveredIndex(index), []);
  const starTile = useCallback(
    (index: number) => {
      const image = images[index];
      if (image) onToggleFavorite(image);
    },
    [images, onToggleFavorite],
  );

  const order = byDay ? 'newest first, by day' : 'best brand fit first';
  return (
    <div
      ref={container}
      className="history-grid"
      role="group"
      aria-label={
        selectedIds
          ? `Images, ${order}. Use the arrow keys to move, Enter to select or unselect.`
          : `Images, ${order}. Use the arrow keys to move, Enter to open, f to star.`
      }
      onKeyDown={onKeyDown}
      style={{ height: visibleRows.totalSize }}
    >
      {rows.map((placed) => {
        const row = layout.rows[placed.index];
        if (!row) return null;
        const transform = `translateY(${placed.start}px)`;
        if (row.kind === 'day') {
          return (
            <h2 key={row.key} className="history-day" style={{ transform, height: HEADING_HEIGHT }}>
              {row.label}
            </h2>
          );
        }
        return (
          <div
            key={row.key}
            className="history-row"
            style={{ transform, gridTemplateColumns: `repeat(${columns}, ${tile}px)`, gap: GAP, height: tile }}
          >
            {images.slice(row.start, row.end).map((image, column) => {
              const index = row.start + column;
              return (
                <HistoryTile
                  key={image.id}
                  image={image}
                  index={index}
                  active={index === clampedActive}
                  selected={selectedIds && selectedIds.has(image.id)}
                  placeholder={cachedPlaceholderUrl(image.placeholder)}
                  toolbar={index === clampedActive || index === hoveredIndex}
                  onOpen={open}
                  onFocusTile={focusTile}
                  onStar={starTile}
                  onHover={hoverTile}
                />
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
