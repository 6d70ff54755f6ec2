import { useEffect, useState, type RefObject } from 'react';
import { cachedPlaceholderUrl, placeholderUrl } from './placeholder-url.ts';

/** How long a thumbnail may take before its tile trades the average colour for the blurred preview. */
const SLOW_THUMBNAIL_MS = 400;

/**
 * Decodes the blurred previews of the tiles in view whose thumbnails have not arrived `SLOW_THUMBNAIL_MS` after the
 * tiles appeared, and renders the grid (whose state this is) once it has. On a quick connection the thumbnails win
 * and nothing is decoded; decoding a screenful up front held the first thumbnails back.
 */
export function useSlowTilePlaceholders(
  container: RefObject<HTMLElement | null>,
  placeholderOf: (index: number) => string | undefined,
  shownRange: string,
): void {
  const [, setDecoded] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => {
      const tiles = container.current?.querySelectorAll<HTMLElement>('[data-index]') ?? [];
      let fresh = 0;
      for (const tile of tiles) {
        if (tile.querySelector('img')?.complete !== false) continue;
        const hash = placeholderOf(Number(tile.dataset.index));
        if (hash === undefined || cachedPlaceholderUrl(hash) !== undefined) continue;
        if (placeholderUrl(hash) !== undefined) fresh += 1;
      }
      if (fresh > 0) setDecoded((count) => count + 1);
    }, SLOW_THUMBNAIL_MS);
    return () => clearTimeout(timer);
  }, [container, placeholderOf, shownRange]);
}
