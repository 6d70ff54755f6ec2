import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { trainersKey } from './keys.ts';

/** GET /api/trainers: who can train here, with the price table's estimate for a default run. */
export function trainersQueryOptions() {
  return queryOptions({
    queryKey: trainersKey,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/trainers', { signal }))).trainers,
    staleTime: 60_000,
  });
}

export function useTrainers() {
  return useQuery(trainersQueryOptions());
}
