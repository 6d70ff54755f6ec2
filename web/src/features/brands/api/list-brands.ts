import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { allBrandsKey, brandsKey } from './keys.ts';

export { brandsKey } from './keys.ts';

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

/** Every brand, archived ones too (kept for the jobs made with them): the Brands page lists them all. */
export function allBrandsQueryOptions() {
  return queryOptions({
    queryKey: allBrandsKey,
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET('/api/brands', { params: { query: { include_archived: 'true' } }, signal }))).brands,
  });
}

export function useAllBrands() {
  return useQuery(allBrandsQueryOptions());
}
