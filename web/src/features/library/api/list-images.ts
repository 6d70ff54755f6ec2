import { unwrap, type paths } from '@brandgen/client';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

/** Every cache entry that holds library images starts with this, so one invalidation refreshes every list and image. */
export const libraryKey = ['library'] as const;

/** A list of library images for one filter; the viewer, batches, projects and History all file theirs under it. */
export const libraryListKey = (filter: LibraryFilter) => [...libraryKey, filter] as const;

type ImageQuery = NonNullable<paths['/api/images']['get']['parameters']['query']>;

/** The library's filters as the page holds them; `favorite` is a switch here and text in the query. */
export type LibraryFilter = Partial<
  Pick<
    ImageQuery,
    | 'q'
    | 'model'
    | 'asset_type'
    | 'parent_id'
    | 'project_id'
    | 'brand_id'
    | 'job_id'
    | 'batch_id'
    | 'from'
    | 'to'
    | 'min_brand_fit'
    | 'sort'
  >
> & {
  favorite?: boolean;
};

const TEXT_FILTERS = ['model', 'asset_type', 'parent_id', 'project_id', 'brand_id', 'job_id', 'batch_id', 'from', 'to'] as const;

export function listImages(filter: LibraryFilter, cursor: string | null, limit: number, signal?: AbortSignal) {
  const query: ImageQuery = { limit };
  if (cursor !== null) query.cursor = cursor;
  if (filter.q?.trim()) query.q = filter.q.trim();
  if (filter.favorite !== undefined) query.favorite = filter.favorite ? 'true' : 'false';
  for (const name of TEXT_FILTERS) {
    const value = filter[name];
    if (value) query[name] = value;
  }
  if (filter.min_brand_fit !== undefined) query.min_brand_fit = filter.min_brand_fit;
  if (filter.sort === 'brand_fit') query.sort = 'brand_fit';
  return unwrap(api.GET('/api/images', { params: { query }, signal }));
}

// One page fills the largest screens, so opening History makes a single list request.
export const LIBRARY_PAGE_SIZE = 200;
const FRESH_AFTER_FETCH_MS = 2_000;

export function libraryQueryOptions(filter: LibraryFilter) {
  return infiniteQueryOptions({
    queryKey: libraryListKey(filter),
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
