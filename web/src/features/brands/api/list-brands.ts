import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

export const brandsKey = ['brands'] as const;

/** The brands jobs can be made with, the default first (archived ones take no new jobs and are left out). */
export function brandsQueryOptions() {
  return queryOptions({
    queryKey: brandsKey,
    queryFn: ({ signal }) => unwrap(api.GET('/api/brands', { params: { query: {} }, signal })),
    staleTime: 60_000,
  });
}

export function useBrands() {
  return useQuery(brandsQueryOptions());
}
