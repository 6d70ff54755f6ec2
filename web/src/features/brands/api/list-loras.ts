import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandLorasKey } from './keys.ts';

/** GET /api/brands/{id}/loras: the brand's LoRA library, with where each LoRA can be used. */
export function brandLorasQueryOptions(brandId: string) {
  return queryOptions({
    queryKey: brandLorasKey(brandId),
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/brands/{id}/loras', { params: { path: { id: brandId } }, signal }))).loras,
    staleTime: 30_000,
  });
}

export function useBrandLoras(brandId: string) {
  return useQuery(brandLorasQueryOptions(brandId));
}
