import { unwrap, type Batch } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { batchesKey } from './list-batches.ts';

const batchKey = (id: string) => [...batchesKey, 'detail', id] as const;

/** GET /api/batches/{id}: one batch with its jobs' progress and thumbnails. */
export function batchQueryOptions(id: string) {
  return queryOptions({
    queryKey: batchKey(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/batches/{id}', { params: { path: { id } }, signal })),
  });
}

/**
 * A batch as the list gave it, then asked for again each second while it runs: only the running batch is followed,
 * not the whole list with every job of every batch on it.
 */
export function useLiveBatch(listed: Batch) {
  return useQuery({
    ...batchQueryOptions(listed.id),
    initialData: listed,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1_000 : false),
  });
}
