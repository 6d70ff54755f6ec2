import type { LibraryImage } from '@brandgen/client';
import { useCallback, useDeferredValue, useEffect, useId, useMemo } from 'react';
import { useSearchParams } from '../../../app/router.tsx';
import { describeError } from '../../../api/api-error.ts';
import { useOpenImage } from '../../images/api/get-image.ts';
import { ImageViewer } from '../../images/components/lazy-image-viewer.tsx';
import { useAddressText } from './use-address-text.ts';
import { useToggleFavorite } from '../../images/api/set-favorite.ts';
import { useLibrary } from '../api/list-images.ts';
import { HISTORY_FILTER_PARAMS, historyFilterOf } from '../history-filter.ts';
import { BrandFitFilter } from './brand-fit-filter.tsx';
import { useHistoryFilterChoices } from './history-filter-choices.ts';
import { HistoryFilters } from './history-filters.tsx';
import { HistoryGrid } from './history-grid.tsx';
import { HistorySelectionBar } from './history-selection-bar.tsx';
import { describeHistory } from './history-summary.ts';
import { useHistorySelection } from './use-history-selection.ts';
import './history.css';

/**
 * Every image made, newest first under a heading per day: search by prompt words, filter by favorites, model, asset
 * type, project, brand, days and brand fit (all kept in the address), open one for details, select some to download
 * or delete.
 */
export function HistoryPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const query = searchParams.get('q') ?? '';
  const favoritesOnly = searchParams.get('favorite') === 'true';
  const minBrandFit = searchParams.get('min_brand_fit');
  const deferredQuery = useDeferredValue(query);
  const filter = useMemo(() => historyFilterOf(searchParams, deferredQuery), [searchParams, deferredQuery]);
  const filterKey = JSON.stringify(filter);
  const library = useLibrary(filter);
  const choices = useHistoryFilterChoices();
  const toggleFavorite = useToggleFavorite();
  // The open image lives in the address, so a copied link opens it and Back leaves the page as it was.
  const openId = searchParams.get('image');
  const searchId = useId();

  const images = useMemo(() => library.data?.pages.flatMap((page) => page.images) ?? [], [library.data]);
  const selection = useHistorySelection(images, filterKey);
  const { selectedIds } = selection;
  const openImage = useOpenImage(images, openId);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = library;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const selecting = selectedIds !== undefined;
  const show = useCallback(
    (image: LibraryImage | string | null) => {
      const id = typeof image === 'string' || image === null ? image : image.id;
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (id === null) next.delete('image');
          else next.set('image', id);
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );
  const { click } = selection;
  const open = useCallback(
    (image: LibraryImage, range: boolean) => (selecting ? click(image, range) : show(image)),
    [selecting, click, show],
  );
  // Moving through the viewer towards the end of what is loaded loads the next page, as scrolling the grid does.
  const openIndex = openImage ? images.findIndex((image) => image.id === openImage.id) : -1;
  useEffect(() => {
    if (openIndex >= 0 && openIndex >= images.length - 3) loadMore();
  }, [openIndex, images.length, loadMore]);
  const { mutate: mutateFavorite } = toggleFavorite;
  const star = useCallback((image: LibraryImage) => mutateFavorite(image), [mutateFavorite]);

  const update = (name: string, value: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (value === null || value === '') next.delete(name);
    else next.set(name, value);
    setSearchParams(next, { replace: true });
  };
  const [searchText, setSearchText] = useAddressText(query, (text) => update('q', text));
  const filtered = HISTORY_FILTER_PARAMS.some((name) => searchParams.has(name));
  const clearFilters = () => {
    const next = new URLSearchParams(searchParams);
    for (const name of HISTORY_FILTER_PARAMS) next.delete(name);
    setSearchParams(next, { replace: true });
  };

  const count = images.length;
  const summary = library.isPending
    ? 'Loading your images…'
    : describeHistory({ count, hasMore: library.hasNextPage, searchParams, query: query.trim(), choices });

  return (
    <main className="page history-page">
      <div className="history-toolbar">
        <h1 className="history-title">{favoritesOnly ? 'Favorites' : 'History'}</h1>
        <div className="history-search">
          <label htmlFor={searchId} className="visually-hidden">
            Search prompts
          </label>
          <input
            id={searchId}
            type="search"
            className="history-search-input"
            placeholder="Search prompts, e.g. bicycle sunset"
            value={searchText}
            maxLength={200}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </div>
        <div className="history-views" role="group" aria-label="Show">
          <button type="button" className="button button-secondary" aria-pressed={!favoritesOnly} onClick={() => update('favorite', null)}>
            All images
          </button>
          <button type="button" className="button button-secondary" aria-pressed={favoritesOnly} onClick={() => update('favorite', 'true')}>
            ★ Favorites
          </button>
        </div>
        <BrandFitFilter
          value={minBrandFit}
          onChange={(value) => update('min_brand_fit', value)}
          bestFirst={searchParams.get('sort') === 'brand_fit'}
          onBestFirstChange={(bestFirst) => update('sort', bestFirst ? 'brand_fit' : null)}
        />
      </div>
      <HistoryFilters searchParams={searchParams} choices={choices} onChange={update} />
      <div className="history-summary-row">
        <p className="history-summary" role="status" aria-live="polite">
          {summary}
          {selecting && ` · ${selectedIds.size} selected. Click images to select them; shift-click selects a range.`}
        </p>
        {filtered && (
          <button type="button" className="button button-secondary" onClick={clearFilters}>
            Clear filters
          </button>
        )}
        {(count > 0 || selecting) && (
          <button
            type="button"
            className="button button-secondary history-select"
            aria-pressed={selecting}
            onClick={() => selection.setSelecting(!selecting)}
          >
            {selecting ? 'Done selecting' : 'Select'}
          </button>
        )}
      </div>
      {selecting && <HistorySelectionBar images={images} hasMore={library.hasNextPage} selectedIds={selectedIds} selection={selection} />}

      {library.isError && (
        <div className="feed-note feed-note-error">
          <p>Your images could not be loaded. {describeError(library.error)}</p>
          <button type="button" className="button button-secondary" onClick={() => void library.refetch()}>
            Try again
          </button>
        </div>
      )}
      {library.isSuccess && count === 0 && (
        <div className="empty-state">
          <p className="empty-state-title">{filtered ? 'Nothing matches' : 'No images yet'}</p>
          <p>
            {favoritesOnly
              ? 'Star an image (press f on it) to keep it here; favorites never expire.'
              : query.trim()
                ? 'Try fewer or shorter words.'
                : filtered
                  ? 'Try other filters, or “Clear filters” to see every image.'
                  : 'Images you generate appear here, newest first.'}
          </p>
        </div>
      )}
      {count > 0 && (
        <HistoryGrid
          images={images}
          byDay={searchParams.get('sort') !== 'brand_fit'}
          hasMore={library.hasNextPage}
          selectedIds={selectedIds}
          onLoadMore={loadMore}
          onOpen={open}
          onToggleFavorite={star}
        />
      )}
      {library.isFetchingNextPage && <p className="history-summary">Loading older images…</p>}

      {openImage && (
        <ImageViewer
          images={images}
          image={openImage}
          onClose={() => {
            show(null);
            toggleFavorite.reset();
          }}
          onShow={show}
          onToggleFavorite={star}
          favoriteError={toggleFavorite.error}
          returnFocusTo={(image) => document.querySelector<HTMLElement>(`.history-tile[data-image-id="${CSS.escape(image.id)}"]`)}
        />
      )}
    </main>
  );
}
