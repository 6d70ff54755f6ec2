import type { LibraryPage } from '@brandgen/client';
import type { InfiniteData } from '@tanstack/react-query';
import { thumbnailSrcSet } from '../../ui/thumbnail-src-set.ts';
import { GAP, MIN_TILE } from './history-tile-size.ts';

/** About the most tiles a window shows below History's toolbar and filters (the page is 12 tiles wide at most). */
function tilesThatFit(): number {
  const pitch = MIN_TILE + GAP;
  const columns = Math.min(12, Math.max(1, Math.floor(window.innerWidth / pitch)));
  const rows = Math.max(1, Math.ceil((window.innerHeight - 350) / pitch));
  return columns * rows;
}

/**
 * Starts downloading the first screenful of thumbnails as soon as History's list arrives, while the page's code still
 * loads and renders: the tiles' images then find them in the browser's memory cache (same address, and the same srcset
 * choice) instead of asking only once the grid is in the document. A list that fails preloads nothing; the page shows
 * the error.
 */
export async function preloadOpeningThumbnails(list: Promise<InfiniteData<LibraryPage>>): Promise<void> {
  const page = await list.then(
    (data) => data.pages[0],
    () => undefined,
  );
  for (const image of page?.images.slice(0, tilesThatFit()) ?? []) {
    const element = new Image();
    element.decoding = 'async';
    element.srcset = thumbnailSrcSet(image.thumbnail_url);
    // An image element is kept alive while it loads, so nothing needs to hold it.
    element.src = image.thumbnail_url;
  }
}
