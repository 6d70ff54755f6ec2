import { unwrap, type Batch } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { api } from '../../../api/client.ts';
import { useFollowBatch } from './follow-batch.ts';
import { batchesKey } from './list-batches.ts';

const batchKey = (id: string) => [...batchesKey, 'detail', id] as const;

/** GET /api/batches/{id}: one batch with its jobs' progress and thumbnails. */
export function batchQueryOptions(id: string) {
  return queryOptions({
    queryKey: batchKey(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/batches/{id}', { params: { path: { id } }, signal })),
  });
}

const batchQueryKey = (id: string) => batchQueryOptions(id).queryKey;

/** How often a running batch is asked for again when no stream place is free for it. */
const POLL_INTERVAL_MILLISECONDS = 2_000;

/**
 * A batch as the list gave it, kept current by its event stream while it runs: only a running batch is followed, not
 * the whole list with every job of every batch on it. Past the app's stream places it is polled instead.
 */
export function useLiveBatch(listed: Batch) {
  // Read when the query next decides whether to poll, which is after this render has learnt whether the batch streams.
  const streaming = useRef(false);
  const query = useQuery({
    ...batchQueryOptions(listed.id),
    initialData: listed,
    refetchInterval: (current) => (current.state.data?.status === 'running' && !streaming.current ? POLL_INTERVAL_MILLISECONDS : false),
  });
  streaming.current = useFollowBatch({ batchId: listed.id, running: query.data.status === 'running', keyOf: batchQueryKey });
  return query;
}
