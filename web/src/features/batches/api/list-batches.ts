import { unwrap, type BatchPage } from '@brandgen/client';
import { infiniteQueryOptions, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

/** Every cache entry of the batches feature starts with this, so one invalidation refreshes them all. */
export const batchesKey = ['batches'] as const;

const PAGE_SIZE = 10;

function anyRunning(data: InfiniteData<BatchPage> | undefined): boolean {
  return data?.pages.some((page) => page.batches.some((batch) => batch.status === 'running')) ?? false;
}

/** GET /api/batches: the user's batches newest first, ten at a time; asked again each second while one runs. */
export function batchesQueryOptions() {
  return infiniteQueryOptions({
    queryKey: [...batchesKey, 'list'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/batches', { params: { query: { limit: PAGE_SIZE, ...(pageParam !== null && { cursor: pageParam }) } }, signal }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    refetchInterval: (query) => (anyRunning(query.state.data) ? 1_000 : false),
  });
}

export function useBatches() {
  return useInfiniteQuery(batchesQueryOptions());
}
