import { unwrap, type BrandVersion } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandVersionsKey } from './keys.ts';

/** GET /api/brands/{id}/versions: every version of a brand, newest first, each with its whole kit. */
export const brandVersionsQueryOptions = (brandId: string) =>
  queryOptions({
    queryKey: brandVersionsKey(brandId),
    queryFn: async ({ signal }): Promise<BrandVersion[]> =>
      (await unwrap(api.GET('/api/brands/{id}/versions', { params: { path: { id: brandId } }, signal }))).versions,
  });

export function useBrandVersions(brandId: string) {
  return useQuery(brandVersionsQueryOptions(brandId));
}
