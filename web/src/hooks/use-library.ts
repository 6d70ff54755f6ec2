import type { LibraryImage, LibraryPage } from '@brandgen/client';
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { listImages, setFavorite, type LibraryFilter } from '../api/library.ts';
import { libraryKey } from '../api/query-keys.ts';
import { endOfDay, startOfDay } from '../format/calendar-day.ts';

// One page fills the largest screens, so opening History makes a single list request.
export const LIBRARY_PAGE_SIZE = 200;
const FRESH_AFTER_FETCH_MS = 2_000;

/** Everything History's address can filter by; "Clear filters" removes them all (the order and the open image stay). */
export const HISTORY_FILTER_PARAMS = [
  'q',
  'favorite',
  'model',
  'asset_type',
  'project_id',
  'brand_id',
  'from',
  'to',
  'min_brand_fit',
] as const;

/** The History page's search, filters and order, as its address holds them. */
export function historyFilterOf(searchParams: URLSearchParams, query = searchParams.get('q') ?? ''): LibraryFilter {
  const minBrandFit = Number(searchParams.get('min_brand_fit') ?? Number.NaN);
  const text = (name: 'model' | 'asset_type' | 'project_id' | 'brand_id') => {
    const value = searchParams.get(name)?.trim();
    return value && value.length <= 100 ? { [name]: value } : {};
  };
  // An address edited by hand to something the API refuses shows every image rather than an error.
  const from = startOfDay(searchParams.get('from') ?? '');
  const to = endOfDay(searchParams.get('to') ?? '');
  return {
    ...(query.trim() && { q: query.trim() }),
    ...(searchParams.get('favorite') === 'true' && { favorite: true }),
    ...text('model'),
    ...text('asset_type'),
    ...text('project_id'),
    ...text('brand_id'),
    ...(from && { from }),
    ...(to && { to }),
    ...(Number.isInteger(minBrandFit) && minBrandFit >= 0 && minBrandFit <= 100 && { min_brand_fit: minBrandFit }),
    ...(searchParams.get('sort') === 'brand_fit' && { sort: 'brand_fit' as const }),
  };
}

export function libraryQueryOptions(filter: LibraryFilter) {
  return infiniteQueryOptions({
    queryKey: [...libraryKey, filter],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => listImages(filter, pageParam, LIBRARY_PAGE_SIZE, signal),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    // The first page is asked for while the page's code loads (prefetch-route-data); without a moment of freshness the
    // page would ask again as it mounts, its request queued behind the thumbnails. Later visits still refetch.
    staleTime: FRESH_AFTER_FETCH_MS,
  });
}

/** The library, newest first, a page at a time, for one combination of search and filters. */
export function useLibrary(filter: LibraryFilter) {
  return useInfiniteQuery(libraryQueryOptions(filter));
}

/** Stars or unstars an image and updates it wherever a library page holds it. */
export function useToggleFavorite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (image: LibraryImage) => setFavorite(image.id, !image.favorite),
    onSuccess: (updated) => {
      // The library cache holds infinite lists, plain pages (refinement children) and single images.
      const replace = (images: LibraryImage[]) => images.map((image) => (image.id === updated.id ? updated : image));
      queryClient.setQueriesData<InfiniteData<LibraryPage> | LibraryPage | LibraryImage>({ queryKey: libraryKey }, (data) => {
        if (!data) return data;
        if ('pages' in data) return { ...data, pages: data.pages.map((page) => ({ ...page, images: replace(page.images) })) };
        if ('images' in data) return { ...data, images: replace(data.images) };
        return data.id === updated.id ? updated : data;
      });
      // Lists filtered by favorite now miss or hold one image too many.
      void queryClient.invalidateQueries({ queryKey: libraryKey, refetchType: 'none' });
    },
  });
}
