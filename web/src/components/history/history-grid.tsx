import type { LibraryImage } from '@brandgen/client';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { HistoryTile } from './history-tile.tsx';

const MIN_TILE = 140;
const GAP = 10;

interface HistoryGridProps {
  images: LibraryImage[];
  hasMore: boolean;
  /** Ids of selected images while selecting; undefined when not in selection mode. */
  selectedIds: ReadonlySet<string> | undefined;
  onLoadMore: () => void;
  onOpen: (image: LibraryImage) => void;
  onToggleFavorite: (image: LibraryImage) => void;
}

/**
 * Thumbnails in rows, of which only those near the viewport are in the DOM, so thousands of images scroll smoothly.
 * One tile is tabbable at a time; arrow keys, Home and End move through the grid, `f` stars the focused image.
 */
export function HistoryGrid({ images, hasMore, selectedIds, onLoadMore, onOpen, onToggleFavorite }: HistoryGridProps) {
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [offset, setOffset] = useState(0);
  const [activeIndex, setActiveIndex] = useState(0);
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
  const rowCount = Math.ceil(images.length / columns);
  const virtualizer = useWindowVirtualizer({
    count: rowCount,
    estimateSize: () => tile + GAP,
    // Rows beyond the viewport compete with visible thumbnails for the browser's six connections; keep few.
    overscan: 1,
    scrollMargin: offset,
  });
  useEffect(() => virtualizer.measure(), [tile, virtualizer]);

  const rows = virtualizer.getVirtualItems();
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
    virtualizer.scrollToIndex(Math.floor(next / columns), { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const moves: Record<string, number> = {
      ArrowRight: clampedActive + 1,
      ArrowLeft: clampedActive - 1,
      ArrowDown: clampedActive + columns,
      ArrowUp: clampedActive - columns,
      Home: 0,
      End: images.length - 1,
      PageDown: clampedActive + columns * 4,
      PageUp: clampedActive - columns * 4,
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
    (index: number) => {
      const image = images[index];
      if (image) onOpen(image);
    },
    [images, onOpen],
  );
  const focusTile = useCallback((index: number) => setActiveIndex(index), []);
  const starTile = useCallback(
    (index: number) => {
      const image = images[index];
      if (image) onToggleFavorite(image);
    },
    [images, onToggleFavorite],
  );

  return (
    <div
      ref={container}
      className="history-grid"
      role="group"
      aria-label={
        selectedIds
          ? 'Images, newest first. Use the arrow keys to move, Enter to select or unselect.'
          : 'Images, newest first. Use the arrow keys to move, Enter to open, f to star.'
      }
      onKeyDown={onKeyDown}
      style={{ height: virtualizer.getTotalSize() }}
    >
      {rows.map((row) => (
        <div
          key={row.key}
          className="history-row"
          style={{
            transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
            gridTemplateColumns: `repeat(${columns}, ${tile}px)`,
            gap: GAP,
            height: tile,
          }}
        >
          {images.slice(row.index * columns, row.index * columns + columns).map((image, column) => {
            const index = row.index * columns + column;
            return (
              <HistoryTile
                key={image.id}
                image={image}
                index={index}
                active={index === clampedActive}
                selected={selectedIds && selectedIds.has(image.id)}
                onOpen={open}
                onFocusTile={focusTile}
                onStar={starTile}
              />
            );
          })}
        </div>
      ))}
    </div>
  );
}
