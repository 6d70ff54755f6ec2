import { unwrap } from '@brandgen/client';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

/** Every cache entry of the batches feature starts with this, so one invalidation refreshes them all. */
export const batchesKey = ['batches'] as const;

const batchListKey = [...batchesKey, 'list'] as const;

const PAGE_SIZE = 10;

/** GET /api/batches: the user's batches newest first, ten at a time (a running one follows itself, see get-batch.ts). */
export function batchesQueryOptions() {
  return infiniteQueryOptions({
    queryKey: batchListKey,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/batches', { params: { query: { limit: PAGE_SIZE, ...(pageParam !== null && { cursor: pageParam }) } }, signal }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
  });
}

export function useBatches() {
  return useInfiniteQuery(batchesQueryOptions());
}
